/**
 * `npm run graph`: regenerates the stack diagram in docs/architecture.md from a synth of
 * config/example.yaml. `--check` only compares, and exits 1 when the committed diagram is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceMarked, stackDiagram } from '../docs/graph';
import { loadConfig } from '../app/config';
import { synthesizedStacks } from '../app/synth';
import { UserError } from '../core/errors';
import { parseFlags, runCli } from '../app/run-cli';
import { PROJECT_ROOT } from '../app/paths';

const ROOT = PROJECT_ROOT;
const DOC = join(ROOT, 'docs', 'architecture.md');

export function main(argv: readonly string[], _env: NodeJS.ProcessEnv): void {
  const { values } = parseFlags(argv, { check: { type: 'boolean', default: false } });
  {
    const stacks = synthesizedStacks(loadConfig(join(ROOT, 'config', 'example.yaml')));
    const migrator = stacks.find((s) => s.id.endsWith('-migrator'));
    const diagram =
      '```mermaid\n' +
      stackDiagram(stacks, migrator?.id ?? stacks[stacks.length - 1]!.id) +
      '\n```';
    const current = readFileSync(DOC, 'utf8');
    const next = replaceMarked(current, 'stack-graph', diagram);
    if (values.check) {
      if (next !== current) {
        throw new UserError([
          'docs/architecture.md: the stack diagram is stale; run npm run graph and commit the result',
        ]);
      }
      process.stdout.write('docs/architecture.md: stack diagram is up to date\n');
      return;
    }
    writeFileSync(DOC, next);
    process.stdout.write('docs/architecture.md: stack diagram regenerated\n');
  }
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));
