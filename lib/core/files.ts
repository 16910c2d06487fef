/**
 * Reading and writing the files a user names (the config, a CA certificate, outputs files, saved
 * plans) without trusting what is at the path: it must be a regular file (a FIFO would block
 * forever, `/dev/zero` never ends) of a bounded size, and every failure becomes words for a
 * message (`fsReason`), never a stack trace.
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** A file the toolkit cannot use, and why, in words. */
export class UnreadableFile extends Error {
  constructor(
    readonly path: string,
    /** The errno code (`ENOENT`, `EACCES`, …), or `ENOTREG` / `EFBIG` for the checks here. */
    readonly code: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'UnreadableFile';
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EEXIST: 'already exists',
  ENOTEMPTY: 'a folder that is not empty',
  EBUSY: 'busy',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  EXDEV: 'on another file system',
  ENOTREG: 'not a regular file',
};

/** The errno code of a failed file operation, if it has one. */
export function fsCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why a file operation failed, in words: `permission denied (EACCES)`. */
export function fsReason(err: unknown): string {
  if (err instanceof UnreadableFile) return err.reason;
  const code = fsCode(err);
  if (code) return REASONS[code] ? `${REASONS[code]} (${code})` : code;
  return err instanceof Error ? err.message : String(err);
}

/**
 * The text of the regular file at `path`, of at most `maxBytes` bytes. Throws `UnreadableFile`
 * (with the errno code, or `ENOTREG` / `EFBIG`) for anything else.
 */
export function readTextFile(path: string, maxBytes: number): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new UnreadableFile(path, fsCode(err) ?? 'EIO', fsReason(err));
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UnreadableFile(path, 'EISDIR', fsReason({ code: 'EISDIR' }));
    if (!stat.isFile()) throw new UnreadableFile(path, 'ENOTREG', REASONS.ENOTREG!);
    const tooLarge = () => new UnreadableFile(path, 'EFBIG', `larger than ${maxBytes} bytes`);
    if (stat.size > maxBytes) throw tooLarge();
    // Read to the end (the size may have changed since fstat), never past the limit.
    const chunks: Buffer[] = [];
    const chunk = Buffer.alloc(64 * 1024);
    let total = 0;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) throw tooLarge();
      chunks.push(Buffer.from(chunk.subarray(0, read)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (err) {
    if (err instanceof UnreadableFile) throw err;
    throw new UnreadableFile(path, fsCode(err) ?? 'EIO', fsReason(err));
  } finally {
    closeSync(fd);
  }
}

/**
 * The text of the regular file at `path` when there is one of at most `maxBytes` bytes; otherwise
 * (missing, a folder, a device, a FIFO, too large, unreadable) `undefined`. For comparing a
 * generated file with the committed one: anything but that file is "different".
 */
export function readIfExists(path: string, maxBytes: number): string | undefined {
  try {
    return readTextFile(path, maxBytes);
  } catch {
    return undefined;
  }
}

/**
 * Writes `text` to `path` whole or not at all: into a temporary file beside it, renamed into place
 * once written. Throws the file system's error (with its code) when it cannot.
 */
export function writeFileAtomic(path: string, text: string, mode = 0o644): void {
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  try {
    writeFileSync(partial, text, { mode });
    renameSync(partial, path);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

/**
 * Creates `dir` and its missing parents, one at a time. Node's recursive mkdir loops forever where
 * a parent cannot be created but reports ENOENT (anywhere under /proc); this throws instead.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  let current = resolve(dir);
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) mkdirSync(folder);
}
