/**
 * Disk states for tests: a folder this process cannot change. As root, permissions stop nothing,
 * so the folder is made immutable (`chattr +i`, which needs CAP_LINUX_IMMUTABLE); otherwise it is
 * made read-only. Never skipped: where neither works, the test says why.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';

/** Makes `path` unchangeable; returns the function that undoes it (call it in `finally`). */
export function lockPath(path: string): () => void {
  if (process.getuid?.() !== 0) {
    const mode = statSync(path).mode & 0o7777;
    chmodSync(path, 0o555);
    return () => chmodSync(path, mode);
  }
  try {
    execFileSync('chattr', ['+i', path], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(
      `cannot make ${path} unchangeable: running as root, and chattr +i failed (${String(err)}); run the tests as a non-root user, or with CAP_LINUX_IMMUTABLE`,
    );
  }
  return () => execFileSync('chattr', ['-i', path], { stdio: 'pipe' });
}
