/**
 * The fonts resvg draws a chart's PNG text with. Every chart is set in DejaVu Sans
 * (charts/theme.ts), regular and bold. Loading just those two files (0.4 ms) instead of the system
 * fonts (resvg scans and parses every installed font for each chart: 4–6 ms here) is only safe when
 * the result cannot differ, so the system fonts, exactly as before, are kept when DejaVu Sans is not
 * where Debian's fonts-dejavu-core puts it (the package .ci/run installs), or when a chart holds a
 * character beyond the ranges both faces are known to draw (resvg would then look for it in the
 * other system fonts: a tag in Japanese, say).
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

/** Where fonts-dejavu-core installs DejaVu Sans (the same files resvg finds by scanning the system fonts). */
export const DEJAVU_DIR = '/usr/share/fonts/truetype/dejavu';

/** The two faces the charts use: regular (labels) and bold (titles). */
const DEJAVU_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];

/**
 * A character outside what DejaVu Sans 2.37 draws in both faces (checked against `fc-query`'s
 * charset of both files): ASCII with tab and line breaks, Latin-1 and Latin Extended-A/B, Greek
 * letters, Cyrillic, general punctuation (– — … ‘ ’), currency signs, arrows and maths (→ − ≤),
 * geometric shapes (▲). vega writes text as it is, escaping only & < > " and whitespace in attributes.
 */
const BEYOND_DEJAVU = /[^\t\n\r\x20-\x7e\xa0-\u024f\u0391-\u03a1\u03a3-\u03c9\u0400-\u04ff\u2000-\u2064\u20a0-\u20b5\u2190-\u22ff\u25a0-\u25ff]/;

type FontOptions = NonNullable<ResvgRenderOptions['font']>;

/** Vega writes `sans-serif`, which resvg maps to Arial (absent on Debian): name DejaVu Sans for it. */
const FAMILIES: FontOptions = { defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' };

/**
 * The paths of both DejaVu Sans faces in `dir`, or null if either is missing.
 *
 * @example findDejaVu('/usr/share/fonts/truetype/dejavu') // ['/usr/…/DejaVuSans.ttf', '/usr/…/DejaVuSans-Bold.ttf']
 */
export function findDejaVu(dir: string = DEJAVU_DIR): string[] | null {
  const files = DEJAVU_FILES.map((f) => join(dir, f));
  return files.every((f) => existsSync(f)) ? files : null;
}

let found: string[] | null | undefined;

/** findDejaVu() once per process. */
function dejaVu(): string[] | null {
  if (found === undefined) found = findDejaVu();
  return found;
}

/**
 * resvg's font options for one chart's SVG: the DejaVu Sans files alone when they were found and
 * draw every character of it, else the system fonts (the same pixels, only slower).
 *
 * @example new Resvg(svg, { font: pngFont(svg) })
 */
export function pngFont(svg: string, files: string[] | null = dejaVu()): FontOptions {
  if (files && !BEYOND_DEJAVU.test(svg)) return { loadSystemFonts: false, fontFiles: files, ...FAMILIES };
  return { loadSystemFonts: true, ...FAMILIES };
}
