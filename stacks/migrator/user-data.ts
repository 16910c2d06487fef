/**
 * User data of the EC2 hosts the migrator stack launches: fetch the rendered host configuration
 * from SSM Parameter Store (through the VPC's SSM endpoint, with the instance profile's role) into
 * HOST_CONFIG_DIR, install the AWS profile and the systemd drop-in that points the host's services
 * at it; on the migrator host, wait until every service the LDM CLI script talks to answers (LDM,
 * HiveMigrator, the remote Glue agent), each with a timeout and a log line, then run the script.
 * Runs once, at first boot. Written without `${` or `%{`, which Terraform would read as templates,
 * and without backslashes, which cdktf's raw strings do not escape.
 */
import { HOST_CONFIG_DIR, HOST_CONFIG_FILES } from './files';
import { quoteArg } from './quote';

/** A service the script needs, and where it listens. */
export interface ServiceToWaitFor {
  /** For the log: `HiveMigrator REST API`. */
  readonly what: string;
  /** An IPv4 address or host name; may be a value known only at apply time (see `deferred`). */
  readonly host: string;
  readonly port: number;
}

export interface UserDataInput {
  readonly region: string;
  readonly configParameter: string;
  readonly scriptParameter: string;
  readonly updateScriptParameter: string;
  /** The rendered AWS profile and systemd drop-in (HostConfig's `awsConfig`, `systemdDropIn`). */
  readonly awsConfig: string;
  readonly systemdDropIn: string;
  /** The systemd units that read the profile: the drop-in goes into each one's `.service.d/`. */
  readonly services: readonly string[];
  /**
   * The host's preflight: its SSM parameters (joined, the script compressed: gzip, base64) and its
   * file in HOST_CONFIG_DIR. The user data runs it once and logs what it finds; it never stops the
   * user data.
   */
  readonly preflight: { readonly parameters: readonly string[]; readonly file: string };
  /** The migrator host: wait for these, in order, then run the LDM CLI script. */
  readonly run?: { readonly waitFor: readonly ServiceToWaitFor[] };
  /** Values written as they are (an IP address Terraform fills in). @default none */
  readonly deferred?: (value: string) => boolean;
}

/** How long the migrator host waits for each service, and how often it tries. */
export const WAIT_SECONDS = 600;
const WAIT_INTERVAL_SECONDS = 10;

/** Where the preflight's findings are explained. */
const PREFLIGHT_DOC = 'docs/network-requirements.md';

/** The drop-in's file name in `/etc/systemd/system/<unit>.service.d/`. */
export const DROP_IN_NAME = 'ldm-landing-zone-aws.conf';

export function renderUserData(input: UserDataInput): string {
  const q = (value: string) => (input.deferred?.(value) ? value : quoteArg(value, 'user data'));
  const dir = HOST_CONFIG_DIR;
  const file = (name: string) => `${dir}/${name}`;
  const script = file(HOST_CONFIG_FILES.script);
  const preflight = file(input.preflight.file);
  for (const [what, text] of [
    ['awsConfig', input.awsConfig],
    ['systemdDropIn', input.systemdDropIn],
  ] as const) {
    if (/[$%]\{|\\/.test(text) || text.includes('LDM_EOF')) {
      throw new Error(`renderUserData: ${what} cannot be written into user data as it is`);
    }
  }
  const attempts = WAIT_SECONDS / WAIT_INTERVAL_SECONDS;
  const lines = [
    '#!/bin/bash',
    '# LiveData Migrator landing zone: fetch the host configuration rendered from the stack outputs.',
    'set -euo pipefail',
    'umask 027',
    'log() { echo "ldm-landing-zone: $*"; }',
    // Readable by the services' users: the AWS profile lives here.
    `install -d -m 0755 ${q(dir)}`,
    '',
    '# fetch <parameter> <file>: SSM and IAM can take a moment after the stack is applied.',
    'fetch() {',
    '  for attempt in $(seq 1 30); do',
    `    if aws ssm get-parameter --region ${q(input.region)} --with-decryption --name "$1" --query Parameter.Value --output text > "$2.partial"; then`,
    '      mv "$2.partial" "$2"',
    '      return 0',
    '    fi',
    '    log "attempt $attempt: cannot read $1 yet" >&2',
    '    sleep 10',
    '  done',
    '  log "giving up on $1" >&2',
    '  return 1',
    '}',
    `fetch ${q(input.configParameter)} ${q(file(HOST_CONFIG_FILES.json))}`,
    `fetch ${q(input.scriptParameter)} ${q(script)}`,
    `fetch ${q(input.updateScriptParameter)} ${q(file(HOST_CONFIG_FILES.updateScript))}`,
    '',
    '# The AWS profile every service reads, and the drop-in that points each service at it.',
    `cat > ${q(file(HOST_CONFIG_FILES.awsConfig))} <<'LDM_EOF'`,
    ...input.awsConfig.trimEnd().split('\n'),
    'LDM_EOF',
    `cat > ${q(file(HOST_CONFIG_FILES.systemdDropIn))} <<'LDM_EOF'`,
    ...input.systemdDropIn.trimEnd().split('\n'),
    'LDM_EOF',
    `chmod 0644 ${q(file(HOST_CONFIG_FILES.awsConfig))} ${q(file(HOST_CONFIG_FILES.systemdDropIn))}`,
    // One pair of lines per service (a loop over one unit is what shellcheck calls a mistake).
    ...input.services.flatMap((unit) => [
      `install -d -m 0755 ${q(`/etc/systemd/system/${unit}.service.d`)}`,
      `install -m 0644 ${q(file(HOST_CONFIG_FILES.systemdDropIn))} ${q(`/etc/systemd/system/${unit}.service.d/${DROP_IN_NAME}`)}`,
    ]),
    'systemctl daemon-reload',
    '',
    '# The preflight: what LDM needs of this host and its network, checked and logged once.',
    `if ${input.preflight.parameters.map((p, i) => `fetch ${q(p)} ${q(`${preflight}.${i + 1}`)}`).join(' && ')} &&`,
    `  cat ${input.preflight.parameters.map((_, i) => q(`${preflight}.${i + 1}`)).join(' ')} | base64 -d | gunzip > ${q(preflight)}; then`,
    `  rm -f ${input.preflight.parameters.map((_, i) => q(`${preflight}.${i + 1}`)).join(' ')}`,
    `  sh ${q(preflight)} || log "the preflight found problems (above): see ${PREFLIGHT_DOC}"`,
    'fi',
  ];
  if (input.run) {
    lines.push(
      '',
      '# LDM is installed from its own package (or baked into the image); without it, stop here.',
      'if ! command -v livedata-migrator > /dev/null; then',
      `  log "livedata-migrator is not installed: install it, then run livedata-migrator --script=${script}"`,
      '  exit 0',
      'fi',
      '# Services that started before the drop-in existed read the profile only after a restart.',
      `systemctl try-restart ${input.services.map(q).join(' ')} || true`,
      '',
      `# wait_for <what> <host> <port>: until it accepts connections, at most ${WAIT_SECONDS} s.`,
      'wait_for() {',
      `  log "waiting for $1 on $2:$3 (at most ${WAIT_SECONDS} s)"`,
      `  for attempt in $(seq 1 ${attempts}); do`,
      '    if (: > "/dev/tcp/$2/$3") 2> /dev/null; then',
      '      log "$1 answers on $2:$3"',
      '      return 0',
      '    fi',
      `    sleep ${WAIT_INTERVAL_SECONDS}`,
      '  done',
      `  log "$1 does not answer on $2:$3 after ${WAIT_SECONDS} s: the LDM CLI script was not run; once it answers, run livedata-migrator --script=${script}" >&2`,
      '  return 1',
      '}',
      ...input.run.waitFor.map(
        (s) => `wait_for ${quoteArg(s.what, 'user data')} ${q(s.host)} ${s.port}`,
      ),
      `log "running livedata-migrator --script=${script}"`,
      `livedata-migrator --script=${q(script)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
