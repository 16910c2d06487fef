/**
 * Every command, fed malformed arguments, files, folders and disk states: each run must exit 1
 * with one line per problem (`error: <title>` and `  - <problem>` lines, nothing else), print no
 * stack trace, and leave what the workspace already held (a synth with saved plans, a rendered host
 * configuration, the config) exactly as it was.
 *
 * The commands run in-process (their `main` through `runCli`, as their files do), from a workspace
 * folder, so a hundred cases take seconds; a few run as child processes too, to check the process
 * edge itself (exit code, stderr).
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCli } from '../../lib/app/run-cli';
import { sha256 } from '../../lib/core/digest';
import * as apply from '../../lib/cli/apply';
import * as bench from '../../lib/cli/bench';
import * as bootstrap from '../../lib/cli/bootstrap';
import * as digest from '../../lib/cli/digest';
import * as graph from '../../lib/cli/graph';
import * as hostConfig from '../../lib/cli/host-config';
import * as planSummary from '../../lib/cli/plan-summary';
import * as plan from '../../lib/cli/plan';
import * as policy from '../../lib/cli/policy';
import * as rollout from '../../lib/cli/rollout';
import * as synth from '../../lib/cli/synth';
import { runEntry } from '../support/cli';
import { fakeEnv, PLAN_FIXTURES, workspace } from '../support/fake-terraform';
import { ROOT } from '../support/synth';

jest.setTimeout(5 * 60_000);

type Main = (argv: readonly string[], env: NodeJS.ProcessEnv) => unknown;

/**
 * Every npm script's entry point (lib/cli/*.ts), run in-process; a new one fails the coverage test
 * below. access and docs-config load prettier, whose dynamic imports jest cannot run: they run as
 * child processes (`CHILD_ONLY`).
 */
const CHILD_ONLY = ['access.ts', 'docs-config.ts'];
const ENTRIES: Record<string, Main> = {
  'apply.ts': apply.main,
  'bench.ts': bench.main,
  'bootstrap.ts': bootstrap.main,
  'digest.ts': digest.main,
  'graph.ts': graph.main,
  'host-config.ts': hostConfig.main,
  'plan-summary.ts': (argv) => planSummary.main(argv),
  'plan.ts': plan.main,
  'policy.ts': policy.main,
  'rollout.ts': rollout.main,
  'synth.ts': synth.main,
};

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one command's main as its file does (through runCli), capturing its output. */
async function invoke(main: Main, argv: string[], env: NodeJS.ProcessEnv): Promise<Result> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      stdout.push(String(chunk));
      return true;
    }),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      stderr.push(String(chunk));
      return true;
    }),
  ];
  process.exitCode = 0;
  try {
    await runCli(() => main(argv, env) as void);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** Every file under `dir` (but the fake's log and the terraform CLI config cache), by path. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const rel = relative(dir, path);
      if (rel === 'terraform.log' || rel === '.cache') continue;
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(path);
      else files[rel] = stat ? sha256(readFileSync(path)) : '(dangling link)';
    }
  };
  walk(dir);
  return files;
}

const hostile = mkdtempSync(join(tmpdir(), 'ldm-fuzz-files-'));
/** A file of hostile content, outside the workspace. */
function file(name: string, content: string | Buffer): string {
  const path = join(hostile, name);
  writeFileSync(path, content);
  return path;
}
function folder(name: string, files: Record<string, string> = {}): string {
  const path = join(hostile, name);
  mkdirSync(path, { recursive: true });
  for (const [f, content] of Object.entries(files)) writeFileSync(join(path, f), content);
  return path;
}

const fifo = join(hostile, 'fifo.yaml');
execFileSync('mkfifo', [fifo]);
const planJson = (edit: (plan: any) => void) => {
  const plan = JSON.parse(readFileSync(join(PLAN_FIXTURES, 'replace-bucket.json'), 'utf8'));
  edit(plan);
  return JSON.stringify(plan);
};

/** YAML files that are not an environments file, in every way the edge must survive. */
const BAD_CONFIGS: Record<string, string> = {
  missing: join(hostile, 'no-such.yaml'),
  folder: folder('config-folder.yaml'),
  fifo,
  device: '/dev/zero',
  binary: file('binary.yaml', Buffer.from([0, 159, 146, 150, 255, 254, 0, 1, 10, 13])),
  truncated: file('truncated.yaml', 'environments:\n  - name: [dev\n'),
  aliasBomb: file(
    'bomb.yaml',
    [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefg'
        .split('')
        .map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdef'[i]}`).join(',')}]`),
    ].join('\n'),
  ),
  cycle: file('cycle.yaml', 'environments: &e [*e]\n'),
  hugeNumber: file('huge.yaml', 'environments:\n  - name: dev\n    wave: 1e400\n'),
  proto: file('proto.yaml', 'tags: { __proto__: x }\nenvironments: []\n'),
  notMapping: file('list.yaml', '- a\n- b\n'),
  hostileStrings: file(
    'hostile.yaml',
    'tags: { "aws:x": "${file(\\"/etc/hostname\\")}", "a\\u202eb": "\\u0000" }\nenvironments: []\n',
  ),
};

interface Case {
  readonly entry: string;
  readonly argv: string[];
  readonly env?: Record<string, string | undefined>;
}

function cases(): Case[] {
  const all: Case[] = [];
  const add = (entry: string, argv: string[], env?: Case['env']) => all.push({ entry, argv, env });
  // Malformed arguments, for every command.
  for (const entry of Object.keys(ENTRIES)) {
    add(entry, ['--no-such-flag']);
    add(entry, ['--\u202eenv\u0000', '\u001b[31mred']);
  }
  add('digest.ts', ['--write', '--check']);
  // Every command that reads the config, with each bad config.
  const readers: [string, string[]][] = [
    ['synth.ts', []],
    ['plan.ts', ['--mock-aws']],
    ['rollout.ts', []],
    ['policy.ts', []],
    ['bootstrap.ts', ['--mock-aws']],
    [
      'host-config.ts',
      ['--env', 'sandbox', '--outputs-dir', join(ROOT, 'test/fixtures/host-config/outputs')],
    ],
  ];
  for (const [entry, argv] of readers) {
    for (const path of Object.values(BAD_CONFIGS)) add(entry, argv, { LDM_CONFIG: path });
  }
  add('policy.ts', ['--config', '']);
  // Where a synth would go.
  const otherFiles = folder('my-documents', { 'thesis.tex': 'years of work' });
  for (const outdir of [
    join(hostile, 'missing-parent', 'cdktf.out'),
    file('outdir-file', 'a file'),
    otherFiles,
    '.',
    '/',
    '/proc/ldm-cdktf.out',
  ]) {
    add('synth.ts', [], { CDKTF_OUTDIR: outdir });
    add('plan.ts', ['--mock-aws'], { CDKTF_OUTDIR: outdir });
  }
  // plan: selections and terraform binaries that cannot work.
  add('plan.ts', ['--env', 'sandbx']);
  add('plan.ts', ['--stack', 'sandbox-vpc']);
  add('plan.ts', ['--env', 'sandbox', '--stack', 'sandbox-network']);
  add('plan.ts', ['--allow-destroy', 'bucket']);
  add('plan.ts', ['--env']);
  for (const binary of ['/bin/true', '/bin/false', join(hostile, 'no-terraform'), hostile]) {
    add('plan.ts', [], { TERRAFORM_BINARY: binary });
    add('apply.ts', [], { TERRAFORM_BINARY: binary });
  }
  // apply: synth folders that are not what plan leaves.
  const manifest = (name: string, content: string) => folder(name, { 'manifest.json': content });
  for (const outdir of [
    folder('empty-synth'),
    manifest('truncated-manifest', '{"stacks": {"sandbox-network": {"name"'),
    manifest('array-manifest', '[]'),
    manifest('null-stacks', '{"stacks": null}'),
    manifest(
      'escaping-manifest',
      JSON.stringify({
        stacks: {
          x: { name: 'x', workingDirectory: '../../../etc', synthesizedStackPath: 'x/cdk.tf.json' },
        },
      }),
    ),
    manifest(
      'missing-stack-file',
      JSON.stringify({
        stacks: {
          x: {
            name: 'x-network',
            workingDirectory: 'stacks/x',
            synthesizedStackPath: 'stacks/x/cdk.tf.json',
          },
        },
      }),
    ),
    fifo,
  ]) {
    add('apply.ts', [], { CDKTF_OUTDIR: outdir });
    add('policy.ts', ['--outdir', outdir]);
  }
  add('apply.ts', ['--env', 'sandbx']);
  add('apply.ts', ['--stack']);
  // plan:summary: whatever is given as a plan, and where the summary goes.
  const valid = join(PLAN_FIXTURES, 'create-only.json');
  for (const argv of [
    [],
    [hostile],
    [join(hostile, 'nope.json')],
    [fifo],
    ['/dev/zero'],
    [file('not-json.json', '{"format_version": "1.2", "resource_changes": [')],
    [file('state.json', JSON.stringify({ version: 4, resources: [] }))],
    [
      file(
        'no-change.json',
        planJson((p) => delete p.resource_changes[0].change),
      ),
    ],
    [
      file(
        'no-mode.json',
        planJson((p) => delete p.resource_changes[0].mode),
      ),
    ],
    [
      file(
        'odd-action.json',
        planJson((p) => (p.resource_changes[0].change.actions = ['nuke'])),
      ),
    ],
    [
      file(
        'changes-object.json',
        planJson((p) => (p.resource_changes = { a: 1 })),
      ),
    ],
    [valid, '--out', ''],
    [valid, '--out', hostile],
    [valid, '--out', join(hostile, 'missing', 'summary.md')],
    [valid, '--out', '/proc/ldm/summary.md'],
    [valid, '--allow-destroy', '${file("/etc/hostname")}'],
  ]) {
    add('plan-summary.ts', argv);
  }
  // host-config: outputs folders and --out folders of every wrong kind.
  const outputs = join(ROOT, 'test/fixtures/host-config/outputs');
  const hc = (...argv: string[]) => add('host-config.ts', ['--env', 'sandbox', ...argv]);
  hc();
  hc('--outputs-dir', join(hostile, 'no-outputs'));
  hc('--outputs-dir', file('outputs-file', '{}'));
  hc(
    '--outputs-dir',
    folder('garbage-outputs', { 'sandbox-catalog.json': '{"database_names": 5}' }),
  );
  hc('--outputs-dir', outputs, '--out', file('out-file', 'mine'));
  hc('--outputs-dir', outputs, '--out', '/proc/x');
  hc('--outputs-dir', outputs, '--out', otherFiles);
  hc('--outputs-dir', outputs, '--out', join(hostile, 'a', 'b', 'c'));
  hc('--outputs-dir', outputs, '--out', '');
  hc('--outputs-dir', outputs, '--json', '--out', join(hostile, 'json-out'));
  add('host-config.ts', ['--env', '', '--outputs-dir', outputs]);
  add('host-config.ts', ['--env', 'prod', '--outputs-dir', outputs]);
  // The rest.
  add('rollout.ts', ['--wave', 'x']);
  add('rollout.ts', ['--wave', '1e400']);
  add('rollout.ts', ['--json', '--gitlab', 'x.yml']);
  add('bootstrap.ts', []);
  add('bootstrap.ts', ['--apply', '--mock-aws']);
  add('bootstrap.ts', ['--apply'], { CDKTF_OUTDIR: join(hostile, 'no-synth') });
  add('bootstrap.ts', ['--allow-destroy', 'x y']);
  add('policy.ts', ['--report', '/proc/ldm/report.json', '--outdir', join(hostile, 'no-synth')]);
  // A recursive mkdir under /proc never returns: the report's folder must fail, at once.
  add('policy.ts', ['--report', '/proc/ldm/report.json']);
  add('bench.ts', ['--sizes', 'x']);
  add('bench.ts', ['--runs', '0']);
  return all;
}

describe('every command, fed malformed input', () => {
  const dir = workspace('ldm-fuzz-');
  const cwd = process.cwd();
  let baseline: Record<string, string>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = { ...process.env, ...fakeEnv(dir) };
    process.chdir(dir);
    // What the workspace holds before: a synth with saved plans, and a rendered host configuration.
    for (const [main, argv] of [
      [plan.main, []],
      [
        hostConfig.main,
        [
          '--env',
          'sandbox',
          '--outputs-dir',
          join(ROOT, 'test/fixtures/host-config/outputs'),
          '--out',
          'host',
        ],
      ],
    ] as const) {
      const result = await invoke(main, [...argv], env);
      expect({ argv, code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
    }
    baseline = snapshot(dir);
    expect(Object.keys(baseline)).toEqual(
      expect.arrayContaining([
        'cdktf.out/stacks/sandbox-storage/plan.tfplan',
        'host/ldm-cli.script',
      ]),
    );
  });
  afterAll(() => process.chdir(cwd));

  test('covers every entry point in lib/cli', () => {
    expect([...Object.keys(ENTRIES), ...CHILD_ONLY].sort()).toEqual(
      readdirSync(join(ROOT, 'lib', 'cli'))
        .filter((f) => f.endsWith('.ts'))
        .sort(),
    );
  });

  test.each(cases().map((c) => [c.entry, JSON.stringify(c.argv), JSON.stringify(c.env ?? {}), c]))(
    '%s %s %s: exit 1, one line per problem, nothing changed',
    async (_entry, _argv, _env, c) => {
      const result = await invoke(ENTRIES[c.entry]!, c.argv, { ...env, ...c.env });
      const lines = result.stderr.split('\n').filter(Boolean);
      expect({ code: result.code, stderr: result.stderr }).toEqual({
        code: 1,
        stderr: result.stderr,
      });
      expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
      expect(lines[0]).toMatch(/^error: /);
      for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}- /);
      // Nothing a terminal would act on reaches it.
      expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202a-\u202e\u2066-\u2069]/);
      expect(snapshot(dir)).toEqual(baseline);
      expect(readdirSync(dir).filter((f) => /\.(staging|previous)/.test(f))).toEqual([]);
    },
  );
});

describe('the process edge, as a user runs it', () => {
  const check = (run: ReturnType<typeof runEntry>) => {
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(run.stderr.split('\n').filter(Boolean)[0]).toMatch(/^error: /);
  };

  test('a YAML alias bomb', () => {
    check(
      runEntry('main.ts', [], {
        env: { LDM_CONFIG: BAD_CONFIGS.aliasBomb, CDKTF_OUTDIR: join(hostile, 'out') },
      }),
    );
  });

  test('host-config --out /proc/x ends at once', () => {
    const started = Date.now();
    check(
      runEntry('lib/cli/host-config.ts', [
        '--env',
        'sandbox',
        '--outputs-dir',
        join(ROOT, 'test/fixtures/host-config/outputs'),
        '--out',
        '/proc/x',
      ]),
    );
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  test('plan:summary on a folder, and with --out where nothing can be written', () => {
    check(runEntry('lib/cli/plan-summary.ts', [hostile]));
    check(
      runEntry('lib/cli/plan-summary.ts', [join(PLAN_FIXTURES, 'update.json'), '--out', hostile]),
    );
  });

  test('docs:config with malformed flags and a --file that is a device or a folder', () => {
    for (const argv of [
      ['--no-such-flag'],
      ['--check', '--file', '/dev/zero'],
      ['--check', '--file', hostile],
    ]) {
      check(runEntry('lib/cli/docs-config.ts', argv));
    }
  });

  test('access with malformed flags, a bad config and a --out it cannot write', () => {
    for (const [argv, env] of [
      [['--no-such-flag'], {}],
      [['--check'], {}],
      [['--env', 'no-such-env'], {}],
      [[], { LDM_CONFIG: BAD_CONFIGS.device! }],
      [['--out', '/proc/ldm/access.md'], {}],
      [['--check', '--out', hostile], {}],
    ] as [string[], NodeJS.ProcessEnv][]) {
      check(runEntry('lib/cli/access.ts', argv, { env }));
    }
  });

  test('plan with TERRAFORM_BINARY=/bin/true', () => {
    const dir = workspace();
    check(runEntry('lib/cli/plan.ts', [], { cwd: dir, env: { TERRAFORM_BINARY: '/bin/true' } }));
    expect(readdirSync(dir)).toEqual(['config']);
  });
});
