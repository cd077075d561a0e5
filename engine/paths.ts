/**
 * Locating files that ship with the package (datasets/, the vega bundles) from source under
 * vitest (engine/...) and from the compiled build (dist/engine/...) alike.
 */

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding the package's package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('ticket-replay: cannot find the package root');
    dir = up;
  }
  root = dir;
  return dir;
}

/** A path inside the shipped datasets/ folder. */
export function datasetPath(...parts: string[]): string {
  return join(packageRoot(), 'datasets', ...parts);
}
