/**
 * `npm run access -- [--config <file>] [--env <name>...] [--json] [--out <file>] [--check]`: the
 * access report (docs/security.md, "Proven access"). Synthesizes the config, validates every
 * IAM-bearing document and simulates the table of required and forbidden calls of each
 * environment, then prints (or writes to `--out`) who can do what on which resource, with the
 * simulator's verdict and the statement that decided it — Markdown, or JSON with `--json`. Exits 1
 * when a document has findings or a verdict is not the table's (after writing the report, so a
 * failing pipeline still keeps it). `--check` compares with `--out` instead of writing it, as the
 * test of docs/access-example.md does.
 *
 * It runs the IAM policy simulator, a development dependency: like `npm test`, it needs `npm ci`
 * with the dev dependencies (docs/testing.md).
 */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as prettier from 'prettier';
import { accessProblems, renderAccessJson, renderAccessMarkdown } from '../access/report';
import { evaluateAccess } from '../access/run';
import { configPathFrom, loadConfig, selectEnvironments } from '../app/config';
import { parseFlags, runCli } from '../app/run-cli';
import { synthesizedStacks } from '../app/synth';
import { AccessMessages, UserError } from '../core/errors';
import { fsReason, makeFolders, readIfExists } from '../core/files';

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { values: flags } = parseFlags(
    argv,
    {
      config: { type: 'string' },
      env: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
    },
    { usage: AccessMessages.usage },
  );
  if (flags.check && !flags.out) {
    throw new UserError([AccessMessages.usage('--check needs --out <file>')], 'Invalid arguments');
  }
  const configPath = flags.config ?? configPathFrom(env);
  const full = loadConfig(configPath);
  const config = flags.env ? selectEnvironments(full, flags.env, configPath) : full;

  const results = await evaluateAccess(config, synthesizedStacks(config));
  const source = { config: configPath };
  const report = flags.json
    ? renderAccessJson(results, source)
    : await prettier.format(renderAccessMarkdown(results, source), {
        ...((await prettier.resolveConfig(flags.out ?? 'report.md')) ?? {}),
        parser: 'markdown',
      });

  if (flags.out && flags.check) {
    if (readIfExists(flags.out, 16 * 1024 * 1024) !== report) {
      throw new UserError([AccessMessages.reportStale(flags.out, configPath)]);
    }
    process.stdout.write(`${AccessMessages.reportCurrent(flags.out)}\n`);
  } else if (flags.out) {
    try {
      makeFolders(dirname(flags.out));
      writeFileSync(flags.out, report);
    } catch (err) {
      throw new UserError(
        [AccessMessages.unwritable(flags.out, fsReason(err))],
        'Report not written',
      );
    }
    process.stdout.write(`${AccessMessages.written(flags.out)}\n`);
  } else {
    process.stdout.write(report);
  }

  const problems = accessProblems(results);
  if (problems.length > 0) throw new UserError(problems, AccessMessages.failed(problems.length));
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));
