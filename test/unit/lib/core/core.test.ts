import {
  hasHostBits,
  isAnywhere,
  overlaps,
  parseCidr,
  subnetCidr,
} from '../../../../lib/core/cidr';
import { resourceNames, stackId, stateBootstrapNames } from '../../../../lib/core/naming';
import { LAYER_IDS as LAYERS, parseStackId } from '../../../../stacks';
import { mockAwsOverride, providerAssumesRole } from '../../../../lib/gitops/terraform';
import { dependencyOrder } from '../../../../lib/app/synth-output';

describe('cidr', () => {
  test('parses IPv4 CIDRs strictly', () => {
    expect(parseCidr('10.20.0.0/16')).toMatchObject({ text: '10.20.0.0/16', prefixLength: 16 });
    for (const bad of [
      '10.20.0.0/33',
      '10.20.0/16',
      '10.20.0.0',
      '300.0.0.0/8',
      'fe80::/10',
      ' 10.0.0.0/8',
    ]) {
      expect(parseCidr(bad)).toBeUndefined();
    }
  });

  test('detects host bits and overlap', () => {
    expect(hasHostBits('10.20.1.0/16')).toBe(true);
    expect(hasHostBits('10.20.0.0/16')).toBe(false);
    expect(overlaps(parseCidr('10.0.0.0/8')!, parseCidr('10.20.0.0/16')!)).toBe(true);
    expect(overlaps(parseCidr('10.20.0.0/16')!, parseCidr('10.21.0.0/16')!)).toBe(false);
    expect(isAnywhere('0.0.0.0/0')).toBe(true);
    expect(isAnywhere('::/0')).toBe(true);
  });

  test('computes subnets like cidrsubnet, refusing blocks that do not fit', () => {
    const vpc = parseCidr('10.20.0.0/16')!;
    expect([0, 1, 2].map((i) => subnetCidr(vpc, 20, i))).toEqual([
      '10.20.0.0/20',
      '10.20.16.0/20',
      '10.20.32.0/20',
    ]);
    expect(() => subnetCidr(vpc, 20, 16)).toThrow(RangeError);
    expect(() => subnetCidr(vpc, 12, 0)).toThrow(RangeError);
  });
});

describe('naming', () => {
  const names = resourceNames({
    project: 'ldm',
    envName: 'sandbox',
    accountId: '111111111111',
    region: 'eu-west-1',
  });

  test('stack ids are <env>-<layer> and parse back', () => {
    expect(LAYERS.map((l) => stackId('prod-eu', l))).toEqual([
      'prod-eu-network',
      'prod-eu-security',
      'prod-eu-storage',
      'prod-eu-catalog',
      'prod-eu-migrator',
    ]);
    expect(parseStackId('prod-eu-storage')).toEqual({ envName: 'prod-eu', layer: 'storage' });
    expect(parseStackId('prod-eu-database')).toBeUndefined();
  });

  test('bucket names are globally unique through account and region, and valid S3 names', () => {
    expect(names.targetBucket).toBe('ldm-sandbox-111111111111-eu-west-1-data');
    expect(names.logBucket).toBe('ldm-sandbox-111111111111-eu-west-1-logs');
    for (const bucket of [names.targetBucket, names.logBucket]) {
      expect(bucket).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
    }
  });

  test('other names carry the project and environment', () => {
    expect(names).toMatchObject({
      migratorRole: 'ldm-sandbox-migrator',
      kmsAlias: 'alias/ldm-sandbox-data',
      ssmPrefix: '/ldm/sandbox/migrator',
    });
  });
});

describe('state bootstrap names', () => {
  test('the log bucket is <bucket>-logs, cut to fit 63 characters without a trailing dot or hyphen', () => {
    expect(stateBootstrapNames('acme-tfstate').logBucket).toBe('acme-tfstate-logs');
    const long = `${'a'.repeat(57)}.bcdef`;
    const name = stateBootstrapNames(long).logBucket;
    expect(name).toBe(`${'a'.repeat(57)}-logs`);
    expect(name.length).toBeLessThanOrEqual(63);
  });
});

describe('dependency order', () => {
  test('orders stacks after their dependencies, stable by id', () => {
    const order = dependencyOrder([
      { id: 'b-security', dependencies: ['b-network'] },
      { id: 'a-security', dependencies: ['a-network'] },
      { id: 'b-network', dependencies: [] },
      { id: 'a-network', dependencies: [] },
    ]).map((s) => s.id);
    expect(order).toEqual(['a-network', 'b-network', 'a-security', 'b-security']);
  });

  test('fails on a cycle', () => {
    expect(() =>
      dependencyOrder([
        { id: 'x', dependencies: ['y'] },
        { id: 'y', dependencies: ['x'] },
      ]),
    ).toThrow(/cycle/);
  });
});

describe('terraform helpers', () => {
  test('the mock override turns assume_role off only for stacks that assume a role', () => {
    const withRole = {
      provider: { aws: [{ assume_role: [{ role_arn: 'arn:aws:iam::1:role/x' }] }] },
    };
    expect(providerAssumesRole(withRole)).toBe(true);
    expect(providerAssumesRole({ provider: { aws: [{ region: 'eu-west-1' }] } })).toBe(false);
    expect((mockAwsOverride('/s', true) as any).provider.aws.assume_role).toEqual([
      { role_arn: '' },
    ]);
    expect((mockAwsOverride('/s', false) as any).provider.aws).not.toHaveProperty('assume_role');
    expect((mockAwsOverride('/s') as any).provider.aws.allowed_account_ids).toBeNull();
  });
});
