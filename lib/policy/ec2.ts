/** EC2 hosts: an instance may take its settings from a launch template of the same stack. */
import { block, type Entry, parseReference, type StackView } from './stack';

export type TemplateOf =
  | { readonly kind: 'none' }
  | { readonly kind: 'found'; readonly template: Entry }
  | { readonly kind: 'elsewhere'; readonly value: string };

/** The launch template an `aws_instance` is launched from, if any, resolved in the stack. */
export function launchTemplateOf(stack: StackView, instance: Entry): TemplateOf {
  const spec = block(instance.body.launch_template);
  const value = spec.id ?? spec.name;
  if (value === undefined || value === null) return { kind: 'none' };
  const ref = parseReference(value);
  const template =
    ref && ref.type === 'aws_launch_template' && !ref.data
      ? stack.lookup(ref)
      : stack.resources('aws_launch_template').find((t) => t.body.name === value);
  return template ? { kind: 'found', template } : { kind: 'elsewhere', value: String(value) };
}
