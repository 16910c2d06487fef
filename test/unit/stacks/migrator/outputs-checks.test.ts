/**
 * host-config does not trust its outputs files or its `--out` folder: the outputs must be what the
 * config applies (the databases it lists, each a Glue name with its one location, the bucket, the
 * catalog), and `--out` is a folder of the command's own, from which files of an earlier render
 * that no longer apply are removed.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../../lib/app/config';
import type { Config } from '../../../../lib/app/schema';
import { Fail } from '../../../../lib/core/errors';
import { HOST_CONFIG_FILES, writeHostConfig } from '../../../../stacks/migrator/files';
import { readHostConfigInput } from '../../../../stacks/migrator/outputs-files';
import { renderHostConfig } from '../../../../stacks/migrator/render';
import { tree } from '../../../support/cli';
import { configWith, problemsOf, rawEnv, ROOT } from '../../../support/synth';

const OUTPUTS = join(ROOT, 'test', 'fixtures', 'host-config', 'outputs');
const example = loadConfig(join(ROOT, 'config', 'example.yaml'));
const temp = () => mkdtempSync(join(tmpdir(), 'ldm-outputs-checks-'));

/** A copy of the outputs folder with the catalog's (or another stack's) outputs edited. */
function outputsWith(edit: (values: Record<string, any>) => void, stack = 'catalog'): string {
  const dir = temp();
  cpSync(OUTPUTS, dir, { recursive: true });
  const path = join(dir, `sandbox-${stack}.json`);
  const outputs = JSON.parse(readFileSync(path, 'utf8'));
  const values = Object.fromEntries(Object.entries<any>(outputs).map(([k, o]) => [k, o.value]));
  edit(values);
  for (const [k, v] of Object.entries(values)) outputs[k] = { ...outputs[k], value: v };
  writeFileSync(path, JSON.stringify(outputs));
  return dir;
}
const read = (dir: string, config: Config = example) =>
  readHostConfigInput(config, config.environments[0]!, dir);
const catalogFile = (dir: string) => join(dir, 'sandbox-catalog.json');
const BUCKET = 'ldm-sandbox-111111111111-eu-west-1-data';

describe('outputs files are checked against Glue’s rules and the config', () => {
  test('the outputs of the example are what its config applies', () => {
    expect(() => read(OUTPUTS)).not.toThrow();
  });

  test('fails if a database name is not a Glue name: no ../ reaches a path mapping', () => {
    const dir = outputsWith((v) => (v.database_names = ['../../etc']));
    expect(problemsOf(() => read(dir))).toEqual([
      Fail.outputDatabaseName(catalogFile(dir), '../../etc'),
      Fail.outputNotConfigured(catalogFile(dir), 'database_names', ['../../etc'], ['sales']),
    ]);
  });

  test('fails if names and locations do not pair up (three databases, one location)', () => {
    const config = configWith(
      (raw) =>
        (rawEnv(raw).catalog.databases = [{ name: 'sales' }, { name: 'hr' }, { name: 'ops' }]),
    );
    const dir = outputsWith((v) => (v.database_names = ['sales', 'hr', 'ops']));
    expect(problemsOf(() => read(dir, config))).toEqual([
      Fail.outputDatabaseLists(catalogFile(dir), 3, 1),
    ]);
  });

  test('fails if the databases are not the ones the config lists', () => {
    const dir = outputsWith((v) => {
      v.database_names = ['finance'];
      v.database_location_uris = [`s3://${BUCKET}/warehouse/finance.db`];
    });
    expect(problemsOf(() => read(dir))).toEqual([
      Fail.outputNotConfigured(catalogFile(dir), 'database_names', ['finance'], ['sales']),
    ]);
  });

  test('fails if a database is somewhere else than the config puts it', () => {
    const dir = outputsWith(
      (v) => (v.database_location_uris = ['s3://elsewhere/warehouse/sales.db']),
    );
    expect(problemsOf(() => read(dir))).toEqual([
      Fail.outputNotConfigured(
        catalogFile(dir),
        'the location of database sales',
        's3://elsewhere/warehouse/sales.db',
        `s3://${BUCKET}/warehouse/sales.db`,
      ),
    ]);
    const notS3 = outputsWith((v) => (v.database_location_uris = ['/etc/passwd']));
    expect(problemsOf(() => read(notS3))).toEqual([
      Fail.outputLocation(catalogFile(notS3), 'sales', '/etc/passwd'),
    ]);
  });

  test('fails if the warehouse prefix, the catalog or the bucket is not the config’s', () => {
    const dir = outputsWith((v) => {
      v.warehouse_prefix = '../x';
      v.catalog_id = '999999999999';
    });
    expect(problemsOf(() => read(dir))).toEqual([
      Fail.outputNotConfigured(catalogFile(dir), 'catalog_id', '999999999999', '111111111111'),
      Fail.outputNotConfigured(catalogFile(dir), 'warehouse_prefix', '../x', 'warehouse'),
    ]);
    const bucket = outputsWith((v) => (v.bucket_name = 'attacker-bucket'), 'storage');
    expect(problemsOf(() => read(bucket))).toEqual([
      Fail.outputNotConfigured(
        join(bucket, 'sandbox-storage.json'),
        'bucket_name',
        'attacker-bucket',
        BUCKET,
      ),
    ]);
  });

  test('fails if an outputs file is a folder', () => {
    const dir = temp();
    cpSync(OUTPUTS, dir, { recursive: true });
    const file = join(dir, 'sandbox-catalog.json');
    rmSync(file);
    mkdirSync(file);
    expect(problemsOf(() => read(dir))).toEqual([
      Fail.outputsFileUnreadable(file, 'a folder, not a file (EISDIR)'),
    ]);
  });
});

describe('--out is a folder of the command’s own', () => {
  const rendered = renderHostConfig(read(OUTPUTS));
  /** What the example writes: every file but the remote Glue agent host's preflight. */
  const own = Object.values(HOST_CONFIG_FILES)
    .filter((f) => f !== HOST_CONFIG_FILES.glueAgentPreflight)
    .sort();

  test('creates a new folder (its parent exists) and writes every file', () => {
    const out = join(temp(), 'host');
    expect(
      writeHostConfig(out, rendered)
        .map((p) => p.slice(out.length + 1))
        .sort(),
    ).toEqual(own);
  });

  test('fails if its parent does not exist, creating nothing', () => {
    const base = temp();
    const out = join(base, 'a', 'b');
    expect(problemsOf(() => writeHostConfig(out, rendered))).toEqual([
      Fail.outParentMissing(out, join(base, 'a')),
    ]);
    expect(readdirSync(base)).toEqual([]);
  });

  test('fails if it is a file, leaving the file as it was', () => {
    const out = join(temp(), 'notes.txt');
    writeFileSync(out, 'mine');
    expect(problemsOf(() => writeHostConfig(out, rendered))).toEqual([Fail.outNotFolder(out)]);
    expect(readFileSync(out, 'utf8')).toBe('mine');
  });

  test('fails if it holds files the command did not write, touching none of them', () => {
    const out = temp();
    writeFileSync(join(out, 'id_rsa'), 'secret');
    writeFileSync(join(out, HOST_CONFIG_FILES.script), 'an earlier script');
    const before = tree(out);
    expect(problemsOf(() => writeHostConfig(out, rendered))).toEqual([
      Fail.outForeignFiles(out, ['id_rsa'], Object.values(HOST_CONFIG_FILES)),
    ]);
    expect(tree(out)).toEqual(before);
  });

  test('fails if a file of its name is a folder or a link', () => {
    const out = temp();
    mkdirSync(join(out, HOST_CONFIG_FILES.awsConfig));
    expect(problemsOf(() => writeHostConfig(out, rendered))).toEqual([
      Fail.outForeignFiles(out, [HOST_CONFIG_FILES.awsConfig], Object.values(HOST_CONFIG_FILES)),
    ]);
  });

  test('fails at once on a path the system refuses, such as under /proc', () => {
    const started = Date.now();
    expect(problemsOf(() => writeHostConfig('/proc/x', rendered))).toEqual([
      expect.stringMatching(/^--out \/proc\/x: cannot be written \(/),
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('removes the files of an earlier render that no longer apply, naming each', () => {
    const out = join(temp(), 'host');
    // A remote Glue agent of your own: its host gets a preflight of its own.
    const withAgent = configWith((raw) => {
      Object.assign(rawEnv(raw).migrator, {
        remoteGlueAgent: true,
        hosts: { glueAgent: { address: 'glue-agent.corp.example' } },
      });
    });
    writeHostConfig(out, renderHostConfig(read(OUTPUTS, withAgent)));
    expect(readdirSync(out).sort()).toEqual(Object.values(HOST_CONFIG_FILES).sort());
    // The agent is gone: so is its preflight, and the command says so.
    const removed: string[] = [];
    writeHostConfig(out, rendered, (path) => removed.push(path));
    expect(readdirSync(out).sort()).toEqual(own);
    expect(removed).toEqual([join(out, HOST_CONFIG_FILES.glueAgentPreflight)]);
    expect(readFileSync(join(out, HOST_CONFIG_FILES.preflight), 'utf8')).toBe(rendered.preflight);
  });

  test('removes the leftovers of an interrupted render', () => {
    const out = join(temp(), 'host');
    writeHostConfig(out, rendered);
    const leftover = join(out, `.${HOST_CONFIG_FILES.json}.12345.partial`);
    writeFileSync(leftover, '{');
    const removed: string[] = [];
    writeHostConfig(out, rendered, (path) => removed.push(path));
    expect(readdirSync(out).sort()).toEqual(own);
    // Leftovers go quietly: only files of an earlier render that no longer apply are reported.
    expect(removed).toEqual([]);
    expect(existsSync(leftover)).toBe(false);
  });
});
