/**
 * How many terraform processes run at once, across every process of this user on the machine (the
 * jest workers of one `npm test`, a bench beside it): each terraform command that loads the AWS
 * provider takes about 600 MB and a core while it starts, and more of them than cores only
 * makes each slower. The limit is the number of cores, or fewer when memory is short; a
 * `terraform test` starts two provider processes and weighs two.
 *
 * Slots are files in one folder (`<tmp>/ldm-terraform-slots-<uid>/slot-<n>`), each created
 * exclusively and holding its owner's pid; a slot whose owner is gone is taken over. Released on
 * exit, also when a test run is interrupted.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism, freemem, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** What one terraform command with the AWS provider takes, with room for terraform itself. */
export const PROVIDER_BYTES = 700 * 1024 * 1024;

/** Memory the kernel can give without swapping (MemAvailable), or free memory elsewhere. */
export function availableMemory(): number {
  try {
    const line = /^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (line) return Number(line[1]) * 1024;
  } catch {
    // Not Linux: os.freemem() is the best there is.
  }
  return freemem();
}

/** Terraform commands that may run at once on this machine: cores, fewer when memory is short. */
export function terraformConcurrency(
  cores = availableParallelism(),
  memory = availableMemory(),
): number {
  return Math.max(1, Math.min(cores, Math.floor(memory / PROVIDER_BYTES)));
}

const held = new Set<string>();
let exitHook = false;

function slotDir(): string {
  let uid: string;
  try {
    uid = String(userInfo().uid);
  } catch {
    uid = 'user';
  }
  return join(tmpdir(), `ldm-terraform-slots-${uid}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes slot `path` if it is free or its owner is gone. */
function tryTake(path: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(path);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(path, 'utf8'));
    } catch {
      continue; // released meanwhile: try again
    }
    // An owner that has not written its pid yet reads as NaN: busy.
    if (Number.isNaN(owner) || owner === process.pid || alive(owner)) return false;
    rmSync(path, { force: true });
  }
  return false;
}

function release(paths: readonly string[]): void {
  for (const path of paths) {
    rmSync(path, { force: true });
    held.delete(path);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` once `weight` of the machine's `limit` terraform slots are free, and frees them after.
 * All or nothing: slots taken while others are busy are given back, so two waiting processes never
 * hold half each.
 */
export async function withTerraformSlots<T>(
  weight: number,
  fn: () => Promise<T>,
  limit = terraformConcurrency(),
  dir = slotDir(),
): Promise<T> {
  mkdirSync(dir, { recursive: true });
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => release([...held]));
  }
  const need = Math.min(Math.max(1, weight), limit);
  let taken: string[] = [];
  for (let wait = 20; ; wait = Math.min(wait * 2, 250)) {
    taken = [];
    for (let i = 0; i < limit && taken.length < need; i++) {
      const path = join(dir, `slot-${i}`);
      if (tryTake(path)) taken.push(path);
    }
    if (taken.length === need) break;
    release(taken);
    await sleep(wait + Math.random() * 20);
  }
  try {
    return await fn();
  } finally {
    release(taken);
  }
}

/**
 * Runs `fn` over `items` with at most `limit` at a time in this process (each also waiting for a
 * machine-wide slot, `weight` per item), keeping the order of results. Stops starting new items
 * after the first failure, and rejects with it once the running ones are done.
 */
export async function mapTerraform<T, R>(
  items: readonly T[],
  fn: (item: T) => Promise<R>,
  options: {
    readonly weight?: (item: T) => number;
    readonly limit?: number;
    /** Where the slots are (tests keep their own). @default the machine's */
    readonly slotDir?: string;
  } = {},
): Promise<R[]> {
  const limit = options.limit ?? terraformConcurrency();
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      const item = items[i] as T;
      try {
        results[i] = await withTerraformSlots(
          options.weight?.(item) ?? 1,
          () => fn(item),
          limit,
          options.slotDir,
        );
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}
