/**
 * Pure parts of the benchmark (`npm run bench`): generated configs, statistics, the targets, the
 * report and the profile summary. The measuring itself (child processes, clocks, RSS, the
 * profiler) is in lib/cli/bench.ts.
 */
import { parse, stringify } from 'yaml';

/** A config with `count` copies of the example's first environment, each valid on its own. */
export function scaledConfig(exampleYaml: string, count: number): string {
  const raw = parse(exampleYaml) as { environments: Record<string, unknown>[] };
  const template = raw.environments[0];
  if (!template) throw new Error('the example config has no environment to copy');
  raw.environments = Array.from({ length: count }, (_, i) => {
    const env = structuredClone(template) as Record<string, unknown> & {
      network: Record<string, unknown>;
    };
    env.name = `env${String(i).padStart(3, '0')}`;
    // An account each: one account and region has one catalog, owned by one environment.
    env.accountId = String(111111111111 + i);
    env.wave = i % 3;
    // Distinct VPC CIDRs inside 10.0.0.0/8 (the example's on-premises range is 192.168.0.0/16).
    if (typeof env.network.vpcCidr === 'string') env.network.vpcCidr = `10.${i % 250}.0.0/16`;
    return env;
  });
  return stringify(raw);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Least-squares line through (x, y): the per-unit cost and the fixed cost. */
export function linearFit(points: readonly { x: number; y: number }[]): {
  slope: number;
  intercept: number;
} {
  const n = points.length;
  if (n < 2) return { slope: NaN, intercept: NaN };
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const slope = sxx === 0 ? NaN : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** What the bench runs, as its table names them. */
export const TOOLS = {
  /** The README's command: the bundle of main.ts, run by node, through npm. */
  npm: 'npm run synth',
  /** The same without npm's own start. */
  node: 'node lib/app/bundle.js main.ts',
  /** Before the bundle: TypeScript compiled by tsx on every run. */
  tsx: 'tsx main.ts (no bundle)',
  /** cdktf's CLI running the app (cdktf.json). */
  cdktf: 'npx cdktf synth',
  /** The cdktf template's way: ts-node, package-root provider imports, `cdktf synth`. */
  stock: 'stock: cdktf synth + ts-node + root imports',
} as const;

export interface Measurement {
  /** What ran (`TOOLS`). */
  readonly tool: string;
  readonly environments: number;
  readonly stacks: number;
  readonly resources: number;
  readonly wallSeconds: readonly number[];
  /** Peak resident set size of the largest process of the run, in MiB. */
  readonly peakRssMib: readonly number[];
}

export interface Target {
  readonly name: string;
  readonly limit: string;
  readonly measured: string;
  readonly ok: boolean;
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
}

/** A Markdown table: one row per measurement, medians over the runs. */
export function reportTable(measurements: readonly Measurement[]): string {
  const header = [
    'tool',
    'environments',
    'stacks',
    'resources',
    'wall s (median)',
    'peak RSS MiB',
    'stacks/s',
  ];
  const rows = measurements.map((m) => {
    const wall = median(m.wallSeconds);
    return [
      m.tool,
      String(m.environments),
      String(m.stacks),
      String(m.resources),
      wall.toFixed(2),
      median(m.peakRssMib).toFixed(0),
      (m.stacks / wall).toFixed(1),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [
    pad(header, widths),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map((r) => pad(r, widths)),
  ].join('\n');
}

/** The limits synth is held to (docs/performance.md). */
export const LIMITS = {
  exampleSeconds: 0.4,
  stockRatio: 30,
  hundredSeconds: 2.5,
  hundredRssMib: 256,
} as const;

/** Checks the targets of docs/performance.md against the measurements of one run. */
export function checkTargets(measurements: readonly Measurement[]): Target[] {
  const ours = measurements.filter((m) => m.tool === TOOLS.npm);
  const example = ours.find((m) => m.environments === 1);
  const hundred = ours.find((m) => m.environments === 100);
  const stock = measurements.find((m) => m.tool === TOOLS.stock && m.environments === 1);
  const targets: Target[] = [];
  if (example) {
    const wall = median(example.wallSeconds);
    targets.push({
      name: 'example through npm run synth',
      limit: `<= ${LIMITS.exampleSeconds} s`,
      measured: `${wall.toFixed(2)} s`,
      ok: wall <= LIMITS.exampleSeconds,
    });
    if (stock) {
      const ratio = median(stock.wallSeconds) / wall;
      targets.push({
        name: 'the stock way, in multiples of npm run synth',
        limit: `>= ${LIMITS.stockRatio}x`,
        measured: `${ratio.toFixed(1)}x`,
        ok: ratio >= LIMITS.stockRatio,
      });
    }
  }
  if (hundred) {
    const wall = median(hundred.wallSeconds);
    const rss = median(hundred.peakRssMib);
    targets.push({
      name: '100 environments (500 stacks), wall',
      limit: `<= ${LIMITS.hundredSeconds} s`,
      measured: `${wall.toFixed(2)} s`,
      ok: wall <= LIMITS.hundredSeconds,
    });
    targets.push({
      name: '100 environments, peak RSS',
      limit: `<= ${LIMITS.hundredRssMib} MiB`,
      measured: `${rss.toFixed(0)} MiB`,
      ok: rss <= LIMITS.hundredRssMib,
    });
  }
  if (ours.length >= 2) {
    const fit = linearFit(ours.map((m) => ({ x: m.environments, y: median(m.wallSeconds) })));
    // Linear: the fitted line predicts every measured point to within 25 % (or 0.5 s).
    const worst = Math.max(
      ...ours.map((m) => {
        const predicted = fit.intercept + fit.slope * m.environments;
        const actual = median(m.wallSeconds);
        return Math.abs(actual - predicted) - Math.max(0.5, 0.25 * actual);
      }),
    );
    targets.push({
      name: 'linear growth',
      limit: 'fit within 25 % of every point',
      measured: `${(fit.slope * 1000).toFixed(0)} ms per environment + ${fit.intercept.toFixed(2)} s fixed`,
      ok: worst <= 0,
    });
  }
  return targets;
}

/** A V8 CPU profile (`node --cpu-prof`), the parts read here. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
      readonly columnNumber: number;
    };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where the time of a synth goes, by the part of the code it is spent in. */
export const PROFILE_AREAS: readonly { readonly name: string; readonly test: RegExp }[] = [
  { name: 'cdktf: token resolution', test: /node_modules\/cdktf\/lib\/tokens\// },
  {
    name: 'cdktf: the rest (constructs to JSON, the synth)',
    test: /node_modules\/(cdktf|constructs)\//,
  },
  { name: 'provider bindings (@cdktf/provider-aws)', test: /node_modules\/@cdktf\/provider-aws\// },
  { name: 'config: YAML and zod', test: /node_modules\/(yaml|zod)\// },
  { name: 'the stacks (stacks/)', test: /\/stacks\// },
  { name: 'the policy pack (lib/policy/)', test: /\/lib\/policy\// },
  { name: 'the rest of lib/', test: /\/lib\// },
  { name: 'other packages', test: /node_modules\// },
];

/**
 * The profile's self time by area (`PROFILE_AREAS`), and V8's own: garbage collection, compiling,
 * Node.js's file system and the rest. `source` maps a frame of the bundle to the file it came from.
 */
export function profileSummary(
  profile: CpuProfile,
  source: (url: string, line: number, column: number) => string,
  root: string,
): { totalSeconds: number; areas: { name: string; seconds: number }[]; lines: string[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const areas = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of self) {
    total += micros;
    const frame = byId.get(id)!.callFrame;
    let area: string;
    if (frame.functionName === '(garbage collector)') area = 'garbage collection';
    else if (frame.functionName === '(idle)' || frame.functionName === '(program)')
      area = 'V8 and Node.js (program, idle)';
    else if (!frame.url || frame.url.startsWith('node:'))
      area = 'Node.js built-ins (file system, module loading)';
    else {
      const file = source(frame.url, frame.lineNumber, frame.columnNumber).replace(
        /^file:\/\//,
        '',
      );
      const relative = file.startsWith(root) ? file.slice(root.length) : file;
      area = PROFILE_AREAS.find((a) => a.test.test(relative))?.name ?? 'other';
    }
    areas.set(area, (areas.get(area) ?? 0) + micros);
  }
  const sorted = [...areas]
    .map(([name, micros]) => ({ name, seconds: micros / 1e6 }))
    .sort((a, b) => b.seconds - a.seconds);
  return {
    totalSeconds: total / 1e6,
    areas: sorted,
    lines: sorted.map(
      (a) =>
        `${((100 * a.seconds * 1e6) / total).toFixed(0).padStart(3)} %  ${a.seconds.toFixed(2)} s  ${a.name}`,
    ),
  };
}

/** The package-root import of the stock way (which the project's own code never uses). */
export const STOCK_ROOT_IMPORT = `import * as stockAws from ${JSON.stringify('@cdktf/provider-aws')};`;

/**
 * The stock way, for the baseline: the same source with every deep provider import turned into
 * the package-root import the cdktf template uses
 * (`import { Vpc } from '@cdktf/provider-aws/lib/vpc'` -> `import * as aws from
 * '@cdktf/provider-aws'` + `import Vpc = aws.vpc.Vpc`).
 */
export function toRootImports(source: string): string {
  let found = false;
  const rewritten = source.replace(
    /^import (type )?\{([^}]+)\} from '@cdktf\/provider-aws\/lib\/([a-z0-9-]+)';$/gm,
    (_m, _type: string | undefined, names: string, mod: string) => {
      found = true;
      const ns = mod.replace(/-([a-z0-9])/g, (_x, c: string) => c.toUpperCase());
      return names
        .split(',')
        .map((s) => s.trim().replace(/^type /, ''))
        .filter(Boolean)
        .map((name) => `import ${name} = stockAws.${ns}.${name};`)
        .join('\n');
    },
  );
  return found ? `${STOCK_ROOT_IMPORT}\n${rewritten}` : rewritten;
}
