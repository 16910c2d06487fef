/**
 * The configuration contract (field names are relied on by users: docs/configuration.md lists them). Parsed and
 * defaulted once, at the edge; stacks only ever see `Config`. Rules that span fields run even when
 * other fields are wrong, so one run reports every problem; each guards its own inputs.
 *
 * A field's meaning is written once, in its `.meta({ description })` (with `title` for a readable
 * type and `defaultText` for a default that depends on other fields): `npm run docs:config` renders
 * docs/configuration.md from them, so a JSDoc copy beside the field would only drift.
 */
import { z } from 'zod';
import { AWS_REGIONS } from '../core/regions';
import { RESERVED_BUCKET_PREFIXES } from '../../stacks/storage/bucket-name';
import { Expect } from '../core/errors';
import { NAME_LIMITS, resourceNames } from '../core/naming';
import { tagsSchema } from '../core/tags';
import {
  accountId,
  accountOfArn,
  type AddProblem,
  type CheckContext,
  type PartialEnvironment,
  roleArn,
} from '../core/fields';
import { checkNetwork, networkSchema } from '../../stacks/network/config';
import { checkMigrator, migratorSchema } from '../../stacks/migrator/config';
import { checkSecurity } from '../../stacks/security/config';
import { checkHosts } from '../../stacks/migrator/hosts';
import { bucketNameSchema, checkStorage, storageSchema } from '../../stacks/storage/config';
import { checkCatalog, catalogSchema } from '../../stacks/catalog/config';
import { acknowledgementsSchema } from '../policy/acknowledgements';
import { checkOwnership } from './ownership';

const projectName = z
  .string({ error: Expect.projectName })
  .regex(/^[a-z][a-z0-9-]{1,19}$/, { error: Expect.projectName })
  // Bucket names start with the project: S3 reserves these prefixes.
  .refine((v) => !RESERVED_BUCKET_PREFIXES.some((prefix) => v.startsWith(prefix)), {
    error: Expect.projectNameReservedPrefix(RESERVED_BUCKET_PREFIXES),
  })
  .meta({ title: '2-20 of `a-z0-9-`, starting with a letter' });

const envName = z
  .string({ error: Expect.envName })
  .regex(/^[a-z][a-z0-9-]{0,19}$/, { error: Expect.envName })
  .meta({ title: '1-20 of `a-z0-9-`, starting with a letter, unique' });

const region = z.enum(AWS_REGIONS, { error: Expect.region }).meta({ title: 'AWS region' });

export const stateSchema = z.discriminatedUnion(
  'backend',
  [
    z.strictObject({ backend: z.literal('local') }).meta({
      description:
        'State files in `terraform-state/<stack id>.tfstate`, beside `cdktf.out/` in the working directory: for trying it out.',
    }),
    z
      .strictObject({
        backend: z.literal('s3'),
        s3: z
          .strictObject(
            {
              bucket: bucketNameSchema.meta({
                title: 'S3 bucket name',
                description:
                  'The state bucket, checked by the same naming rules as `storage.bucketName`; its access-log bucket is `<bucket>-logs`.',
              }),
              region: region.meta({ description: 'Region of the state bucket.' }),
              keyPrefix: z
                .string()
                .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, { error: Expect.keyPrefix })
                .default('ldm')
                .meta({
                  title: 'key prefix: parts of `A-Za-z0-9_-` joined by `/`',
                  description: 'State keys are `<keyPrefix>/<env>/<layer>.tfstate`.',
                }),
              roleArn: roleArn.optional().meta({
                description:
                  'Role Terraform assumes to read and write state (`assume_role` in the backend); state often lives in another account.',
              }),
              accountId: accountId.optional().meta({
                description:
                  "The account holding the state bucket, for `npm run bootstrap` (its provider's `allowed_account_ids`).",
                defaultText: 'the account of `roleArn`',
              }),
              kmsKeyId: z
                .string({ error: Expect.stateKmsKey })
                .regex(
                  /^arn:aws(-us-gov|-cn)?:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[A-Za-z0-9/_-]+)$/,
                  {
                    error: Expect.stateKmsKey,
                  },
                )
                .optional()
                .meta({
                  title: 'KMS key or alias ARN',
                  description:
                    'The key that encrypts state objects (`kms_key_id`), such as the one `npm run bootstrap` creates. Without it S3 encrypts state with SSE-S3.',
                }),
            },
            { error: Expect.stateS3 },
          )
          .meta({ description: 'The state bucket, and how Terraform reaches it.' }),
      })
      .meta({
        description:
          'State in an S3 bucket, encrypted, with S3-native locking (Terraform 1.10 or later): for teams and pipelines.',
      }),
  ],
  { error: Expect.oneOf(['local', 's3']) + ' in state.backend' },
);

export const environmentSchema = z.strictObject({
  name: envName.meta({
    description: 'Part of every stack id (`<name>-network`, …) and resource name.',
  }),
  accountId: accountId.meta({
    description:
      "The AWS account the environment deploys into; becomes the provider's `allowed_account_ids`.",
  }),
  region: region.meta({ description: 'Where the environment lives.' }),
  deployRoleArn: roleArn.optional().meta({
    description:
      "Role the AWS provider assumes to deploy (`assume_role`); in the environment's `accountId`.",
  }),
  wave: z
    .number({ error: Expect.wave })
    .int({ error: Expect.wave })
    .min(0, { error: Expect.wave })
    .default(0)
    .meta({ description: 'Rollout order across environments, lower first.' }),
  network: networkSchema.meta({
    description: 'The VPC LDM reaches privately, and the link to on premises.',
  }),
  migrator: migratorSchema
    .prefault({})
    .meta({ description: 'Where LDM runs, who may reach it, and how it gets AWS credentials.' }),
  storage: storageSchema.prefault({}).meta({ description: 'The S3 target bucket and its logs.' }),
  catalog: catalogSchema
    .prefault({})
    .meta({ description: 'The Glue Data Catalog databases HiveMigrator writes into.' }),
});

/** The cross-field rules of an environment, section by section. */
const ENVIRONMENT_CHECKS = [
  checkEnvironment,
  checkNetwork,
  checkSecurity,
  checkMigrator,
  checkHosts,
  checkStorage,
  checkCatalog,
] as const;

/** Rules about the environment itself (not one section). */
function checkEnvironment(env: PartialEnvironment, add: AddProblem): void {
  // The deploy role lives in the environment's account.
  if (typeof env.deployRoleArn === 'string' && typeof env.accountId === 'string') {
    const roleAccount = accountOfArn(env.deployRoleArn);
    if (roleAccount && roleAccount !== env.accountId) {
      add(['deployRoleArn'], env.deployRoleArn, Expect.deployRoleAccount(env.accountId));
    }
  }
}

export const configSchema = z
  .strictObject({
    project: projectName.default('ldm').meta({
      description:
        'Prefix of every resource name. Not starting with `xn--`, `sthree-` or `amzn-s3-demo-`, prefixes S3 reserves for bucket names.',
    }),
    state: stateSchema
      .default({ backend: 'local' })
      .meta({ description: 'Where Terraform keeps state.' }),
    tags: tagsSchema.default({}).meta({
      title: 'map of tag key (1-128 characters) to value (at most 256)',
      description:
        "Tags on every resource, beside `Project`, `Environment` and `ManagedBy` (which cannot be overridden), by AWS's tag rules (below).",
    }),
    environments: z
      .array(environmentSchema)
      .min(1, { error: 'at least one environment' })
      .meta({ description: 'The environments: one AWS account and region each.' }),
    /**
     * Policy findings accepted on purpose: `{ rule, resource, reason }`, the reason required
     * (docs/policy.md). @default []
     */
    acknowledgements: acknowledgementsSchema,
  })
  .superRefine(
    (cfg, ctx) => {
      const add = (path: PropertyKey[], input: unknown, message: string) =>
        ctx.addIssue({ code: 'custom', path, input, message });
      const envs = Array.isArray(cfg.environments) ? cfg.environments : [];
      const context: CheckContext = {
        project: typeof cfg.project === 'string' ? cfg.project : undefined,
      };
      envs.forEach((env, i) => {
        if (env === null || typeof env !== 'object') return;
        const addToEnv: AddProblem = (path, input, message) =>
          add(['environments', i, ...path], input, message);
        // Rules that span fields live beside their section; each guards its own inputs, because
        // they run even when other fields are invalid (so one run reports every problem).
        for (const check of ENVIRONMENT_CHECKS) check(env, addToEnv, context);
      });
      // One account, one owner: singletons, bucket names and databases across environments.
      // These name the value they refuse (a default, a generated name), not the one at the path.
      checkOwnership(cfg, (path, shown, message) =>
        ctx.addIssue({ code: 'custom', path, params: { shown }, message }),
      );
      const seen = new Set<string>();
      envs.forEach((env, i) => {
        if (typeof env?.name !== 'string') return;
        if (seen.has(env.name)) add(['environments', i, 'name'], env.name, Expect.uniqueEnvName);
        seen.add(env.name);
        // Generated names must fit AWS limits.
        if (
          typeof cfg.project === 'string' &&
          typeof env.accountId === 'string' &&
          typeof env.region === 'string'
        ) {
          const names = resourceNames({
            project: cfg.project,
            envName: env.name,
            accountId: env.accountId,
            region: env.region,
            bucketName: env.storage?.bucketName,
            logBucketName: env.storage?.logBucketName,
          });
          // Overridden bucket names are checked by their own field's rule.
          const checks: [string, string, number][] = [
            ...(env.storage?.logBucketName
              ? []
              : [['S3 bucket', names.logBucket, NAME_LIMITS.s3Bucket] as [string, string, number]]),
            ...(env.storage?.bucketName
              ? []
              : [
                  ['S3 bucket', names.targetBucket, NAME_LIMITS.s3Bucket] as [
                    string,
                    string,
                    number,
                  ],
                ]),
            ['IAM role', names.flowLogRole, NAME_LIMITS.iamRole],
            ['IAM role', names.migratorRole, NAME_LIMITS.iamRole],
          ];
          const tooLong = checks.find(([, name, limit]) => name.length > limit);
          if (tooLong) {
            add(
              ['environments', i, 'name'],
              env.name,
              Expect.generatedNameTooLong(tooLong[0], tooLong[2], tooLong[1]),
            );
          }
        }
      });
    },
    { when: () => true },
  );

/** The validated, fully defaulted configuration. */
export type Config = z.output<typeof configSchema>;
export type Environment = Config['environments'][number];
export type StateConfig = Config['state'];
