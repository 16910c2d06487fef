/**
 * One account, one owner (lib/app/ownership.ts): what two environments of one file may not both
 * do, because it would only fail at apply, or be fought over by two stacks. And `state.s3.bucket`,
 * checked by S3's naming rules like every other bucket name.
 */
import { Expect } from '../../../../lib/core/errors';
import { CONFIG_DIR, configWith, problemsOf, rawEnv } from '../../../support/synth';
import { loadConfig } from '../../../../lib/app/config';
import { join } from 'node:path';

/** The example plus a second environment, `test`, changed by `edit` (own account and CIDR). */
function twoEnvironments(edit: (second: any, first: any, raw: any) => void = () => {}) {
  return configWith((raw) => {
    const first = rawEnv(raw);
    const second = {
      ...structuredClone(first),
      name: 'test',
      accountId: '222222222222',
      network: { ...structuredClone(first.network), vpcCidr: '10.21.0.0/16' },
      catalog: { databases: [{ name: 'sales_test' }] },
    };
    raw.environments.push(second);
    edit(second, first, raw);
  });
}
const problems = (edit: Parameters<typeof twoEnvironments>[0]) =>
  problemsOf(() => twoEnvironments(edit));
const sameAccount = (second: any) => (second.accountId = '111111111111');

describe('one account and region, one owner of its singletons', () => {
  test('two environments in different accounts or regions each manage their own', () => {
    expect(() => twoEnvironments()).not.toThrow();
    expect(() =>
      twoEnvironments((second) => {
        sameAccount(second);
        second.region = 'eu-west-2';
        second.network.availabilityZones = ['eu-west-2a', 'eu-west-2b'];
      }),
    ).not.toThrow();
  });

  test('fails if two environments in one account and region both manage the catalog encryption settings', () => {
    expect(problems(sameAccount)).toEqual([
      `environments[1].catalog.manageEncryptionSettings: got true, expected ${Expect.oneOwnerPerAccountRegion(
        {
          what: 'the Glue Data Catalog encryption settings',
          first: 'sandbox',
          second: 'test',
          account: '111111111111',
          region: 'eu-west-1',
          resolve: 'set catalog.manageEncryptionSettings: false on all but one of them',
        },
      )}`,
    ]);
    // The setting the message names resolves it.
    expect(() =>
      twoEnvironments((second) => {
        sameAccount(second);
        second.catalog.manageEncryptionSettings = false;
      }),
    ).not.toThrow();
  });

  test('fails if two environments in one account and region both write the catalog resource policy', () => {
    const found = problems((second, first) => {
      sameAccount(second);
      second.catalog.manageEncryptionSettings = false;
      first.catalog.crossAccountReaders = ['333333333333'];
      second.catalog.crossAccountReaders = ['444444444444'];
    });
    expect(found).toEqual([
      expect.stringMatching(
        /^environments\[1\]\.catalog\.crossAccountReaders: got \["444444444444"\], expected one environment per account and region managing the Glue Data Catalog resource policy \(crossAccountReaders\): environments sandbox and test both manage them in account 111111111111, eu-west-1, .*list the readers in catalog\.crossAccountReaders of one of them only$/,
      ),
    ]);
  });

  test('an environment writing into another account’s catalog manages none of its settings', () => {
    expect(() =>
      twoEnvironments((second) => {
        sameAccount(second);
        second.catalog.catalogId = '555555555555';
      }),
    ).not.toThrow();
  });

  test('two Lake Formation registrations in one account and region are two locations, not a conflict', () => {
    expect(() =>
      twoEnvironments((second, first) => {
        sameAccount(second);
        second.catalog.manageEncryptionSettings = false;
        first.catalog.registerWithLakeFormation = true;
        second.catalog.registerWithLakeFormation = true;
      }),
    ).not.toThrow();
  });

  test('config/multi-account.yaml keeps one owner per account and region', () => {
    const config = loadConfig(join(CONFIG_DIR, 'multi-account.yaml'));
    const scopes = config.environments
      .filter((e) => e.catalog.manageEncryptionSettings)
      .map((e) => `${e.accountId} ${e.region}`);
    expect(new Set(scopes).size).toBe(scopes.length);
  });
});

describe('bucket names are unique across the file', () => {
  test('fails if two environments give the same bucket name', () => {
    expect(
      problems((second, first) => {
        first.storage.bucketName = 'acme-ldm-data';
        second.storage = { bucketName: 'acme-ldm-data' };
      }),
    ).toEqual([
      `environments[1].storage.bucketName: got 'acme-ldm-data', expected ${Expect.uniqueBucketName({
        earlier: 'the target bucket of environment sandbox',
        later: 'the target bucket of environment test',
        setting: 'environments[1].storage.bucketName',
      })}`,
    ]);
  });

  test('fails if a given name is another environment’s generated one', () => {
    expect(
      problems((second) => {
        second.storage = { logBucketName: 'ldm-sandbox-111111111111-eu-west-1-data' };
      }),
    ).toEqual([
      `environments[1].storage.logBucketName: got 'ldm-sandbox-111111111111-eu-west-1-data', expected ${Expect.uniqueBucketName(
        {
          earlier: 'the target bucket of environment sandbox',
          later: 'the access-log bucket of environment test',
          setting: 'environments[1].storage.logBucketName',
        },
      )}`,
    ]);
  });

  test('fails if a given name is the generated one of another bucket of the same environment', () => {
    const found = problemsOf(() =>
      configWith((raw) => {
        rawEnv(raw).storage.logBucketName = 'ldm-sandbox-111111111111-eu-west-1-data';
      }),
    );
    expect(found).toEqual([
      expect.stringContaining(
        "environments[0].storage.logBucketName: got 'ldm-sandbox-111111111111-eu-west-1-data', expected a bucket name of its own: the access-log bucket of environment sandbox has the name of the target bucket of environment sandbox",
      ),
    ]);
  });

  test('fails if the state bucket, or its log bucket, is an environment’s bucket', () => {
    const withState = (bucket: string, edit: (env: any) => void) =>
      problemsOf(() =>
        configWith((raw) => {
          raw.state = {
            backend: 's3',
            s3: { bucket, region: 'eu-west-1', accountId: '222222222222' },
          };
          edit(rawEnv(raw));
        }),
      );
    expect(withState('acme-data', (env) => (env.storage.bucketName = 'acme-data'))).toEqual([
      `environments[0].storage.bucketName: got 'acme-data', expected ${Expect.uniqueBucketName({
        earlier: 'the state bucket',
        later: 'the target bucket of environment sandbox',
        setting: 'environments[0].storage.bucketName',
      })}`,
    ]);
    expect(
      withState('acme-tfstate', (env) => (env.storage.logBucketName = 'acme-tfstate-logs')),
    ).toEqual([
      expect.stringContaining(
        "the access-log bucket of environment sandbox has the name of the state bucket's access-log bucket",
      ),
    ]);
  });
});

describe('one database name per catalog', () => {
  test('fails if two environments writing into one account’s catalog list the same database', () => {
    expect(
      problems((second) => {
        sameAccount(second);
        second.catalog = { manageEncryptionSettings: false, databases: [{ name: 'sales' }] };
      }),
    ).toEqual([
      `environments[1].catalog.databases[0].name: got 'sales', expected ${Expect.uniqueDatabaseInCatalog(
        { first: 'sandbox', second: 'test', account: '111111111111', region: 'eu-west-1' },
      )}`,
    ]);
  });

  test('fails if an environment writes into another’s catalog (catalogId) a database that one lists', () => {
    expect(
      problems((second) => {
        second.catalog = { catalogId: '111111111111', databases: [{ name: 'sales' }] };
      }),
    ).toEqual([
      expect.stringContaining(
        "environments[1].catalog.databases[0].name: got 'sales', expected a database name no other environment writing into the same Glue Data Catalog (account 111111111111, eu-west-1) lists",
      ),
    ]);
  });

  test('the same database name in two catalogs is two databases', () => {
    expect(() =>
      twoEnvironments((second) => (second.catalog.databases = [{ name: 'sales' }])),
    ).not.toThrow();
  });
});

describe('state.s3.bucket', () => {
  const stateBucket = (bucket: string) =>
    problemsOf(() =>
      configWith((raw) => {
        raw.state = {
          backend: 's3',
          s3: { bucket, region: 'eu-west-1', accountId: '222222222222' },
        };
      }),
    );

  test.each([
    ['a..b', Expect.bucketNameDots],
    ['192.168.5.4', Expect.bucketNameIpAddress],
    ['xn--tfstate', Expect.bucketNamePrefix('xn--')],
    ['acme-tfstate-s3alias', Expect.bucketNameSuffix('-s3alias')],
    ['Acme-TFState', Expect.bucketNameCharacters],
    ['ab', Expect.bucketNameLength],
    ['-acme', Expect.bucketNameEnds],
  ])(
    'fails if the state bucket is %s (S3’s naming rules, as for storage.bucketName)',
    (bucket, expected) => {
      expect(stateBucket(bucket)).toEqual([
        `state.s3.bucket: got '${bucket}', expected ${expected}`,
      ]);
    },
  );
});
