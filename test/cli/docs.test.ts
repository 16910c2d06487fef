/** The documentation cannot rot: every command it shows exists, and generated parts are fresh. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ports } from '../../lib/core/ports';
import { runEntry } from '../support/cli';
import { ROOT } from '../support/synth';

const documents = [
  'README.md',
  'help',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const scripts = Object.keys(
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as object,
);

describe('documentation', () => {
  test.each(documents)('every `npm run <script>` in %s exists in package.json', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    const used = [...text.matchAll(/npm run ([a-z][a-z0-9:-]*)/g)].map((m) => m[1]!);
    expect(used.filter((s) => !scripts.includes(s))).toEqual([]);
  });

  test('every npm script is documented in help', () => {
    const help = readFileSync(join(ROOT, 'help'), 'utf8');
    const undocumented = scripts.filter(
      (s) =>
        !['format'].includes(s) &&
        !help.includes(`npm run ${s}`) &&
        !(s === 'test' && help.includes('npm test')),
    );
    expect(undocumented).toEqual([]);
  });

  test('the stack diagram in docs/architecture.md is generated from the current code', () => {
    const run = runEntry('lib/cli/graph.ts', ['--check']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});

test('docs/network-requirements.md lists every port of the catalogue', () => {
  const text = readFileSync(join(ROOT, 'docs', 'network-requirements.md'), 'utf8');
  const missing = Object.values(Ports)
    .map((p) => String(p.port))
    .filter((port) => !new RegExp(`\\b${port}\\b`).test(text));
  expect(missing).toEqual([]);
});

describe('the GitHub Actions workflows in docs/gitops.md', () => {
  /** Each ```yaml block that starts with `# .github/workflows/<file>`. */
  const workflows = [
    ...readFileSync(join(ROOT, 'docs', 'gitops.md'), 'utf8').matchAll(
      /^```yaml\n# (\.github\/workflows\/[\w.-]+\.ya?ml)[^\n]*\n([\s\S]*?)^```$/gm,
    ),
  ].map((m) => ({ file: m[1]!, text: m[2]! }));

  test('are there: the pipeline, the plan and the apply workflow', () => {
    expect(workflows.map((w) => w.file)).toEqual([
      '.github/workflows/landing-zone.yml',
      '.github/workflows/ldm-plan.yml',
      '.github/workflows/ldm-apply.yml',
    ]);
  });

  test.each(workflows.map((w) => [w.file, w] as const))(
    '%s passes action-validator (the workflow schema)',
    (_file, workflow) => {
      const path = join(mkdtempSync(join(tmpdir(), 'ldm-workflow-')), 'workflow.yml');
      writeFileSync(path, workflow.text);
      const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'action-validator'), [path], {
        encoding: 'utf8',
      });
      expect({ code: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({
        code: 0,
        output: '',
      });
    },
  );

  test('a workflow with a mistake fails it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ldm-workflow-')), 'workflow.yml');
    writeFileSync(path, workflows[0]!.text.replace(/^( +)runs-on:/m, '$1runs_on:'));
    const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'action-validator'), [path], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toContain(
      "Additional property 'runs_on' is not allowed",
    );
  });
});
