/**
 * `npm run graph`: regenerates the stack diagram in docs/architecture.md from a synth of
 * config/example.yaml. `--check` only compares, and exits 1 when the committed diagram is stale.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { replaceMarked, stackDiagram } from '../docs/graph';
import { readSynth } from '../app/synth-output';
import { UserError } from '../core/errors';
import { runCli } from '../app/run-cli';

const ROOT = resolve(__dirname, '..', '..');
const DOC = join(ROOT, 'docs', 'architecture.md');

void runCli(() => {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const outdir = mkdtempSync(join(tmpdir(), 'ldm-graph-'));
  try {
    const synth = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        LDM_CONFIG: join(ROOT, 'config', 'example.yaml'),
        CDKTF_OUTDIR: outdir,
      },
      encoding: 'utf8',
    });
    if (synth.status !== 0)
      throw new UserError([synth.stderr.trim()], 'Synth of config/example.yaml failed');
    const stacks = readSynth(outdir).map((s) => ({
      id: s.id,
      dependencies: s.dependencies,
      json: JSON.parse(readFileSync(join(s.dir, 'cdk.tf.json'), 'utf8')),
    }));
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
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
