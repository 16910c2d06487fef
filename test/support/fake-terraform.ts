/**
 * A stand-in terraform for the command tests: it logs `<stack dir> <args>` to $FAKE_TF_LOG, writes
 * the plan file `plan -out=` names, answers `show -json` with $FAKE_TF_SHOW, and fails the steps
 * it is told to ($FAKE_TF_FAIL: plan and apply of that stack; $FAKE_TF_FAIL_SHOW: its show), and
 * answers `output -json` with every output a stack declares (none for $FAKE_TF_UNDEPLOYED).
 * test/terraform runs the real CLI.
 */
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { AWS_PROVIDER, terraformPlatform } from '../../lib/gitops/providers';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLAN_FILE } from '../../lib/gitops/record';
import { CONFIG_DIR, ROOT } from './synth';

export const PLAN_FIXTURES = join(ROOT, 'test', 'fixtures', 'plans');

/** A folder that looks like a user's checkout: the config/ folder of the project. */
export function workspace(prefix = 'ldm-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(CONFIG_DIR, join(dir, 'config'), { recursive: true });
  return dir;
}

export function fakeTerraform(dir: string): string {
  const path = join(dir, 'fake-terraform');
  writeFileSync(
    path,
    `#!/usr/bin/env bash
here=$(basename "$PWD")
echo "$here $*" >> "$FAKE_TF_LOG"
case "$1" in
  version) echo '{"terraform_version":"1.11.4"}' ;;
  init) ;;
  plan)
    if [ "$here" = "$FAKE_TF_FAIL" ]; then echo "Error: Unsupported attribute (from the fake)" >&2; exit 1; fi
    out=${PLAN_FILE}; for a in "$@"; do case "$a" in -out=*) out="\${a#-out=}" ;; esac; done
    echo "plan of $here" > "$out" ;;
  show)
    if [ "$here" = "$FAKE_TF_FAIL_SHOW" ]; then echo "Error: plan file unreadable (from the fake)" >&2; exit 1; fi
    cat "$FAKE_TF_SHOW" ;;
  output)
    # What a deployed stack's state holds: every output it declares ($FAKE_TF_UNDEPLOYED: none).
    if [ "$here" = "$FAKE_TF_UNDEPLOYED" ]; then echo '{}'; exit 0; fi
    node -e 'const o = require(process.cwd() + "/cdk.tf.json").output || {};
      console.log(JSON.stringify(Object.fromEntries(Object.keys(o).map((k) => [k, { value: "v-" + k }]))))' ;;
  providers) echo '{"format_version":"1.0","provider_schemas":{}}' ;;
  apply)
    if [ "$here" = "$FAKE_TF_FAIL" ]; then echo "Error: creating S3 Bucket: AccessDenied (from the fake)" >&2; exit 1; fi ;;
esac
`,
  );
  chmodSync(path, 0o755);
  return path;
}

/**
 * A provider mirror holding a stand-in of the pinned AWS provider: the commands find a provider
 * without looking at the machine (lib/gitops/providers.ts), and the fake never runs it.
 */
export function fakeMirror(dir: string): string {
  const mirror = join(dir, 'mirror');
  const platformDir = join(mirror, AWS_PROVIDER.address, AWS_PROVIDER.version, terraformPlatform());
  mkdirSync(platformDir, { recursive: true });
  writeFileSync(join(platformDir, `terraform-provider-aws_v${AWS_PROVIDER.version}_x5`), '');
  return mirror;
}

/** The environment of a command run with the fake in `dir`. */
export function fakeEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    LDM_CONFIG: undefined,
    CDKTF_OUTDIR: undefined,
    LDM_TF_PLUGIN_MIRROR: fakeMirror(dir),
    TERRAFORM_BINARY: fakeTerraform(dir),
    FAKE_TF_LOG: join(dir, 'terraform.log'),
    FAKE_TF_SHOW: join(PLAN_FIXTURES, 'create-only.json'),
    FAKE_TF_FAIL: '',
    FAKE_TF_FAIL_SHOW: '',
    FAKE_TF_UNDEPLOYED: '',
    ...extra,
  };
}

/** The terraform calls the fake logged (`<stack> <args>`), without `version`. */
export function calls(dir: string): string[] {
  const log = join(dir, 'terraform.log');
  return existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l && !l.includes(' version '))
    : [];
}
