/**
 * `npm run policy -- [--config <file>] [--outdir <synth folder>] [--report <file.json>]
 * [--sarif <file.sarif>]`: runs the policy pack (docs/policy.md) over a synth of the config (or
 * over an existing synth folder), prints the findings, writes them as JSON and/or SARIF 2.1.0 for
 * pipelines, and exits 1 when a finding must be fixed or acknowledged (after writing the reports,
 * so a failing pipeline still uploads them).
 */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { configPathFrom, loadConfig } from '../app/config';
import { PolicyMessages, UserError } from '../core/errors';
import { fsReason, makeFolders } from '../core/files';
import { PACK, runPack, type PolicyReport } from '../policy';
import { blockingFindings } from '../policy/engine';
import { blockingLines, jsonReport, noteLines, sarifReport } from '../policy/report';
import { synthesizedStacks } from '../app/synth';
import { readSynth } from '../app/synth-output';
import { parseFlags, runCli } from '../app/run-cli';

function write(path: string, document: object, format: string): void {
  try {
    makeFolders(dirname(path));
    writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
  } catch (err) {
    throw new UserError(
      [PolicyMessages.reportUnwritable(path, fsReason(err))],
      'Report not written',
    );
  }
  process.stdout.write(`${PolicyMessages.reportWritten(path, format)}\n`);
}

function summary(report: PolicyReport): string {
  return PolicyMessages.summary({
    stacks: report.stacks.length,
    rules: PACK.length,
    blocking: blockingFindings(report).length,
    acknowledged: report.findings.filter((f) => f.acknowledged).length,
    warnings: report.findings.filter((f) => f.severity === 'warning' && !f.acknowledged).length,
  });
}

export function main(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  const { values: flags } = parseFlags(
    argv,
    {
      config: { type: 'string' },
      outdir: { type: 'string' },
      report: { type: 'string' },
      sarif: { type: 'string' },
    },
    { usage: PolicyMessages.usage },
  );
  const configPath = flags.config ?? configPathFrom(env);
  const config = loadConfig(configPath);
  const stacks = flags.outdir ? readSynth(flags.outdir) : synthesizedStacks(config);
  const report = runPack(stacks, config.acknowledgements);

  for (const line of noteLines(report)) process.stdout.write(`${line}\n`);
  process.stdout.write(`${summary(report)}\n`);
  const source = { config: configPath };
  if (flags.report) write(flags.report, jsonReport(report, source), 'JSON');
  if (flags.sarif) write(flags.sarif, sarifReport(report, source), 'SARIF');

  const blocking = blockingLines(report);
  if (blocking.length > 0) throw new UserError(blocking, PolicyMessages.failed(blocking.length));
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));
