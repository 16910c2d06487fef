import { launchTemplateOf } from '../ec2';
import { type Body, block } from '../stack';
import type { Rule, Violation } from '../types';

/** IMDSv2 only (session tokens required), or no metadata service at all. */
function requiresTokens(options: Body): boolean {
  return options.http_tokens === 'required' || options.http_endpoint === 'disabled';
}

export const ec2Imdsv2: Rule = {
  id: 'LDM-EC2-001',
  title: 'EC2 hosts require IMDSv2',
  reason:
    "IMDSv1 hands the instance role's credentials to any SSRF or proxy on the host; IMDSv2 needs a session token.",
  severity: 'error',
  fix: 'Set metadata_options { http_tokens = "required" } on the launch template or instance.',
  checkov: ['CKV_AWS_79'],
  cdkNag: ['EC2IMDSv2Enabled'],
  check: (stack) => [
    ...stack
      .resources('aws_launch_template')
      .filter((t) => !requiresTokens(block(t.body.metadata_options)))
      .map((t) => ({ resource: t.address, detail: 'http_tokens is not required' })),
    ...stack.resources('aws_instance').flatMap((instance): Violation[] => {
      if (instance.body.metadata_options !== undefined && instance.body.metadata_options !== null)
        return requiresTokens(block(instance.body.metadata_options))
          ? []
          : [{ resource: instance.address, detail: 'http_tokens is not required' }];
      const template = launchTemplateOf(stack, instance);
      if (template.kind === 'found') return []; // judged on the template itself
      if (template.kind === 'elsewhere')
        return [
          {
            resource: instance.address,
            detail: `cannot verify the launch template ${template.value}`,
            severity: 'warning',
          },
        ];
      return [{ resource: instance.address, detail: 'no metadata_options (IMDSv1 allowed)' }];
    }),
  ],
};
