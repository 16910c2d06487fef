/**
 * `npm run bench`: how long synth takes, and how much memory, from one environment to a hundred,
 * against the stock cdktf way (ts-node + package-root provider imports + `cdktf synth`) measured in
 * the same run. A benchmark, not a test: it prints a table and writes JSON; the targets it checks
 * are reported, not asserted.
 *
 *   npm run bench -- [--sizes 1,10,100] [--runs 3] [--skip-cdktf] [--skip-baseline]
 *                    [--skip-terraform] [--out .cache/bench/results.json]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  checkTargets,
  type Measurement,
  median,
  reportTable,
  scaledConfig,
  toRootImports,
} from '../app/bench';
import { UserError } from '../core/errors';
import { makeFolders } from '../core/files';
import {
  assertTerraformInstalled,
  defaultConcurrency,
  mapLimit,
  terraformEnv,
  validateStack,
} from '../gitops/terraform';
import { readSynth } from '../app/synth-output';
import { parseFlags } from '../gitops/cli';
import { runCli } from '../app/run-cli';

const ROOT = resolve(__dirname, '..', '..');
const WORK = join(ROOT, '.cache', 'bench');
const BIN = join(ROOT, 'node_modules', '.bin');
const OURS = 'npm run synth (tsx main.ts)';
const CDKTF = 'npx cdktf synth (tsx)';
const STOCK = 'stock: cdktf synth + ts-node + root imports';

/** Loaded into every node process of a measured run: appends its peak RSS (KB) to a file. */
const RSS_PRELOAD = `process.on('exit', () => {
  require('fs').appendFileSync(process.env.LDM_BENCH_RSS_FILE, process.resourceUsage().maxRSS + '\\n');
});\n`;

interface Run {
  readonly wallSeconds: number;
  readonly peakRssMb: number;
}

function measure(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const rssFile = join(WORK, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd,
    env: {
      ...process.env,
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
  const rssKb = readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map(Number);
  rmSync(rssFile, { force: true });
  return { wallSeconds, peakRssMb: Math.max(...rssKb) / 1024 };
}

/** Stacks and resources of a synth output folder. */
function countOutput(outdir: string): { stacks: number; resources: number } {
  const stacks = readSynth(outdir);
  let resources = 0;
  for (const stack of stacks) {
    const json = JSON.parse(readFileSync(join(stack.dir, 'cdk.tf.json'), 'utf8')) as {
      resource?: Record<string, Record<string, unknown>>;
    };
    for (const byName of Object.values(json.resource ?? {}))
      resources += Object.keys(byName).length;
  }
  return { stacks: stacks.length, resources };
}

function series(
  tool: string,
  environments: number,
  runs: number,
  once: (outdir: string) => Run,
): Measurement {
  const outdir = join(WORK, 'out', `${environments}-${tool.replace(/[^a-z0-9]+/gi, '-')}`);
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    rmSync(outdir, { recursive: true, force: true });
    results.push(once(outdir));
    process.stderr.write(
      `  ${tool}, ${environments} env: run ${i + 1}/${runs} ${results[i]!.wallSeconds.toFixed(2)} s\n`,
    );
  }
  const { stacks, resources } = countOutput(outdir);
  return {
    tool,
    environments,
    stacks,
    resources,
    wallSeconds: results.map((r) => r.wallSeconds),
    peakRssMb: results.map((r) => r.peakRssMb),
  };
}

/** A copy of the app made the stock way, for the baseline. */
function stockProject(): string {
  const dir = join(WORK, 'stock');
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

async function terraformTierSeconds(): Promise<{
  stacks: number;
  seconds: number;
  concurrency: number;
}> {
  assertTerraformInstalled();
  const env = terraformEnv(
    { mirrorDir: process.env.LDM_TF_PLUGIN_MIRROR || undefined, workDir: join(WORK, 'terraform') },
    { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
  );
  const outdir = join(WORK, 'out', 'terraform-tier');
  rmSync(outdir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  measure(join(BIN, 'tsx'), [join(ROOT, 'main.ts')], ROOT, {
    CDKTF_OUTDIR: outdir,
    LDM_CONFIG: 'config/example.yaml',
  });
  const stacks = readSynth(outdir);
  const concurrency = defaultConcurrency();
  const results = await mapLimit(stacks, concurrency, (s) => validateStack(s, env));
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0)
    throw new UserError(
      failed.map((r) => `${r.stack}: ${r.log}`),
      'terraform validate failed',
    );
  return {
    stacks: stacks.length,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    concurrency,
  };
}

export async function main(argv: readonly string[], _env: NodeJS.ProcessEnv): Promise<void> {
  const { values } = parseFlags(argv, {
    sizes: { type: 'string', default: '1,10,100' },
    runs: { type: 'string', default: '3' },
    'skip-cdktf': { type: 'boolean', default: false },
    'skip-baseline': { type: 'boolean', default: false },
    'skip-terraform': { type: 'boolean', default: false },
    out: { type: 'string', default: join(WORK, 'results.json') },
  });
  const sizes = values.sizes.split(',').map(Number);
  const runs = Number(values.runs);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) {
    throw new UserError([
      `--sizes ${values.sizes} --runs ${values.runs}: expected whole numbers from 1, e.g. --sizes 1,10,100 --runs 3`,
    ]);
  }
  mkdirSync(WORK, { recursive: true });
  writeFileSync(join(WORK, 'rss-preload.cjs'), RSS_PRELOAD);
  const example = readFileSync(join(ROOT, 'config', 'example.yaml'), 'utf8');
  const measurements: Measurement[] = [];

  for (const size of sizes) {
    const configFile = join(WORK, `config-${size}.yaml`);
    writeFileSync(configFile, scaledConfig(example, size));
    measurements.push(
      series(OURS, size, runs, (outdir) =>
        measure(join(BIN, 'tsx'), [join(ROOT, 'main.ts')], ROOT, {
          LDM_CONFIG: configFile,
          CDKTF_OUTDIR: outdir,
        }),
      ),
    );
    if (!values['skip-cdktf']) {
      measurements.push(
        series(CDKTF, size, runs, (outdir) =>
          measure(join(BIN, 'cdktf'), ['synth', '--output', outdir], ROOT, {
            LDM_CONFIG: configFile,
          }),
        ),
      );
    }
  }

  if (!values['skip-baseline']) {
    const stock = stockProject();
    cpSync(join(ROOT, 'config', 'example.yaml'), join(stock, 'config', 'example.yaml'));
    measurements.push(
      series(STOCK, 1, runs, (outdir) =>
        measure(join(BIN, 'cdktf'), ['synth', '--output', outdir], stock, {
          LDM_CONFIG: 'config/example.yaml',
        }),
      ),
    );
    // The copy uses the root imports the project forbids: it does not outlive the measurement.
    rmSync(stock, { recursive: true, force: true });
  }

  const terraform = values['skip-terraform'] ? undefined : await terraformTierSeconds();
  const oneEnv = measurements.find((m) => m.tool === OURS && m.environments === 1);
  const stock = measurements.find((m) => m.tool === STOCK);
  const targets = checkTargets(measurements, OURS, OURS);

  const lines = [
    `Machine: ${cpus().length} cores (${availableParallelism()} available), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${runs} run(s) each, medians.`,
    '',
    reportTable(measurements),
    '',
  ];
  if (oneEnv && stock) {
    const ratio = median(stock.wallSeconds) / median(oneEnv.wallSeconds);
    const rss = median(stock.peakRssMb) / median(oneEnv.peakRssMb);
    lines.push(
      `Stock way vs npm run synth, example config: ${ratio.toFixed(1)}x the wall time, ${rss.toFixed(1)}x the peak RSS.`,
    );
  }
  if (terraform) {
    lines.push(
      `Terraform tier for the example: synth + init + validate of ${terraform.stacks} stacks in ${terraform.seconds.toFixed(1)} s (${terraform.concurrency} at a time).`,
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

  makeFolders(dirname(resolve(values.out)));
  writeFileSync(
    values.out,
    `${JSON.stringify({ machine: { cores: cpus().length, memoryGiB: totalmem() / 2 ** 30, node: process.version }, runs, measurements, terraform, targets }, null, 2)}\n`,
  );
  process.stderr.write(`results written to ${values.out}\n`);
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));
