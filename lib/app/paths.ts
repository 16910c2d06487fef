/**
 * The project's own folder, wherever the code runs from: lib/app/ under tsx and jest, or a bundle
 * in .cache/bundles/ (lib/app/bundle.js). Found by walking up to the package.json that names the
 * project, so moving either never changes what it points at.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'ldm-aws-landing-zone';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (
          (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME
        )
          return dir;
      } catch {
        // Not the project's manifest: keep walking up.
      }
    }
    if (dirname(dir) === dir) throw new Error(`no ${PACKAGE_NAME} package.json above ${from}`);
  }
}

/** The folder holding package.json, main.ts, config/ and docs/. */
export const PROJECT_ROOT = findRoot(__dirname);
