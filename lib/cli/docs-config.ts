/**
 * `npm run docs:config`: regenerates docs/configuration.md from the config schema (lib/app/schema.ts and stacks/<layer>/config.ts) and
 * the page's prose (lib/docs/configuration-page.ts). `--check` only compares, and exits 1 when the
 * committed page is stale. `--file <path>` works on another copy of the page instead.
 */
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as prettier from 'prettier';
import { configSchema } from '../app/schema';
import { renderConfigReference } from '../docs/config-reference';
import { CONFIGURATION_PAGE } from '../docs/configuration-page';
import { DocsMessages, UserError } from '../core/errors';
import { readIfExists } from '../core/files';
import { parseFlags, runCli } from '../app/run-cli';
import { PROJECT_ROOT } from '../app/paths';

const ROOT = PROJECT_ROOT;
const DOC = join(ROOT, 'docs', 'configuration.md');

function options(argv: readonly string[]): { check: boolean; file: string } {
  const { values } = parseFlags(
    argv,
    { check: { type: 'boolean', default: false }, file: { type: 'string' } },
    { usage: DocsMessages.usage },
  );
  return { check: values.check, file: values.file === undefined ? DOC : resolve(values.file) };
}

/** The page as `npm run format` leaves it, so the committed file is prettier-clean. */
async function generate(): Promise<string> {
  const markdown = renderConfigReference(configSchema, CONFIGURATION_PAGE);
  // The repository's settings, wherever the target file is.
  const settings = (await prettier.resolveConfig(DOC)) ?? {};
  return prettier.format(markdown, { ...settings, parser: 'markdown' });
}

export async function main(argv: readonly string[], _env: NodeJS.ProcessEnv): Promise<void> {
  const { check, file } = options(argv);
  const shown = relative(process.cwd(), file) || file;
  const next = await generate();
  if (check) {
    if (readIfExists(file, 16 * 1024 * 1024) !== next)
      throw new UserError([DocsMessages.configReferenceStale(shown)]);
    process.stdout.write(`${DocsMessages.configReferenceCurrent(shown)}\n`);
    return;
  }
  writeFileSync(file, next);
  process.stdout.write(`${DocsMessages.configReferenceWritten(shown)}\n`);
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));
