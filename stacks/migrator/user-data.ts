/**
 * User data of the EC2 hosts the migrator stack launches: fetch the rendered host configuration
 * from SSM Parameter Store (through the VPC's SSM endpoint, with the instance profile's role) into
 * HOST_CONFIG_DIR; on the migrator host, run the LDM CLI script once LDM's REST API answers. Runs
 * once, at first boot. Written without `${` or `%{`, which Terraform would read as templates, and
 * without backslashes, which cdktf's raw strings do not escape.
 */
import { Ports } from '../../lib/core/ports';
import { HOST_CONFIG_DIR, HOST_CONFIG_FILES } from './files';
import { quoteArg } from './quote';

export interface UserDataInput {
  readonly region: string;
  readonly configParameter: string;
  readonly scriptParameter: string;
  /** Run the script with `livedata-migrator` (the migrator host); otherwise only fetch. */
  readonly runScript: boolean;
}

export function renderUserData(input: UserDataInput): string {
  const q = (value: string) => quoteArg(value, 'user data');
  const dir = HOST_CONFIG_DIR;
  const script = `${dir}/${HOST_CONFIG_FILES.script}`;
  const lines = [
    '#!/bin/bash',
    '# LiveData Migrator landing zone: fetch the host configuration rendered from the stack outputs.',
    'set -euo pipefail',
    'umask 027',
    `install -d -m 0750 ${q(dir)}`,
    '',
    '# fetch <parameter> <file>: SSM and IAM can take a moment after the stack is applied.',
    'fetch() {',
    '  for attempt in $(seq 1 30); do',
    `    if aws ssm get-parameter --region ${q(input.region)} --with-decryption --name "$1" --query Parameter.Value --output text > "$2.partial"; then`,
    '      mv "$2.partial" "$2"',
    '      return 0',
    '    fi',
    '    echo "attempt $attempt: cannot read $1 yet" >&2',
    '    sleep 10',
    '  done',
    '  echo "giving up on $1" >&2',
    '  return 1',
    '}',
    `fetch ${q(input.configParameter)} ${q(`${dir}/${HOST_CONFIG_FILES.json}`)}`,
    `fetch ${q(input.scriptParameter)} ${q(script)}`,
  ];
  if (input.runScript) {
    const port = Ports.LDM_API.port;
    lines.push(
      '',
      '# LDM is installed from its own package (or baked into the image); without it, stop here.',
      'if ! command -v livedata-migrator > /dev/null; then',
      `  echo "livedata-migrator is not installed: install it, then run livedata-migrator --script=${script}"`,
      '  exit 0',
      'fi',
      `# Wait until LDM listens on its REST port (${port}), which its CLI talks to.`,
      'for attempt in $(seq 1 60); do',
      `  if (: > /dev/tcp/127.0.0.1/${port}) 2> /dev/null; then break; fi`,
      '  sleep 10',
      'done',
      `livedata-migrator --script=${q(script)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
