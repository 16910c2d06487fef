/**
 * `npm run bench`: how long synth takes, and how much memory, from one environment to a hundred,
 * against the stock cdktf way (ts-node + package-root provider imports + `cdktf synth`) measured in
 * the same run. A benchmark, not a test: it prints a table, checks the targets (reported, not
 * asserted) and writes JSON. It works offline, on a fresh clone: the AWS provider for its
 * terraform part comes from wherever the commands find it (lib/gitops/providers.ts).
 *
 *   npm run bench -- [--sizes 1,10,100] [--runs 5] [--skip-cdktf] [--skip-baseline]
 *                    [--skip-terraform] [--profile] [--work .cache/bench]
 *                    [--out <work>/results.json]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SourceMap } from 'node:module';
import {
  checkTargets,
  type Measurement,
  median,
  profileSummary,
  reportTable,
  scaledConfig,
  TOOLS,
  toRootImports,
} from '../app/bench';
import { PROJECT_ROOT } from '../app/paths';
import { readSynth } from '../app/synth-output';
import { parseFlags, runCli } from '../app/run-cli';
import { UserError } from '../core/errors';
import { makeFolders } from '../core/files';
import { checkTerraform, describeSource, terraformSetup } from '../gitops/providers';
import { mapTerraform, terraformConcurrency } from '../gitops/slots';
import { validateStack } from '../gitops/terraform';

const ROOT = PROJECT_ROOT;
const DEFAULT_WORK = join(ROOT, '.cache', 'bench');
/** Where a run keeps its configs, outputs and files (`--work`); set once, by `main`. */
let WORK = DEFAULT_WORK;
const BIN = join(ROOT, 'node_modules', '.bin');
const LAUNCHER = join(ROOT, 'lib', 'app', 'bundle.js');

/** Loaded into every node process of a measured run: appends its peak RSS (KiB) to a file. */
const RSS_PRELOAD = `process.on('exit', () => {
  require('fs').appendFileSync(process.env.LDM_BENCH_RSS_FILE, process.resourceUsage().maxRSS + '\\n');
});\n`;

interface Run {
  readonly wallSeconds: number;
  readonly peakRssMib: number;
}

/** npm as this process was started by (`npm run bench`), or npm on PATH. */
function npmCommand(env: NodeJS.ProcessEnv): [string, string[]] {
  return env.npm_execpath ? [process.execPath, [env.npm_execpath]] : ['npm', []];
}

function measure(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Run {
  const rssFile = join(WORK, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(command, [...args], {
    cwd,
    env: {
      ...env,
      LDM_BENCH_RSS_FILE: rssFile,
      NODE_OPTIONS: `--require ${join(WORK, 'rss-preload.cjs')}`,
      CHECKPOINT_DISABLE: '1',
      CI: '1',
    },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    process.stderr.write(`${result.stderr}${result.stdout}`);
    throw new UserError(
      [`${command} ${args.join(' ')} failed (exit ${result.status}); its output is above`],
      'Benchmark run failed',
    );
  }
  const rssKib = readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map(Number);
  rmSync(rssFile, { force: true });
  return { wallSeconds, peakRssMib: Math.max(...rssKib) / 1024 };
}

/** Stacks and resources of a synth output folder. */
function countOutput(outdir: string): { stacks: number; resources: number } {
  const stacks = readSynth(outdir);
  let resources = 0;
  for (const stack of stacks) {
    for (const byName of Object.values(stack.json.resource ?? {}))
      resources += Object.keys(byName).length;
  }
  return { stacks: stacks.length, resources };
}

/** `runs` measured runs after one that is not measured (caches warm, bundles built). */
function series(
  tool: string,
  environments: number,
  runs: number,
  once: (outdir: string) => Run,
): Measurement {
  const outdir = join(WORK, 'out', `${environments}-${tool.replace(/[^a-z0-9]+/gi, '-')}`);
  makeFolders(dirname(outdir));
  const results: Run[] = [];
  for (let i = 0; i <= runs; i++) {
    rmSync(outdir, { recursive: true, force: true });
    const run = once(outdir);
    if (i === 0) continue;
    results.push(run);
    process.stderr.write(
      `  ${tool}, ${environments} env: run ${i}/${runs} ${run.wallSeconds.toFixed(2)} s\n`,
    );
  }
  const { stacks, resources } = countOutput(outdir);
  return {
    tool,
    environments,
    stacks,
    resources,
    wallSeconds: results.map((r) => r.wallSeconds),
    peakRssMib: results.map((r) => r.peakRssMib),
  };
}

/** A copy of the app made the stock way, for the baseline. */
function stockProject(): string {
  // Inside the project, whatever --work says: the copy needs the project's node_modules.
  const dir = join(DEFAULT_WORK, 'stock');
  rmSync(dir, { recursive: true, force: true });
  const copy = (from: string) => {
    for (const entry of readdirSync(join(ROOT, from), { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const source = join(entry.parentPath, entry.name);
      const target = join(dir, source.slice(ROOT.length + 1));
      mkdirSync(dirname(target), { recursive: true });
      const text = readFileSync(source, 'utf8');
      writeFileSync(target, source.endsWith('.ts') ? toRootImports(text) : text);
    }
  };
  ['lib', 'stacks', 'config'].forEach(copy);
  writeFileSync(join(dir, 'main.ts'), toRootImports(readFileSync(join(ROOT, 'main.ts'), 'utf8')));
  const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: Record<string, unknown>;
    include: string[];
  };
  tsconfig.compilerOptions.isolatedModules = false;
  tsconfig.compilerOptions.types = ['node'];
  tsconfig.include = ['main.ts', 'lib/**/*.ts', 'stacks/**/*.ts'];
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  writeFileSync(
    join(dir, 'cdktf.json'),
    JSON.stringify({ language: 'typescript', app: 'npx ts-node main.ts' }),
  );
  return dir;
}

/**
 * What one stack costs terraform: `terraform init` and `terraform validate` of the example's
 * network stack, offline, with the provider found as the commands find it. Every terraform command
 * that loads the AWS provider (validate, plan, show, test) costs about what validate does.
 */
async function terraformSeconds(env: NodeJS.ProcessEnv) {
  const binary = env.TERRAFORM_BINARY || 'terraform';
  checkTerraform(binary, env, Boolean(env.TERRAFORM_BINARY));
  const setup = await terraformSetup({
    env,
    workDir: join(WORK, 'terraform'),
    overrides: {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_PROFILE: undefined,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  const outdir = join(WORK, 'out', 'terraform');
  rmSync(outdir, { recursive: true, force: true });
  makeFolders(dirname(outdir));
  measure(process.execPath, [LAUNCHER, 'main.ts', '--quiet'], ROOT, {
    ...env,
    CDKTF_OUTDIR: outdir,
    LDM_CONFIG: join(ROOT, 'config', 'example.yaml'),
  });
  const stack = readSynth(outdir).find((s) => s.id.endsWith('-network'))!;
  const [result] = await mapTerraform([stack], (s) =>
    validateStack(s, setup.env, binary, setup.source),
  );
  if (!result!.ok)
    throw new UserError([`${result!.stack}: ${result!.log}`], 'terraform validate failed');
  return {
    stack: stack.id,
    initSeconds: result!.initSeconds,
    validateSeconds: result!.seconds - result!.initSeconds,
    concurrency: terraformConcurrency(),
    provider: describeSource(setup.source),
  };
}

/**
 * One synth of the largest size under the V8 profiler, in one process (LDM_SYNTH_PROCESSES=1: a
 * profile of the work, not of the split), its samples attributed to the sources the bundle came
 * from (its source map): where the time goes.
 */
function profile(configFile: string, env: NodeJS.ProcessEnv) {
  const dir = join(WORK, 'profile');
  rmSync(dir, { recursive: true, force: true });
  makeFolders(dir);
  const outdir = join(WORK, 'out', 'profile');
  rmSync(outdir, { recursive: true, force: true });
  const result = spawnSync(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, LAUNCHER, 'main.ts', '--quiet'],
    {
      cwd: ROOT,
      env: { ...env, LDM_CONFIG: configFile, CDKTF_OUTDIR: outdir, LDM_SYNTH_PROCESSES: '1' },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    throw new UserError(['the profiled synth failed; its output is above'], 'Benchmark run failed');
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new UserError([`${dir}: node wrote no profile`], 'Benchmark run failed');
  const bundles = join(ROOT, '.cache', 'bundles');
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (url: string) => {
    const path = url.replace(/^file:\/\//, '');
    if (!path.startsWith(bundles)) return undefined;
    if (!maps.has(path)) {
      try {
        maps.set(path, new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))));
      } catch {
        maps.set(path, undefined);
      }
    }
    return maps.get(path);
  };
  return profileSummary(
    JSON.parse(readFileSync(join(dir, file), 'utf8')),
    (url, line, column) => {
      const entry = mapOf(url)?.findEntry(line, column) as { originalSource?: string } | undefined;
      return entry?.originalSource ? resolve(bundles, entry.originalSource) : url;
    },
    ROOT,
  );
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { values } = parseFlags(argv, {
    sizes: { type: 'string', default: '1,10,100' },
    runs: { type: 'string', default: '5' },
    'skip-cdktf': { type: 'boolean', default: false },
    'skip-baseline': { type: 'boolean', default: false },
    'skip-terraform': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    out: { type: 'string' },
    work: { type: 'string', default: DEFAULT_WORK },
  });
  const sizes = values.sizes.split(',').map(Number);
  const runs = Number(values.runs);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) {
    throw new UserError([
      `--sizes ${values.sizes} --runs ${values.runs}: expected whole numbers from 1, e.g. --sizes 1,10,100 --runs 5`,
    ]);
  }
  WORK = resolve(values.work);
  makeFolders(WORK);
  writeFileSync(join(WORK, 'rss-preload.cjs'), RSS_PRELOAD);
  const example = readFileSync(join(ROOT, 'config', 'example.yaml'), 'utf8');
  const base = { ...env, LDM_CONFIG: undefined, CDKTF_OUTDIR: undefined };
  const [npm, npmArgs] = npmCommand(env);
  const measurements: Measurement[] = [];
  const loadBefore = loadavg()[0]!;

  for (const size of sizes) {
    const configFile = join(WORK, `config-${size}.yaml`);
    writeFileSync(configFile, scaledConfig(example, size));
    const synthEnv = (outdir: string) => ({
      ...base,
      LDM_CONFIG: configFile,
      CDKTF_OUTDIR: outdir,
    });
    measurements.push(
      series(TOOLS.npm, size, runs, (outdir) =>
        measure(npm, [...npmArgs, 'run', '--silent', 'synth'], ROOT, synthEnv(outdir)),
      ),
      series(TOOLS.node, size, runs, (outdir) =>
        measure(process.execPath, [LAUNCHER, 'main.ts'], ROOT, synthEnv(outdir)),
      ),
    );
    if (!values['skip-baseline']) {
      measurements.push(
        series(TOOLS.tsx, size, runs, (outdir) =>
          measure(join(BIN, 'tsx'), [join(ROOT, 'main.ts')], ROOT, synthEnv(outdir)),
        ),
      );
    }
    if (!values['skip-cdktf']) {
      measurements.push(
        series(TOOLS.cdktf, size, runs, (outdir) =>
          measure(join(BIN, 'cdktf'), ['synth', '--output', outdir], ROOT, {
            ...base,
            LDM_CONFIG: configFile,
          }),
        ),
      );
    }
  }

  if (!values['skip-baseline']) {
    const stock = stockProject();
    cpSync(join(ROOT, 'config', 'example.yaml'), join(stock, 'config', 'example.yaml'));
    try {
      measurements.push(
        series(TOOLS.stock, 1, runs, (outdir) =>
          measure(join(BIN, 'cdktf'), ['synth', '--output', outdir], stock, {
            ...base,
            LDM_CONFIG: 'config/example.yaml',
          }),
        ),
      );
    } finally {
      // The copy uses the root imports the project forbids: it does not outlive the measurement.
      rmSync(stock, { recursive: true, force: true });
    }
  }

  const terraform = values['skip-terraform'] ? undefined : await terraformSeconds(base);
  const largest = Math.max(...sizes);
  const where = values.profile ? profile(join(WORK, `config-${largest}.yaml`), base) : undefined;
  const targets = checkTargets(measurements);
  const loadAfter = loadavg()[0]!;

  const lines = [
    `Machine: ${cpus().length} cores (${availableParallelism()} available), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after; ${runs} measured run(s) each after one unmeasured, medians.`,
    '',
    reportTable(measurements),
    '',
  ];
  const ours = measurements.find((m) => m.tool === TOOLS.npm && m.environments === 1);
  const stock = measurements.find((m) => m.tool === TOOLS.stock);
  if (ours && stock) {
    const ratio = median(stock.wallSeconds) / median(ours.wallSeconds);
    const rss = median(stock.peakRssMib) / median(ours.peakRssMib);
    lines.push(
      `Stock way vs npm run synth, example config: ${ratio.toFixed(1)}x the wall time, ${rss.toFixed(1)}x the peak RSS.`,
    );
  }
  if (terraform) {
    lines.push(
      `Terraform, one stack (${terraform.stack}): init ${terraform.initSeconds.toFixed(1)} s, validate ${terraform.validateSeconds.toFixed(1)} s; ${terraform.concurrency} terraform processes at a time on this machine; the provider from ${terraform.provider}.`,
    );
  }
  if (where) {
    lines.push(
      '',
      `Where a ${largest}-environment synth spends its time, in one process (${where.totalSeconds.toFixed(2)} s of samples, node --cpu-prof):`,
      ...where.lines.map((l) => `  ${l}`),
    );
  }
  lines.push(
    '',
    'Targets:',
    ...targets.map(
      (t) => `  ${t.ok ? 'ok  ' : 'MISS'} ${t.name}: ${t.measured} (target ${t.limit})`,
    ),
  );
  process.stdout.write(`${lines.join('\n')}\n`);

  const out = resolve(values.out ?? join(WORK, 'results.json'));
  makeFolders(dirname(out));
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        machine: {
          cores: cpus().length,
          memoryGiB: totalmem() / 2 ** 30,
          node: process.version,
          load: [loadBefore, loadAfter],
        },
        runs,
        measurements,
        terraform,
        profile: where,
        targets,
      },
      null,
      2,
    )}\n`,
  );
  process.stderr.write(`results written to ${out}\n`);
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));
