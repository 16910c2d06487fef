import { PolicyMessages } from '../../../../lib/core/errors';
import { globPattern } from '../../../../lib/policy/acknowledgements';
import { configWith, problemsOf } from '../../../support/synth';

const ACK = { rule: 'LDM-S3-005', resource: 'sandbox-storage/aws_s3_bucket.target-bucket' };

describe('config: acknowledgements', () => {
  test('default to none', () => {
    expect(configWith().acknowledgements).toEqual([]);
  });

  test('take a rule, a resource (or a glob) and a reason', () => {
    const config = configWith((raw) => {
      raw.acknowledgements = [
        { ...ACK, reason: 'Scratch environment, rebuilt daily (J. Doe, 2026-11-26)' },
        {
          rule: 'LDM-SG-004',
          resource: '*-security/aws_vpc_security_group_egress_rule.*',
          reason: 'HDFS ports',
        },
      ];
    });
    expect(config.acknowledgements).toHaveLength(2);
  });

  test('fails if the reason is missing', () => {
    expect(problemsOf(() => configWith((raw) => (raw.acknowledgements = [ACK])))).toEqual([
      `acknowledgements[0].reason: got nothing, expected ${PolicyMessages.expectReason}`,
    ]);
  });

  test('fails if the reason is empty or blank', () => {
    expect(
      problemsOf(() =>
        configWith((raw) => {
          raw.acknowledgements = [
            { ...ACK, reason: '' },
            { ...ACK, reason: '   ' },
          ];
        }),
      ),
    ).toEqual([
      `acknowledgements[0].reason: got '', expected ${PolicyMessages.expectReason}`,
      `acknowledgements[1].reason: got '   ', expected ${PolicyMessages.expectReason}`,
    ]);
  });

  test('fails if the rule is not one of the pack', () => {
    expect(
      problemsOf(() =>
        configWith((raw) => (raw.acknowledgements = [{ ...ACK, rule: 'LDM-S3-05', reason: 'x' }])),
      ),
    ).toEqual([`acknowledgements[0].rule: got 'LDM-S3-05', expected ${PolicyMessages.expectRule}`]);
  });

  test('fails if the resource does not name a stack', () => {
    expect(
      problemsOf(() =>
        configWith(
          (raw) =>
            (raw.acknowledgements = [
              { ...ACK, resource: 'aws_s3_bucket.target-bucket', reason: 'x' },
            ]),
        ),
      ),
    ).toEqual([
      `acknowledgements[0].resource: got 'aws_s3_bucket.target-bucket', expected ${PolicyMessages.expectResource}`,
    ]);
  });

  test('fails if an acknowledgement has an unknown field', () => {
    expect(
      problemsOf(() =>
        configWith(
          (raw) => (raw.acknowledgements = [{ ...ACK, reason: 'x', until: '2027-01-01' }]),
        ),
      ),
    ).toEqual([
      "acknowledgements[0].until: got '2027-01-01', expected no such field; allowed here: rule, resource, reason",
    ]);
  });
});

describe('acknowledgement globs', () => {
  test('* matches any characters; everything else, including dots, matches itself', () => {
    const pattern = globPattern('*-storage/aws_s3_bucket.*');
    expect(pattern.test('prod-storage/aws_s3_bucket.target-bucket')).toBe(true);
    expect(pattern.test('prod-storage/aws_s3_bucket_policy.target')).toBe(false);
    expect(globPattern('a.b/c').test('aXb/c')).toBe(false);
  });
});
