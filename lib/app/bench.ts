/**
 * Pure parts of the benchmark (`npm run bench`): generated configs, statistics and the report.
 * The measuring itself (child processes, clocks, RSS) is in lib/cli/bench.ts.
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

export interface Measurement {
  /** What ran: `npm run synth` (tsx main.ts), `cdktf synth`, or the stock baseline. */
  readonly tool: string;
  readonly environments: number;
  readonly stacks: number;
  readonly resources: number;
  readonly wallSeconds: readonly number[];
  /** Peak resident set size of the largest process of the run, in MB. */
  readonly peakRssMb: readonly number[];
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
    'peak RSS MB',
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
      median(m.peakRssMb).toFixed(0),
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

/** Checks the targets of the performance issue against the measurements. */
export function checkTargets(
  measurements: readonly Measurement[],
  ourTool: string,
  exampleTool: string,
): Target[] {
  const ours = measurements.filter((m) => m.tool === ourTool);
  const example = measurements.find((m) => m.tool === exampleTool);
  const hundred = ours.find((m) => m.environments === 100);
  const targets: Target[] = [];
  if (example) {
    const wall = median(example.wallSeconds);
    targets.push({
      name: 'example via npm run synth',
      limit: '<= 2 s',
      measured: `${wall.toFixed(2)} s`,
      ok: wall <= 2,
    });
  }
  if (hundred) {
    const wall = median(hundred.wallSeconds);
    const rss = median(hundred.peakRssMb);
    targets.push({
      name: '100 environments wall',
      limit: '<= 20 s',
      measured: `${wall.toFixed(2)} s`,
      ok: wall <= 20,
    });
    targets.push({
      name: '100 environments peak RSS',
      limit: '<= 1536 MB',
      measured: `${rss.toFixed(0)} MB`,
      ok: rss <= 1536,
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
