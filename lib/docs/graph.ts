/**
 * The stack diagram of docs/architecture.md, generated from a synth (`npm run graph`) so it cannot
 * drift: one node per stack of an environment, one edge per dependency, labelled with the values
 * that cross it (read from the consumer's terraform_remote_state references and the producer's
 * cross-stack outputs).
 */

import type { SynthesizedStack as Synthesized } from '../app/synth-output';
import { jsonStrings, templateExpressions } from '../core/literal';

/** What the diagram reads of a synthesized stack. */
export type SynthesizedStack = Pick<Synthesized, 'id' | 'dependencies' | 'json'>;

const REMOTE_REF =
  /data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9-]+)\.outputs\.([A-Za-z0-9_.-]+?)(?=[^A-Za-z0-9_.-]|$)/g;
const RESOURCE_REF = /\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)/;

/** `producer -> consumer -> [labels]`: what each consumer reads from each producer. */
export function crossStackValues(
  stacks: readonly SynthesizedStack[],
): Map<string, Map<string, Set<string>>> {
  const byId = new Map(stacks.map((s) => [s.id, s]));
  const flows = new Map<string, Map<string, Set<string>>>();
  for (const consumer of stacks) {
    // References where Terraform evaluates them, never literal text that spells one.
    const text = jsonStrings([consumer.json.resource ?? {}, consumer.json.output ?? {}])
      .flatMap(templateExpressions)
      .join('\n');
    for (const [, producerId, outputName] of text.matchAll(REMOTE_REF)) {
      const producer = byId.get(producerId!);
      const value = producer?.json.output?.[outputName!]?.value;
      const match = typeof value === 'string' ? RESOURCE_REF.exec(value) : null;
      const label = match ? `${match[1]}.${match[2]}.${match[3]}` : outputName!;
      const perConsumer = flows.get(producerId!) ?? new Map<string, Set<string>>();
      const labels = perConsumer.get(consumer.id) ?? new Set<string>();
      labels.add(label);
      perConsumer.set(consumer.id, labels);
      flows.set(producerId!, perConsumer);
    }
  }
  return flows;
}

function nodeId(stackId: string): string {
  return stackId.replace(/[^A-Za-z0-9]/g, '_');
}

/** A Mermaid flowchart of one environment's stacks and the values flowing between them. */
export function stackDiagram(stacks: readonly SynthesizedStack[], hostConfigFrom: string): string {
  const flows = crossStackValues(stacks);
  const lines = ['flowchart LR'];
  for (const stack of stacks) {
    const resources = Object.values(stack.json.resource ?? {}).reduce(
      (n, byName) => n + Object.keys(byName).length,
      0,
    );
    lines.push(`  ${nodeId(stack.id)}["${stack.id}<br/>${resources} resources"]`);
  }
  for (const consumer of stacks) {
    for (const producerId of [...consumer.dependencies].sort()) {
      const labels = [...(flows.get(producerId)?.get(consumer.id) ?? [])].sort();
      const label = labels.length > 0 ? `|"${labels.join('<br/>')}"|` : '|order only|';
      lines.push(`  ${nodeId(producerId)} -->${label} ${nodeId(consumer.id)}`);
    }
  }
  lines.push(`  host[("migrator host<br/>LDM CLI scripts, JSON, preflight")]`);
  lines.push(`  ${nodeId(hostConfigFrom)} -->|"SSM parameters, or npm run host-config"| host`);
  return lines.join('\n');
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceMarked(document: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = document.indexOf(start);
  const j = document.indexOf(end);
  if (i < 0 || j < i) throw new Error(`markers ${start} ... ${end} not found`);
  return `${document.slice(0, i + start.length)}\n\n${content}\n\n${document.slice(j)}`;
}
