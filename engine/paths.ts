/**
 * Locating files that ship with the package (datasets/, the vega bundles) from source under
 * vitest (engine/...) and from the compiled build (dist/engine/...) alike.
 */

import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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

/**
 * A compiled module a worker thread runs, `name` in the folder of the module at `callerUrl`: there
 * when the caller is the build (dist/), and in dist/'s copy of that folder when the caller runs
 * from source (vitest), which must have been built.
 *
 * @example compiledSibling(import.meta.url, 'worker.js') // …/dist/engine/replay/worker.js
 */
export function compiledSibling(callerUrl: string, name: string): string {
  const here = fileURLToPath(callerUrl);
  if (here.endsWith('.js')) return join(dirname(here), name);
  const built = join(packageRoot(), 'dist', relative(packageRoot(), dirname(here)), name);
  if (!existsSync(built)) throw new Error(`the compiled worker ${built} is missing: run \`npm run build\``);
  return built;
}
