/**
 * LDM's command reference, as far as the rendered scripts use it: each command with the flags its
 * SYNOPSYS block lists (`docs/command-reference.md` of WANdisco/wandisco-documentation-ldm at the
 * commit below, LDM 1.13) and the line of its section. An engine the toolkit did not write: the
 * tests check every line of every rendered script against it, and docs/host-configuration.md
 * links each command to its line. The update verbs take "the same parameters as" their add
 * commands, as the reference says.
 */

export const COMMAND_REFERENCE_URL =
  'https://github.com/WANdisco/wandisco-documentation-ldm/blob/76716bdf6324735cd380014e8bd4d35351a45b27/docs/command-reference.md';

export interface DocumentedCommand {
  /** The line of the command's `###` heading. */
  readonly line: number;
  /** Every flag of its SYNOPSYS. */
  readonly flags: readonly string[];
  /** The flags that take no value. */
  readonly switches?: readonly string[];
}

const HDFS = {
  flags: [
    '--file-system-id',
    '--default-fs',
    '--user',
    '--kerberos-principal',
    '--kerberos-keytab',
    '--source',
    '--scan-only',
    '--properties-files',
    '--properties',
  ],
  switches: ['--source', '--scan-only'],
};
const S3A = {
  flags: [
    '--file-system-id',
    '--bucket-name',
    '--endpoint',
    '--access-key',
    '--secret-key',
    '--credentials-provider',
    '--source',
    '--scan-only',
    '--properties-files',
    '--properties',
  ],
  switches: ['--source', '--scan-only'],
};
const GLUE = {
  flags: [
    '--name',
    '--access-key',
    '--secret-key',
    '--glue-endpoint',
    '--aws-region',
    '--glue-catalog-id',
    '--credentials-provider',
    '--glue-max-retries',
    '--glue-max-connections',
    '--glue-max-socket-timeout',
    '--glue-connection-timeout',
    '--file-system-id',
    '--default-fs-override',
    '--host',
    '--port',
    '--no-ssl',
  ],
  switches: ['--no-ssl'],
};
const HIVE = {
  flags: [
    '--config-path',
    '--kerberos-principal',
    '--kerberos-keytab',
    '--name',
    '--host',
    '--port',
    '--no-ssl',
    '--autodeploy',
    '--ssh-user',
    '--ssh-key',
    '--ssh-port',
    '--use-sudo',
    '--ignore-host-checking',
    '--file-system-id',
    '--default-fs-override',
  ],
  switches: ['--no-ssl', '--autodeploy', '--use-sudo', '--ignore-host-checking'],
};
const CONNECT = {
  flags: ['--host', '--ssl', '--port', '--timeout', '--user'],
  switches: ['--ssl'],
};
const RULE = { flags: ['--database-pattern', '--table-pattern', '--name'] };

export const LDM_COMMANDS: Readonly<Record<string, DocumentedCommand>> = {
  'connect livemigrator': { line: 2964, ...CONNECT },
  'connect hivemigrator': { line: 3000, ...CONNECT },
  'source fs show': { line: 55, flags: ['--verbose'], switches: ['--verbose'] },
  'filesystem add hdfs': { line: 204, ...HDFS },
  'filesystem auto-discover-source hdfs': {
    line: 475,
    flags: ['--kerberos-principal', '--kerberos-keytab'],
  },
  'filesystem update hdfs': { line: 630, ...HDFS },
  'filesystem add s3a': { line: 363, ...S3A },
  'filesystem update s3a': { line: 666, ...S3A },
  'filesystem show': {
    line: 550,
    flags: ['--file-system-id', '--verbose'],
    switches: ['--verbose'],
  },
  'hive agent add glue': { line: 1675, ...GLUE },
  'hive agent configure glue': { line: 2074, ...GLUE },
  'hive agent check': { line: 2025, flags: ['--name'] },
  'hive agent add hive': { line: 1776, ...HIVE },
  'hive agent configure hive': { line: 2090, ...HIVE },
  'path mapping add': {
    line: 851,
    flags: ['--path-mapping-id', '--source-path', '--target', '--target-path', '--description'],
  },
  'path mapping list': { line: 914, flags: ['--target'] },
  'hive rule add': { line: 2192, ...RULE },
  'hive rule configure': { line: 2231, ...RULE },
  'migration add': {
    line: 1082,
    flags: [
      '--migration-id',
      '--path',
      '--target',
      '--exclusions',
      '--action-policy',
      '--auto-start',
    ],
    switches: ['--auto-start'],
  },
  'migration run': { line: 1132, flags: ['--migration-id'] },
  'migration list': { line: 1071, flags: [] },
  'hive migration add': {
    line: 2300,
    flags: ['--source', '--target', '--rule-names', '--name', '--auto-start', '--once'],
    switches: ['--auto-start', '--once'],
  },
  'hive migration list': { line: 2363, flags: [] },
};

/** The documented command a script line starts with (the longest match), and the rest of its words. */
export function documentedCommand(
  words: readonly string[],
): { command: string; spec: DocumentedCommand; rest: string[] } | undefined {
  for (let n = Math.min(4, words.length); n > 0; n--) {
    const command = words.slice(0, n).join(' ');
    const spec = LDM_COMMANDS[command];
    if (spec) return { command, spec, rest: words.slice(n) };
  }
  return undefined;
}

/**
 * What is wrong with one script line, as its words: an undocumented command, an undocumented flag,
 * a flag without its value, a switch with one, a flag given twice. Empty when it is all documented.
 */
export function undocumented(words: readonly string[]): string[] {
  const found = documentedCommand(words);
  if (!found) return [`undocumented command: ${words.slice(0, 4).join(' ')}`];
  const { command, spec, rest } = found;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    if (!flag.startsWith('--')) {
      problems.push(`${command}: ${flag} is not a flag`);
      continue;
    }
    if (!spec.flags.includes(flag)) problems.push(`${command}: undocumented flag ${flag}`);
    if (seen.has(flag)) problems.push(`${command}: ${flag} given twice`);
    seen.add(flag);
    if (spec.switches?.includes(flag)) continue;
    const value = rest[i + 1];
    if (value === undefined || (value.startsWith('--') && value.length > 2)) {
      problems.push(`${command}: ${flag} has no value`);
    } else {
      i++;
    }
  }
  return problems;
}

/**
 * How LDM's CLI (Spring Shell on JLine) splits a script line: whitespace separates words, '…' and
 * "…" group and are dropped, a backslash escapes the next character.
 */
export function springShellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') {
      word = (word ?? '') + (line[++i] ?? '');
    } else if (quote) {
      if (c === quote) quote = undefined;
      else word = (word ?? '') + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word = word ?? '';
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
