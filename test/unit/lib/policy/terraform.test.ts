import { tfAllowedAccountIds } from '../../../../lib/policy/rules/LDM-TF-001';
import { tfNoStaticCredentials } from '../../../../lib/policy/rules/LDM-TF-003';
import { tfS3Backend } from '../../../../lib/policy/rules/LDM-TF-002';
import { broken, check, fixture, LAYER_FIXTURES } from './helpers';

describe('LDM-TF-001 allowed_account_ids', () => {
  test.each(LAYER_FIXTURES)('passes the %s fixture', (name) => {
    expect(check(tfAllowedAccountIds, fixture(name))).toEqual([]);
  });

  test('fails a provider without it, naming aliased providers by alias', () => {
    const json = broken('storage', (s) => {
      s.provider.aws = [
        { region: 'eu-west-1' },
        { alias: 'replica', region: 'eu-west-2', allowed_account_ids: [] },
      ];
    });
    expect(check(tfAllowedAccountIds, json)).toEqual([
      { resource: 'provider.aws', detail: 'no allowed_account_ids' },
      { resource: 'provider.aws.replica', detail: 'no allowed_account_ids' },
    ]);
  });
});

describe('LDM-TF-002 s3 backend encrypted and locked', () => {
  test('passes encrypt + use_lockfile, and ignores the local backend', () => {
    expect(check(tfS3Backend, fixture('storage'))).toEqual([]);
    const local = broken(
      'storage',
      (s) => (s.terraform.backend = { local: { path: 'x.tfstate' } }),
    );
    expect(check(tfS3Backend, local)).toEqual([]);
  });

  test('fails an unencrypted backend without a lock', () => {
    const json = broken('storage', (s) => {
      s.terraform.backend.s3.encrypt = false;
      delete s.terraform.backend.s3.use_lockfile;
    });
    expect(check(tfS3Backend, json)).toEqual([
      { resource: 'terraform.backend.s3', detail: 'encrypt is not true' },
      { resource: 'terraform.backend.s3', detail: 'no state locking (use_lockfile)' },
    ]);
  });
});

describe('LDM-TF-003 no static credentials', () => {
  test('passes a provider without keys', () => {
    expect(check(tfNoStaticCredentials, fixture('network'))).toEqual([]);
  });

  test('fails keys in the provider configuration', () => {
    const json = broken('network', (s) => {
      Object.assign(s.provider.aws[0], { access_key: 'AKIAEXAMPLE', secret_key: 'secret' });
    });
    expect(check(tfNoStaticCredentials, json)).toEqual([
      { resource: 'provider.aws', detail: 'sets access_key, secret_key' },
    ]);
  });
});
