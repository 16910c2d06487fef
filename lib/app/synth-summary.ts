/**
 * What `npm run synth` says when it is done: one line per environment (stacks, resources, policy
 * findings) and a total with the time and the output folder; `--json` gives the same as one JSON
 * document. Pure: the command measures and prints.
 */
import type { PolicyReport } from '../policy';
import type { TerraformJson } from './synth-output';

/** A synthesized stack's id and how many resources it declares. */
export interface StackCount {
  readonly id: string;
  readonly resources: number;
}

export interface Tally {
  readonly stacks: number;
  readonly resources: number;
  /** Policy findings that did not block the synth: warnings and acknowledged findings. */
  readonly policyFindings: number;
  /** How many of `policyFindings` an acknowledgement in the config accepts. */
  readonly acknowledged: number;
}

export interface EnvironmentTally extends Tally {
  readonly environment: string;
}

export interface SynthSummary {
  readonly config: string;
  readonly outdir: string;
  readonly seconds: number;
  readonly environments: readonly EnvironmentTally[];
  readonly total: Tally;
}

/** The resources a stack declares (`resource.<type>.<name>`), data sources not counted. */
export function resourceCount(json: TerraformJson): number {
  return Object.values(json.resource ?? {}).reduce(
    (n, byName) => n + Object.keys(byName).length,
    0,
  );
}

/**
 * Tallies per environment: a stack belongs to the environment whose name prefixes its id
 * (`<env>-<layer>`, a contract); environments are listed in config order, the longest matching
 * name winning (`prod` and `prod-eu` both exist in some configs).
 */
export function summarizeSynth(input: {
  readonly config: string;
  readonly outdir: string;
  readonly seconds: number;
  readonly environments: readonly string[];
  readonly stacks: readonly StackCount[];
  readonly report: PolicyReport;
}): SynthSummary {
  const byLength = [...input.environments].sort((a, b) => b.length - a.length);
  const environmentOf = (stack: string) => byLength.find((e) => stack.startsWith(`${e}-`));
  const tally = (stackIds: ReadonlySet<string>): Tally => {
    const findings = input.report.findings.filter((f) => stackIds.has(f.stack));
    return {
      stacks: stackIds.size,
      resources: input.stacks
        .filter((s) => stackIds.has(s.id))
        .reduce((n, s) => n + s.resources, 0),
      policyFindings: findings.length,
      acknowledged: findings.filter((f) => f.acknowledged).length,
    };
  };
  const environments = input.environments.map((environment) => ({
    environment,
    ...tally(
      new Set(input.stacks.filter((s) => environmentOf(s.id) === environment).map((s) => s.id)),
    ),
  }));
  return {
    config: input.config,
    outdir: input.outdir,
    seconds: input.seconds,
    environments,
    total: tally(new Set(input.stacks.map((s) => s.id))),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function tallyText(t: Tally): string {
  const findings = plural(t.policyFindings, 'policy finding');
  const acknowledged = t.acknowledged > 0 ? ` (${t.acknowledged} acknowledged)` : '';
  return `${plural(t.stacks, 'stack')}, ${plural(t.resources, 'resource')}, ${findings}${acknowledged}`;
}

/** The lines the command prints: one per environment, then the total. */
export function summaryLines(summary: SynthSummary): string[] {
  const width = Math.max(0, ...summary.environments.map((e) => e.environment.length));
  const outdir = summary.outdir.endsWith('/') ? summary.outdir : `${summary.outdir}/`;
  return [
    ...summary.environments.map((e) => `${`${e.environment}:`.padEnd(width + 1)} ${tallyText(e)}`),
    `synthesized ${plural(summary.environments.length, 'environment')} of ${summary.config}: ${tallyText(summary.total)} in ${summary.seconds.toFixed(2)} s, into ${outdir}`,
  ];
}
