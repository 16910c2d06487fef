/**
 * `npm run digest -- [--write | --check]`: digests of every stack synthesized from every file in
 * config/ (lib/app/digest.ts). Without a flag it prints them; `--write` records them in
 * test/fixtures/synth-digests.json; `--check` exits 1 naming each stack whose synthesized output
 * differs from the record. Use it around a refactor that must not change what is deployed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { changedStacks, configFilesIn, type SynthDigests, synthDigests } from '../app/digest';
import { parseFlags, runCli } from '../app/run-cli';
import { DigestMessages, UserError } from '../core/errors';
import { PROJECT_ROOT } from '../app/paths';

const ROOT = PROJECT_ROOT;
export const DIGESTS_FILE = join(ROOT, 'test', 'fixtures', 'synth-digests.json');

export function main(argv: readonly string[], _env: NodeJS.ProcessEnv): void {
  const { values } = parseFlags(
    argv,
    { write: { type: 'boolean' }, check: { type: 'boolean' } },
    { usage: DigestMessages.usage },
  );
  if (values.write && values.check) {
    throw new UserError(
      [DigestMessages.usage('--write and --check cannot be used together')],
      'Invalid arguments',
    );
  }
  const current = synthDigests(configFilesIn(join(ROOT, 'config')));
  const text = `${JSON.stringify(current, null, 2)}\n`;
  if (values.write) {
    writeFileSync(DIGESTS_FILE, text);
    process.stdout.write(`digest: recorded ${DIGESTS_FILE}\n`);
  } else if (values.check) {
    const recorded = JSON.parse(readFileSync(DIGESTS_FILE, 'utf8')) as SynthDigests;
    const changed = changedStacks(recorded, current);
    if (changed.length > 0) {
      throw new UserError(
        changed.map(DigestMessages.changed),
        'Synthesized output changed (npm run digest -- --write records it, if on purpose)',
      );
    }
    process.stdout.write('digest: synthesized output is as recorded\n');
  } else {
    process.stdout.write(text);
  }
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));
