/**
 * The three UMD bundles report.html inlines (globals `vega`, `vegaLite`, `vegaEmbed`;
 * research/rendering.md §5). The packages' `exports` maps hide build/*.min.js, so each package's
 * entry is resolved and the bundle is read from the same build folder.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Package → its minified browser bundle, in load order (vega-embed needs the other two). */
export const BUNDLES = [
  ['vega', 'vega.min.js'],
  ['vega-lite', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
] as const;

/** One bundle: the package it comes from and its JavaScript. */
export interface Bundle {
  name: string;
  code: string;
}

let cache: Bundle[] | undefined;

/**
 * The bundles' source, read once per process. Throws if a bundle could end the `<script>` it is
 * inlined in (none does today; a future release might).
 */
export function vegaBundles(): Bundle[] {
  cache ??= BUNDLES.map(([pkg, file]) => {
    const code = readFileSync(join(dirname(require.resolve(pkg)), file), 'utf8');
    if (/<\/script|<!--/i.test(code)) throw new Error(`${pkg}/${file} contains "</script" or "<!--" and cannot be inlined`);
    return { name: pkg, code };
  });
  return cache;
}
