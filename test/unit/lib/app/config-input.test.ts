/**
 * The environments file as hostile input: whatever is at the path and whatever the YAML says, the
 * answer is one line per problem (a UserError), quickly, never a stack trace or a hang.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configPathFrom,
  DEFAULT_CONFIG_PATH,
  loadConfig,
  MAX_CONFIG_BYTES,
  parseConfig,
  selectEnvironments,
} from '../../../../lib/app/config';
import { Expect, Fail, show } from '../../../../lib/core/errors';
import { problemsOf } from '../../../support/synth';

const temp = () => mkdtempSync(join(tmpdir(), 'ldm-config-input-'));

describe('the config file as it is on disk', () => {
  test('LDM_CONFIG unset or empty means the default file', () => {
    expect(configPathFrom({})).toBe(DEFAULT_CONFIG_PATH);
    expect(configPathFrom({ LDM_CONFIG: '' })).toBe(DEFAULT_CONFIG_PATH);
    expect(configPathFrom({ LDM_CONFIG: 'my.yaml' })).toBe('my.yaml');
  });

  test("--env keeps the named environments, in the file's order", () => {
    const multi = loadConfig('config/multi-account.yaml');
    const names = (c: typeof multi) => c.environments.map((e) => e.name);
    expect(names(multi)).toEqual(['dev', 'test', 'prod']);
    expect(names(selectEnvironments(multi, ['prod', 'dev'], 'multi.yaml'))).toEqual([
      'dev',
      'prod',
    ]);
    expect(selectEnvironments(multi, ['prod'], 'multi.yaml')).toMatchObject({
      project: multi.project,
      state: multi.state,
    });
  });

  test('fails if an --env name is not an environment of the file, naming each', () => {
    const multi = loadConfig('config/multi-account.yaml');
    expect(problemsOf(() => selectEnvironments(multi, ['stage', 'prod', 'qa'], 'm.yaml'))).toEqual([
      Fail.unknownEnvironment('stage', 'm.yaml', ['dev', 'test', 'prod']),
      Fail.unknownEnvironment('qa', 'm.yaml', ['dev', 'test', 'prod']),
    ]);
  });

  test('fails if the path is empty (not a file named "")', () => {
    expect(problemsOf(() => loadConfig(''))).toEqual([Fail.configPathEmpty()]);
  });

  test('fails if the path is a folder', () => {
    const dir = temp();
    expect(problemsOf(() => loadConfig(dir))).toEqual([
      Fail.configUnreadable(dir, 'a folder, not a file (EISDIR)'),
    ]);
  });

  test('fails if the path is a FIFO, without waiting for a writer', () => {
    const fifo = join(temp(), 'config.yaml');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect(problemsOf(() => loadConfig(fifo))).toEqual([
      Fail.configUnreadable(fifo, 'not a regular file'),
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('fails if the path is a device that never ends', () => {
    expect(problemsOf(() => loadConfig('/dev/zero'))).toEqual([
      Fail.configUnreadable('/dev/zero', 'not a regular file'),
    ]);
  });

  test('fails if the file is larger than any environments file', () => {
    const file = join(temp(), 'big.yaml');
    writeFileSync(file, `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
    expect(problemsOf(() => loadConfig(file))).toEqual([
      Fail.configUnreadable(file, `larger than ${MAX_CONFIG_BYTES} bytes`),
    ]);
  });

  test('fails if a part of the path is not a folder', () => {
    const dir = temp();
    writeFileSync(join(dir, 'file'), 'x');
    const path = join(dir, 'file', 'config.yaml');
    expect(problemsOf(() => loadConfig(path))).toEqual([
      Fail.configUnreadable(path, 'a part of the path is not a folder (ENOTDIR)'),
    ]);
  });
});

describe('the YAML', () => {
  test('fails if aliases explode (a "billion laughs" document), at once', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
      ['h', 'g'],
    ]) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    const problems = problemsOf(() => parseConfig(lines.join('\n'), 'bomb.yaml'));
    expect(problems).toEqual([
      expect.stringMatching(/^bomb\.yaml: not valid YAML: .*\(at most 100 aliases are resolved\)$/),
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('fails if an alias makes a cycle, showing the value without looping', () => {
    expect(problemsOf(() => parseConfig('environments: &e [*e]', 'cycle.yaml'))).toEqual([
      'environments[0]: got ["(cycle)"], expected an object',
    ]);
  });

  test('fails if a number is too large for a number: shown as Infinity, not null', () => {
    const problems = problemsOf(() =>
      parseConfig(
        [
          'environments:',
          '  - name: dev',
          '    accountId: "123456789012"',
          '    region: us-east-1',
          '    wave: 1e400',
          '    network:',
          '      vpcCidr: 10.0.0.0/20',
          '      availabilityZones: [us-east-1a, us-east-1b]',
          '      onPremCidrs: [192.168.0.0/16]',
          '      resolverInboundEndpoint: true',
          '    migrator: { rolesAnywhere: { caCertificateFile: config/certs/example-ca.pem } }',
        ].join('\n'),
      ),
    );
    expect(problems).toEqual([`environments[0].wave: got Infinity, expected ${Expect.wave}`]);
  });

  test('fails if a field is named __proto__ anywhere (it would vanish without a word)', () => {
    const problems = problemsOf(() =>
      parseConfig('environments:\n  - name: dev\n    __proto__: { accountId: "1" }\n', 'p.yaml'),
    );
    expect(problems).toContain(
      `environments[0].__proto__: got '__proto__', expected ${Expect.notPrototypeKey}`,
    );
  });
});

describe('show: a received value in a message', () => {
  test('writes numbers as they are, cuts cycles, and makes invisible characters visible', () => {
    expect(show(Infinity)).toBe('Infinity');
    expect(show(-Infinity)).toBe('-Infinity');
    expect(show(NaN)).toBe('NaN');
    expect(show(10n)).toBe('10');
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(show(cycle)).toBe('["(cycle)"]');
    expect(show('a\u0000b\u001b[31mc\u202ed\u200be')).toBe(
      "'a\\u0000b\\u001b[31mc\\u202ed\\u200be'",
    );
    expect(show({ k: 'x\u2066y' })).toBe('{"k":"x\\u2066y"}');
  });

  test('cuts long values at 80 characters without splitting a character', () => {
    const text = show('🚀'.repeat(100));
    expect([...text].length).toBe(80);
    expect(text.endsWith('🚀...')).toBe(true);
  });
});
