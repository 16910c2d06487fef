/**
 * The fields of `environments[].migrator` the security layer is built from: how LDM gets AWS
 * credentials (the migrator role's trust), what caps the role, and who the hosts in AWS may talk to
 * (their security groups). The `migrator` section (stacks/migrator/config.ts) is composed of these
 * and the migrator's own fields; the config field names are a contract.
 */
import { z } from 'zod';
import { isAnywhere, parseCidr } from '../../lib/core/cidr';
import { Expect } from '../../lib/core/errors';
import {
  type AddProblem,
  cidr,
  isPrintableText,
  logRetentionDays,
  type PartialEnvironment,
} from '../../lib/core/fields';
import type { Protocol } from '../../lib/core/ports';
import { partitionOf } from '../../lib/core/regions';
import { readCaCertificate } from './ca-certificate';
import { readCrl } from './crl';
import { MAX_GLUE_POLICIES, migratorGluePolicies } from './policies';

export const CREDENTIAL_MODES = ['instance-profile', 'roles-anywhere', 'assume-role'] as const;

/** The protocols a source cluster port may use. */
const PROTOCOLS = ['tcp', 'udp'] as const satisfies readonly Protocol[];

/**
 * IAM condition operators a trust policy may use from config: the ones that fail when their key is
 * missing. Negated operators and `…IfExists` pass when the key is absent, so they would restrict
 * nothing for a caller who simply does not send it.
 */
export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringEqualsIgnoreCase',
  'StringLike',
  'ArnEquals',
  'ArnLike',
  'IpAddress',
  'Bool',
  'NumericEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateLessThan',
  'DateGreaterThan',
] as const;

/** A network that may reach the UI and REST APIs: never the whole internet, nothing wider than /8. */
const adminCidr = z
  .string({ error: Expect.cidr })
  .refine((v) => !isAnywhere(v), { error: Expect.adminCidr, abort: true })
  .pipe(cidr)
  .refine((v) => (parseCidr(v)?.prefixLength ?? 0) >= 8, { error: Expect.adminCidr })
  .meta({ title: 'IPv4 CIDR, /8 or narrower' });

const trustedPrincipal = z
  .string({ error: Expect.trustedPrincipal })
  .regex(/^arn:aws(-us-gov|-cn)?:iam::\d{12}:(root|(role|user)\/[\w+=,.@/-]{1,512})$/, {
    error: Expect.trustedPrincipal,
  })
  .meta({ title: 'IAM principal ARN (role, user or account root)' });

/** A condition key or value: any printable text (written into the policy as it is). */
const conditionText = z
  .string({ error: Expect.conditionValues })
  .min(1, { error: Expect.conditionValues })
  .refine((v) => isPrintableText(v), { error: Expect.conditionValues });

const conditionValue = z.union(
  [
    conditionText,
    z.array(conditionText).min(1, {
      error: Expect.conditionValues,
    }),
  ],
  { error: Expect.conditionValues },
);

/** operator -> key -> value(s); operators from `CONDITION_OPERATORS` only. */
const conditionsSchema = z
  .record(z.string(), z.record(conditionText, conditionValue))
  .superRefine((conditions, ctx) => {
    for (const operator of Object.keys(conditions)) {
      if (!(CONDITION_OPERATORS as readonly string[]).includes(operator)) {
        ctx.addIssue({
          code: 'custom',
          path: [operator],
          input: operator,
          message: Expect.conditionOperator(CONDITION_OPERATORS),
        });
      }
    }
  })
  .meta({ title: 'map of operator to (map of key to value or list of values)' });

const rolesAnywhereSchema = z
  .strictObject({
    caCertificateFile: z
      .string({ error: Expect.caCertificatePem })
      .min(1, {
        error: Expect.caCertificatePem,
      })
      .meta({
        title: 'path',
        description:
          "The CA certificate (PEM: one certificate with `CA:TRUE`, no private key) that issues the hosts' certificates: it becomes the trust anchor. A relative path starts at the working directory, like `LDM_CONFIG`.",
      }),
    commonNames: z
      .array(
        z
          .string({ error: Expect.commonName })
          .min(1, { error: Expect.commonName })
          .max(64, { error: Expect.commonName })
          .refine((v) => isPrintableText(v), { error: Expect.commonName }),
      )
      .default([])
      .meta({
        title: 'list of subject CNs, 1-64 characters each',
        description:
          'Only certificates with one of these subject common names (CN) get the role. Empty: any certificate the CA issued, so give the CA to LDM hosts only, or list them here.',
      }),
    crlFile: z.string({ error: Expect.crlPem }).min(1, { error: Expect.crlPem }).optional().meta({
      title: 'path',
      description:
        "The CA's certificate revocation list (PEM or DER, signed by the CA in `caCertificateFile`): Roles Anywhere refuses the certificates it lists, so a stolen host certificate stops working before it expires. Update the file and apply when the CA revokes one. A relative path starts at the working directory.",
      defaultText: 'none: a certificate works until it expires',
    }),
  })
  .transform((ra, ctx) => {
    const read = readCaCertificate(ra.caCertificateFile);
    if ('problem' in read) {
      ctx.issues.push({
        code: 'custom',
        path: ['caCertificateFile'],
        input: ra.caCertificateFile,
        message: read.problem,
      });
      return z.NEVER;
    }
    const crl = ra.crlFile === undefined ? undefined : readCrl(ra.crlFile, read.pem);
    if (crl && 'problem' in crl) {
      ctx.issues.push({
        code: 'custom',
        path: ['crlFile'],
        input: ra.crlFile,
        message: crl.problem,
      });
      return z.NEVER;
    }
    // Stacks see the certificate and the list themselves, never the files.
    return { ...ra, caCertificatePem: read.pem, crlPem: crl?.pem };
  });

const assumeRoleSchema = z.strictObject({
  principals: z.array(trustedPrincipal).min(1, { error: Expect.trustedPrincipal }).meta({
    description: 'Who may assume the migrator role (no wildcards).',
  }),
  externalId: z
    .string({ error: Expect.externalId })
    .regex(/^[\w+=,.@:/-]{2,1224}$/, { error: Expect.externalId })
    .optional()
    .meta({
      title: '2-1224 of `A-Za-z0-9_+=,.@:/-`',
      description:
        'The external id callers must pass (`sts:ExternalId`). Required unless `conditions` restrict the callers; not also in `conditions`.',
    }),
  conditions: conditionsSchema.default({}).meta({
    description: `Extra IAM conditions of the trust statement, operator → key → value(s), such as \`{ IpAddress: { aws:SourceIp: [192.168.0.0/16] } }\`. Operators: ${CONDITION_OPERATORS.map((o) => `\`${o}\``).join(', ')}; negated and \`…IfExists\` operators are refused, because they pass when the key is missing.`,
  }),
});

const portNumber = z
  .number({ error: Expect.sourceClusterPort })
  .int({ error: Expect.sourceClusterPort })
  .min(1, { error: Expect.sourceClusterPort })
  .max(65535, { error: Expect.sourceClusterPort });

/**
 * A port of the source cluster: a plain number is TCP (what every entry meant before UDP was
 * possible), `{ port, protocol }` says the protocol. Both become `{ port, protocol }`.
 */
const sourceClusterPortSchema = z
  .union(
    [
      portNumber.transform((port) => ({ port, protocol: 'tcp' as const })),
      z.strictObject({
        port: portNumber,
        protocol: z.enum(PROTOCOLS, { error: Expect.oneOf(PROTOCOLS) }).default('tcp'),
      }),
    ],
    { error: Expect.sourceClusterPort },
  )
  .meta({ title: 'TCP port number, or `{ port, protocol: tcp | udp }`' });

/** The security layer's fields of the `migrator` section (see the module comment). */
export const securityFields = {
  adminCidrs: z.array(adminCidr).default([]).meta({
    description:
      'Networks allowed to reach the UI and REST APIs of a host in AWS; at least one with `placement: ec2`. Never `0.0.0.0/0` or `::/0`.',
  }),
  credentials: z
    .enum(CREDENTIAL_MODES, { error: Expect.oneOf(CREDENTIAL_MODES) })
    .optional()
    .meta({
      description: 'How LDM gets AWS credentials; `instance-profile` only with `placement: ec2`.',
      defaultText: '`instance-profile` with `placement: ec2`, else `roles-anywhere`',
    }),
  rolesAnywhere: rolesAnywhereSchema.optional().meta({
    description:
      "IAM Roles Anywhere: the CA that signs the hosts' certificates. Required with `credentials: roles-anywhere`, refused otherwise.",
  }),
  assumeRole: assumeRoleSchema.optional().meta({
    description:
      'Who may assume the migrator role, and how they prove it. Required with `credentials: assume-role`, refused otherwise.',
  }),
  permissionsBoundaryArn: z
    .string({ error: Expect.permissionsBoundaryArn })
    .regex(/^arn:aws(-us-gov|-cn)?:iam::(\d{12}|aws):policy\/[\w+=,.@/-]{1,512}$/, {
      error: Expect.permissionsBoundaryArn,
    })
    .optional()
    .meta({
      title: 'IAM managed policy ARN',
      description:
        "A managed policy that caps the migrator role's permissions (an organisation's permissions boundary).",
    }),
  maxSessionDurationSeconds: z
    .number({ error: Expect.maxSessionDurationSeconds })
    .int({ error: Expect.maxSessionDurationSeconds })
    .min(3600, { error: Expect.maxSessionDurationSeconds })
    .max(43200, { error: Expect.maxSessionDurationSeconds })
    .default(3600)
    .meta({
      description:
        'The longest session of the migrator role, in seconds (also the Roles Anywhere session length).',
    }),
  sourceClusterPorts: z.array(sourceClusterPortSchema).default([]).meta({
    description:
      'With `placement: ec2`: ports of the source Hadoop cluster (in `network.onPremCidrs`, which then needs an entry) the host connects to: a number for TCP, such as NameNode RPC 8020 and DataNode 9866, or `{ port, protocol: udp }`, such as `{ port: 88, protocol: udp }` for a Kerberos KDC (which clients reach over UDP unless `krb5.conf` sets `udp_preference_limit = 1`). Each port and protocol listed once.',
  }),
  hostLogRetentionDays: logRetentionDays.default(365).meta({
    description:
      "With `credentials: instance-profile`: how long the hosts' log group `/<project>/<env>/migrator-hosts` keeps what the hosts write there.",
  }),
  allowInternetHttps: z.boolean().default(false).meta({
    description:
      "**Relaxation**: the hosts in AWS (migrator host, remote Glue agent host) may open HTTPS to any address through `network.outboundInternet`'s NAT gateway (which it needs), to download LDM and OS packages. Risk accepted: a compromised host can send data to any HTTPS server.",
  }),
};

/** `credentials`' default: the instance profile on EC2, Roles Anywhere on premises. */
export function defaultCredentials(placement: unknown): CredentialsMode {
  return placement === 'ec2' ? 'instance-profile' : 'roles-anywhere';
}

export type CredentialsMode = (typeof CREDENTIAL_MODES)[number];

/** `8020/tcp` for `8020` and `{ port: 8020 }`; undefined for what the schema refuses. */
function sourceClusterPortKey(entry: unknown): string | undefined {
  if (typeof entry === 'number') return `${entry}/tcp`;
  if (isObject(entry) && typeof entry.port === 'number') {
    return `${entry.port}/${typeof entry.protocol === 'string' ? entry.protocol : 'tcp'}`;
  }
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Rules that span the security fields (and the network and catalog sections). */
export function checkSecurity(env: PartialEnvironment, add: AddProblem): void {
  const m = env.migrator;
  if (!m) return;
  const placement = m.placement ?? 'on-premises';
  // The schema's transform resolves the default; it has not run when another field failed.
  const credentials = m.credentials ?? defaultCredentials(placement);
  const onPremCidrs = Array.isArray(env.network?.onPremCidrs) ? env.network.onPremCidrs : [];

  // Credentials: each mode needs its own settings, and only its own.
  if (credentials === 'instance-profile' && placement === 'on-premises') {
    add(['migrator', 'credentials'], credentials, Expect.instanceProfileNeedsEc2);
  }
  const settings = [
    ['rolesAnywhere', 'roles-anywhere', Expect.rolesAnywhereNeeded],
    ['assumeRole', 'assume-role', Expect.assumeRoleNeeded],
  ] as const;
  for (const [field, mode, needed] of settings) {
    if (credentials === mode && m[field] === undefined) add(['migrator', field], undefined, needed);
    if (credentials !== mode && m[field] !== undefined) {
      add(['migrator', field], undefined, Expect.onlyWithCredentials(mode));
    }
  }

  // assume-role: the listed principals prove their context (external id or conditions).
  const assumeRole = m.assumeRole;
  if (credentials === 'assume-role' && isObject(assumeRole)) {
    const conditions = isObject(assumeRole.conditions) ? assumeRole.conditions : {};
    if (assumeRole.externalId === undefined && Object.keys(conditions).length === 0) {
      add(['migrator', 'assumeRole', 'externalId'], undefined, Expect.assumeRoleGuard);
    }
    for (const [operator, keys] of Object.entries(conditions)) {
      if (isObject(keys) && 'sts:ExternalId' in keys) {
        add(
          ['migrator', 'assumeRole', 'conditions', operator, 'sts:ExternalId'],
          keys['sts:ExternalId'],
          Expect.externalIdInConditions,
        );
      }
    }
  }

  // A host in AWS: someone must be able to reach it, and it reaches on premises only as listed.
  const adminCidrs = Array.isArray(m.adminCidrs) ? m.adminCidrs : [];
  if (placement === 'ec2' && adminCidrs.length === 0) {
    add(['migrator', 'adminCidrs'], adminCidrs, Expect.adminCidrsForEc2);
  }
  const ports = Array.isArray(m.sourceClusterPorts) ? (m.sourceClusterPorts as unknown[]) : [];
  const seenPorts = new Set<string>();
  ports.forEach((port, i) => {
    const key = sourceClusterPortKey(port);
    if (key !== undefined && seenPorts.has(key)) {
      add(['migrator', 'sourceClusterPorts', i], port, Expect.listedOnce);
    }
    if (key !== undefined) seenPorts.add(key);
  });
  if (placement === 'ec2' && ports.length > 0 && onPremCidrs.length === 0) {
    add(['migrator', 'sourceClusterPorts'], ports, Expect.sourceClusterPortsNeedOnPrem);
  }
  if (m.allowInternetHttps === true) {
    if (placement !== 'ec2' && m.remoteGlueAgent !== true) {
      add(['migrator', 'allowInternetHttps'], true, Expect.internetHttpsNeedsHost);
    } else if (env.network?.outboundInternet !== true) {
      add(['migrator', 'allowInternetHttps'], true, Expect.internetHttpsNeedsNat);
    }
  }

  // The role's Glue permissions must fit the managed policies it takes.
  const databases = Array.isArray(env.catalog?.databases)
    ? (env.catalog.databases as unknown[]).flatMap((db) =>
        isObject(db) && typeof db.name === 'string' ? [db.name] : [],
      )
    : [];
  if (typeof env.region === 'string' && typeof env.accountId === 'string') {
    const catalogId = env.catalog?.catalogId;
    const policies = migratorGluePolicies(
      {
        partition: partitionOf(env.region),
        region: env.region,
        catalogId: typeof catalogId === 'string' ? catalogId : env.accountId,
      },
      databases,
    ).length;
    if (policies > MAX_GLUE_POLICIES) {
      add(
        ['catalog', 'databases'],
        undefined,
        Expect.migratorGluePolicies(policies, MAX_GLUE_POLICIES),
      );
    }
  }
}
