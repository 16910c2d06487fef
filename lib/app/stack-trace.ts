/**
 * Stack traces of internal errors, readable when the code ran from a bundle (lib/app/bundle.js):
 * each frame in a file with a source map beside it (`<bundle>.js.map`) is rewritten to the
 * TypeScript source, line and column it came from. Done only when an internal error is printed, so
 * a run that succeeds pays nothing for it (Node's --enable-source-maps would map on every trace,
 * and cdktf makes thousands).
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

const maps = new Map<string, SourceMap | undefined>();

function sourceMapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      const path = `${file}.map`;
      if (existsSync(path)) map = new SourceMap(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      map = undefined;
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

/** `file:line:column` of the source a bundle position came from, or undefined. */
function original(file: string, line: number, column: number, root: string): string | undefined {
  const map = sourceMapOf(file);
  if (!map) return undefined;
  const entry = map.findEntry(line - 1, column - 1) as {
    originalSource?: string;
    originalLine?: number;
    originalColumn?: number;
  };
  if (!entry?.originalSource || entry.originalLine === undefined) return undefined;
  const source = resolve(dirname(file), entry.originalSource.replace(/^file:\/\//, ''));
  return `${relative(root, source)}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
}

/** The error's stack with bundle positions mapped to the sources (`root`-relative paths). */
export function readableStack(err: Error, root: string): string {
  const stack = err.stack ?? `${err.name}: ${err.message}`;
  return stack.replace(
    /(\(|at )([^()\s][^()]*?\.js):(\d+):(\d+)(\)?)$/gm,
    (whole, open: string, file: string, line: string, column: string, close: string) => {
      const mapped = original(file, Number(line), Number(column), root);
      return mapped ? `${open}${mapped}${close}` : whole;
    },
  );
}
