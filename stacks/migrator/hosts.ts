/**
 * `environments[].migrator.hosts`: the hosts the migration runs on and what their configuration
 * says. The EC2 migrator host (with `placement: ec2`) and the EC2 remote Glue agent host (with
 * `remoteGlueAgent: true`) that the migrator stack may launch, and the settings the rendered host
 * configuration needs beside the stacks' outputs (the source's Hive warehouse, the Roles Anywhere
 * signing helper's files).
 */
import { z } from 'zod';
import { Expect } from '../../lib/core/errors';
import type { AddProblem, PartialEnvironment } from '../../lib/core/fields';
import { type HostSettings, hostsToLaunch } from '../../lib/core/context';
import { Ports } from '../../lib/core/ports';
import { defaultCredentials } from '../security/config';

/** Amazon Linux 2023 (x86_64), resolved by EC2 at launch: no AMI lookup at plan time. */
export const DEFAULT_IMAGE_ID =
  'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

const instanceType = z
  .string({ error: Expect.instanceType })
  .regex(/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, { error: Expect.instanceType })
  .meta({ title: 'EC2 instance type' });

/** An AMI id, or an SSM parameter EC2 resolves to one when it launches the instance. */
const imageId = z
  .string({ error: Expect.imageId })
  .regex(/^(ami-[0-9a-f]{8,17}|resolve:ssm:\/?[A-Za-z0-9_.\-/]{1,2000}(:\d+)?)$/, {
    error: Expect.imageId,
  })
  .meta({ title: '`ami-…` or `resolve:ssm:<parameter>`' });

const rootVolumeSizeGiB = z
  .number({ error: Expect.rootVolumeSizeGiB })
  .int({ error: Expect.rootVolumeSizeGiB })
  .min(8, { error: Expect.rootVolumeSizeGiB })
  .max(16384, { error: Expect.rootVolumeSizeGiB });

/** Where Hive keeps its warehouse on HDP-style clusters (`hive.metastore.warehouse.dir`). */
export const DEFAULT_HIVE_WAREHOUSE_PATH = '/apps/hive/warehouse';

/**
 * An absolute path both a POSIX shell and LDM's CLI read the same way, quoted or not: no quotes,
 * backslashes, `$`, `%` or braces (which would also be Terraform template syntax in SSM values).
 */
export const HOST_PATH = /^(\/[A-Za-z0-9._+@=,:-]+(?: [A-Za-z0-9._+@=,:-]+)*)+$/;
const hostPath = z
  .string({ error: Expect.hostPath })
  .regex(HOST_PATH, { error: Expect.hostPath })
  .meta({ title: 'absolute path' });

/** A host name or an IPv4 address LDM can reach: labels of letters, digits and inner hyphens. */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const hostAddress = z
  .string({ error: Expect.hostAddress })
  .regex(HOST_NAME, { error: Expect.hostAddress })
  .meta({ title: 'host name or IPv4 address' });

/** An EC2 host the migrator stack launches. */
const ec2Host = (defaults: {
  instanceType: string;
  rootVolumeSizeGiB: number;
  /** When the host is needed, for the reference: `placement: ec2` or `remoteGlueAgent: true`. */
  neededWith: string;
}) => ({
  enabled: z
    .boolean()
    .optional()
    .meta({
      description:
        'Launch the host. `false`: bring your own (it needs the instance profile and the security group the security layer creates).',
      defaultText: `\`true\` with ${defaults.neededWith} and \`credentials: instance-profile\`, else \`false\``,
    }),
  instanceType: instanceType
    .default(defaults.instanceType)
    .meta({ description: "EC2 instance type; its architecture must match the image's." }),
  imageId: imageId.default(DEFAULT_IMAGE_ID).meta({
    description:
      'The image: an AMI id, or an SSM parameter EC2 resolves when it launches the host, so nothing is looked up at plan time. The default is Amazon Linux 2023 (x86_64).',
  }),
  rootVolumeSizeGiB: rootVolumeSizeGiB.default(defaults.rootVolumeSizeGiB).meta({
    description:
      'Size of the encrypted root volume, in GiB (LDM buffers uploads and keeps its database on it).',
  }),
});

export const hostsSchema = z.strictObject({
  migrator: z
    .strictObject(
      ec2Host({
        instanceType: 'm6i.2xlarge',
        rootVolumeSizeGiB: 200,
        neededWith: '`placement: ec2`',
      }),
    )
    .prefault({})
    .meta({
      description: 'The EC2 host LDM runs on with `placement: ec2`.',
    }),
  glueAgent: z
    .strictObject({
      ...ec2Host({
        instanceType: 'm6i.large',
        rootVolumeSizeGiB: 30,
        neededWith: '`remoteGlueAgent: true`',
      }),
      address: hostAddress.optional().meta({
        description:
          'A remote agent host of your own, which LDM connects to on `port`: required with `remoteGlueAgent` when the toolkit launches none, refused when it does.',
      }),
      port: z
        .number({ error: Expect.remoteAgentPort })
        .int({ error: Expect.remoteAgentPort })
        .min(1024, { error: Expect.remoteAgentPort })
        .max(65535, { error: Expect.remoteAgentPort })
        .default(Ports.REMOTE_GLUE_AGENT.port)
        .meta({
          title: 'TCP port, 1024-65535',
          description:
            "The port the remote agent listens on, as its own configuration sets it (LDM's documentation up to 1.10 gives 5052 as the default; later versions leave it to the agent's configuration). LDM connects to it with `--port`, and the agent's security group admits it. A port other than 5052 is outside the port catalogue: acknowledge LDM-SG-004 for it.",
        }),
    })
    .prefault({})
    .meta({
      description:
        "The host HiveMigrator's remote Glue agent runs on with `remoteGlueAgent: true`.",
    }),
  hiveWarehousePath: hostPath.default(DEFAULT_HIVE_WAREHOUSE_PATH).meta({
    description: "Where the source cluster keeps Hive's warehouse: path mappings start there.",
  }),
  signingHelper: z
    .strictObject({
      executable: z
        .string({ error: Expect.executable })
        .regex(/^(aws_signing_helper|\/[A-Za-z0-9._+@=,:/-]+)$/, { error: Expect.executable })
        .default('aws_signing_helper')
        .meta({
          title: '`aws_signing_helper` or an absolute path',
          description: 'The signing helper executable: the name on PATH, or its absolute path.',
        }),
      certificatePath: hostPath.default('/etc/wandisco/aws/roles-anywhere/certificate.pem').meta({
        description: "The host's X.509 certificate, issued by the trust anchor's CA.",
      }),
      privateKeyPath: hostPath.default('/etc/wandisco/aws/roles-anywhere/private-key.pem').meta({
        description: "The certificate's private key (readable only by the LDM service user).",
      }),
    })
    .prefault({})
    .meta({
      description:
        'With `credentials: roles-anywhere`: the Roles Anywhere signing helper on the LDM host and its certificate and key, for the rendered `credential_process`.',
    }),
});

export type HostsConfig = z.infer<typeof hostsSchema>;
export type Ec2HostConfig = HostsConfig['migrator'];

/** Rules that span host fields and the rest of the migrator section. */
export function checkHosts(env: PartialEnvironment, add: AddProblem): void {
  const migrator = env.migrator as HostSettings | undefined;
  if (!migrator) return;
  // `credentials` is resolved by the migrator schema's transform; before it ran, apply its default.
  const placement = migrator.placement ?? 'on-premises';
  const credentials = migrator.credentials ?? defaultCredentials(placement);
  const settings = { ...migrator, placement, credentials };
  const launch = hostsToLaunch(settings);
  const path = (...rest: string[]) => ['migrator', 'hosts', ...rest];
  const glueAgent = migrator.hosts?.glueAgent as
    { enabled?: unknown; address?: unknown } | undefined;

  if (launch.migrator) {
    if (placement !== 'ec2') {
      add(path('migrator', 'enabled'), true, Expect.migratorHostNeedsEc2);
    } else if (credentials !== 'instance-profile') {
      add(path('migrator', 'enabled'), true, Expect.hostNeedsInstanceProfile(String(credentials)));
    }
  }
  if (launch.glueAgent) {
    if (migrator.remoteGlueAgent !== true) {
      add(path('glueAgent', 'enabled'), true, Expect.glueAgentHostNeedsRemoteAgent);
    } else if (credentials !== 'instance-profile') {
      add(path('glueAgent', 'enabled'), true, Expect.hostNeedsInstanceProfile(String(credentials)));
    }
  }
  const address = glueAgent?.address;
  if (address !== undefined && migrator.remoteGlueAgent !== true) {
    add(path('glueAgent', 'address'), address, Expect.glueAgentAddressWithoutRemoteAgent);
  } else if (address !== undefined && launch.glueAgent) {
    add(path('glueAgent', 'address'), address, Expect.glueAgentAddressWithHost);
  } else if (address === undefined && migrator.remoteGlueAgent === true && !launch.glueAgent) {
    add(path('glueAgent', 'address'), undefined, Expect.glueAgentAddressNeeded);
  }
}
