/**
 * Headless rendering (research/rendering.md §3–4): Vega-Lite → Vega → SVG with vega's 'none'
 * renderer (no canvas, deterministic text estimates), then SVG → PNG with resvg in DejaVu Sans.
 */

import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { pngFont } from './png-font.js';
import { PngPool } from './png-pool.js';

/** A logger that keeps warnings and errors instead of printing them. */
function collectingLogger(into: string[]): vega.LoggerInterface {
  const keep = (kind: string) => (...args: unknown[]) => {
    into.push(`${kind}: ${args.map(String).join(' ')}`);
    return log;
  };
  let level = vega.Warn;
  const log: vega.LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return log;
    },
    error: keep('error'),
    warn: keep('warn'),
    info: () => log,
    debug: () => log,
  };
  return log;
}

/**
 * Compiles a Vega-Lite spec to Vega, returning the warnings vega-lite logged (a clean chart has
 * none).
 */
export function compileChart(spec: TopLevelSpec): { vega: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  const out = compile(spec, { logger: collectingLogger(warnings) });
  return { vega: out.spec, warnings };
}

/**
 * vega numbers clip paths from a process-wide counter, so the same chart would come out with
 * different ids depending on what was rendered before it; renumber them in document order.
 */
function renumberClipIds(svg: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/(id="|url\(#)clip(\d+)/g, (_, before: string, n: string) => {
    if (!ids.has(n)) ids.set(n, String(ids.size + 1));
    return `${before}clip${ids.get(n)}`;
  });
}

/**
 * Renders a Vega-Lite spec to an SVG string, headless and deterministic.
 *
 * @example const svg = await renderSvg(monthlyCost(summary));
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // If node-canvas were ever installed, vega would measure text with it and every layout would
  // change; the estimator keeps SVGs identical across machines.
  (vega as unknown as { textMetrics?: { canvas?(use: boolean): void } }).textMetrics?.canvas?.(false);
  const warnings: string[] = [];
  const view = new vega.View(vega.parse(compileChart(spec).vega), { renderer: 'none', logger: collectingLogger(warnings) });
  try {
    return renumberClipIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** resvg's options for an SVG: 2× on white, text in DejaVu Sans (png-font.ts). */
export function pngOptions(svg: string): ResvgRenderOptions {
  return { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: pngFont(svg) };
}

/** Rasterises an SVG to PNG on this thread (renderCharts makes the same bytes in worker threads). */
export function renderPng(svg: string): Uint8Array {
  const png = new Resvg(svg, pngOptions(svg)).render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** A chart rendered: its Vega-Lite spec, its SVG and, when asked for, its PNG. */
export interface RenderedChart<Name extends string = string> {
  name: Name;
  spec: TopLevelSpec;
  svg: string;
  png?: Uint8Array;
}

/**
 * Renders charts in order: each SVG on this thread (vega), each PNG meanwhile in one of `threads`
 * worker threads (rasterising takes longer than the SVG), or none when `png` is false.
 *
 * @example for (const c of await renderCharts(chartSpecs(summary), { png: true, threads: 2 })) await sink.write(`${c.name}.svg`, c.svg);
 */
export async function renderCharts<Name extends string>(specs: [Name, TopLevelSpec][], opts: { png: boolean; threads: number; signal?: AbortSignal }): Promise<RenderedChart<Name>[]> {
  const pool = opts.png && specs.length > 0 ? new PngPool(Math.min(specs.length, opts.threads)) : undefined;
  try {
    const charts: (Omit<RenderedChart<Name>, 'png'> & { png?: Promise<Uint8Array> })[] = [];
    for (const [name, spec] of specs) {
      // vega's render resolves in microtasks: without a turn of the event loop between charts, a
      // SIGINT would wait for every chart (seconds) before the run can stop (engine/cli/main.ts).
      await new Promise((turn) => setImmediate(turn));
      opts.signal?.throwIfAborted();
      const svg = await renderSvg(spec);
      charts.push({ name, spec, svg, png: pool?.render(svg, pngOptions(svg)) });
    }
    return await Promise.all(charts.map(async (c) => ({ ...c, png: await c.png })));
  } finally {
    await pool?.close();
  }
}
