import { configWith, rawEnv, synth } from '../../support/synth';
import { LAYER_IDS as LAYERS } from '../../../stacks';

describe('stacks: ids, provider and backend', () => {
  const twoEnvs = configWith((raw) => {
    const second = structuredClone(rawEnv(raw));
    second.name = 'prod';
    second.accountId = '222222222222';
    second.region = 'us-east-1';
    second.deployRoleArn = 'arn:aws:iam::222222222222:role/ldm-deploy';
    second.network.availabilityZones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
    raw.environments.push(second);
  });
  const out = synth(twoEnvs);

  test('every environment gets its five stacks, named <env>-<layer>', () => {
    expect(Object.keys(out.stacks).sort()).toEqual(
      ['sandbox', 'prod'].flatMap((env) => LAYERS.map((layer) => `${env}-${layer}`)).sort(),
    );
  });

  test('stacks depend on each other in layer order', () => {
    for (const env of ['sandbox', 'prod']) {
      LAYERS.slice(1).forEach((layer, i) => {
        expect(out.dependencies[`${env}-${layer}`]).toContain(`${env}-${LAYERS[i]}`);
      });
    }
  });

  test.each(LAYERS)(
    'the %s stack pins the provider to the environment account and region',
    (layer) => {
      const [provider] = out.stacks[`prod-${layer}`].provider.aws;
      expect(provider.region).toBe('us-east-1');
      expect(provider.allowed_account_ids).toEqual(['222222222222']);
      expect(provider.assume_role).toEqual([
        {
          role_arn: 'arn:aws:iam::222222222222:role/ldm-deploy',
          session_name: `ldm-prod-${layer}`,
        },
      ]);
      expect(provider.default_tags).toEqual([
        {
          tags: {
            CostCenter: 'data-migration',
            Project: 'ldm',
            Environment: 'prod',
            ManagedBy: 'ldm-aws-landing-zone',
          },
        },
      ]);
    },
  );

  test('no assume_role without deployRoleArn', () => {
    expect(out.stacks['sandbox-network'].provider.aws[0].assume_role).toBeUndefined();
  });

  test('the provider version is the one the machines mirror', () => {
    expect(out.stacks['sandbox-network'].terraform.required_providers.aws.version).toBe('5.100.0');
  });

  test.each(LAYERS)(
    'local state of %s lives outside cdktf.out, at a path relative to the stack',
    (layer) => {
      expect(out.stacks[`sandbox-${layer}`].terraform.backend).toEqual({
        local: { path: `../../../terraform-state/sandbox-${layer}.tfstate` },
      });
    },
  );

  test('cross-stack lookups read the producer state at the same relative path', () => {
    const remote = out.stacks['sandbox-migrator'].data.terraform_remote_state;
    const paths = Object.values<any>(remote).map((r) => r.config.path);
    expect(paths).toContain('../../../terraform-state/sandbox-network.tfstate');
    expect(paths).toContain('../../../terraform-state/sandbox-security.tfstate');
  });
});

describe('stacks: s3 state backend', () => {
  const config = configWith((raw) => {
    raw.state = {
      backend: 's3',
      s3: {
        bucket: 'acme-tfstate',
        region: 'eu-central-1',
        keyPrefix: 'landing/ldm',
        roleArn: 'arn:aws:iam::333333333333:role/tfstate',
        kmsKeyId: 'arn:aws:kms:eu-central-1:333333333333:alias/tfstate-acme-tfstate',
      },
    };
  });
  const out = synth(config);

  test.each(LAYERS)('the %s stack keeps encrypted, S3-locked state under its own key', (layer) => {
    expect(out.stacks[`sandbox-${layer}`].terraform.backend).toEqual({
      s3: {
        bucket: 'acme-tfstate',
        key: `landing/ldm/sandbox/${layer}.tfstate`,
        region: 'eu-central-1',
        encrypt: true,
        kms_key_id: 'arn:aws:kms:eu-central-1:333333333333:alias/tfstate-acme-tfstate',
        use_lockfile: true,
        assume_role: { role_arn: 'arn:aws:iam::333333333333:role/tfstate' },
      },
    });
  });

  test('no top-level role_arn (Terraform 1.11 rejects it) and no DynamoDB lock table', () => {
    const backend = out.stacks['sandbox-network'].terraform.backend.s3;
    expect(backend.role_arn).toBeUndefined();
    expect(backend.dynamodb_table).toBeUndefined();
  });

  test('cross-stack lookups read the same bucket with the same role', () => {
    const remote = Object.values<any>(out.stacks['sandbox-migrator'].data.terraform_remote_state);
    expect(remote.length).toBeGreaterThan(0);
    for (const r of remote) {
      expect(r.backend).toBe('s3');
      expect(r.config).toMatchObject({
        bucket: 'acme-tfstate',
        assume_role: { role_arn: 'arn:aws:iam::333333333333:role/tfstate' },
      });
      expect(r.config.key).toMatch(
        /^landing\/ldm\/sandbox\/(network|security|storage|catalog)\.tfstate$/,
      );
    }
  });
});
