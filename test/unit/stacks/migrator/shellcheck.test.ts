/**
 * ShellCheck passes on every shell script the toolkit renders: the host preflights (every golden
 * file: each shipped config's, and the combinations no shipped config covers, which the renderer
 * tests prove are what it renders) and the user data of the EC2 hosts the migrator stack launches.
 * ShellCheck is a requirement of `npm test`: without it this test fails, saying how to install it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig } from '../../../../lib/app/config';
import { compressedText } from '../../../fixtures/host-config/terraform-values';
import { configFiles, resources, ROOT, synth } from '../../../support/synth';

const GOLDEN = join(ROOT, 'test', 'fixtures', 'host-config', 'golden');

/** The shellcheck command, or a failure that says how to get it. */
function shellcheck(): string {
  const probe = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'shellcheck is not installed, and npm test checks every rendered script with it: apt-get install -y shellcheck (Debian, Ubuntu), dnf install ShellCheck (Fedora, RHEL with EPEL) or brew install shellcheck',
    );
  }
  return 'shellcheck';
}

/** ShellCheck's findings on `text` (none: ''), the dialect taken from its shebang. */
function findings(text: string, name: string): string {
  const run = spawnSync(shellcheck(), ['--format=gcc', '--severity=style', '-'], {
    input: text,
    encoding: 'utf8',
  });
  if (run.status === 0) return '';
  return `${name}:\n${run.stdout}${run.stderr}`;
}

/** Every file of a folder tree. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('shellcheck on every rendered shell script', () => {
  test('shellcheck is installed', () => {
    expect(shellcheck()).toBe('shellcheck');
  });

  const preflights = files(GOLDEN).filter((f) => f.endsWith('.sh'));

  test('every golden host configuration has a preflight, the agent host too', () => {
    const folders = (name: string) =>
      preflights.filter((f) => f.endsWith(`/${name}`)).map((f) => relative(GOLDEN, join(f, '..')));
    const all = [...new Set(files(GOLDEN).map((f) => relative(GOLDEN, join(f, '..'))))];
    expect(folders('preflight.sh').sort()).toEqual(all.sort());
    expect(folders('glue-agent-preflight.sh').sort()).toEqual([
      'config/ec2-remote-agent/cloud',
      'ec2-instance-profile',
      'on-premises-assume-role',
    ]);
  });

  test.each(preflights.map((f) => [relative(GOLDEN, f)]))('%s', (file) => {
    const text = readFileSync(join(GOLDEN, file), 'utf8');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(findings(text, file)).toBe('');
  });

  test.each(configFiles().map((f) => [relative(ROOT, f)]))(
    'the user data of the EC2 hosts of %s',
    (file) => {
      const out = synth(loadConfig(join(ROOT, file)));
      let checked = 0;
      for (const [id, stack] of Object.entries(out.stacks)) {
        for (const [name, template] of Object.entries<any>(
          resources(stack, 'aws_launch_template'),
        )) {
          // The text Terraform encodes; the agent host's address is only known at apply time.
          const text = compressedText(template.user_data, () => '10.0.0.25');
          expect(text.startsWith('#!/bin/bash\n')).toBe(true);
          expect(findings(text, `${id}/${name}`)).toBe('');
          checked++;
        }
      }
      const ec2 = (loadConfig(join(ROOT, file)).environments as any[]).some(
        (e) => e.migrator.placement === 'ec2' || e.migrator.remoteGlueAgent,
      );
      expect(checked > 0).toBe(ec2);
    },
  );
});
