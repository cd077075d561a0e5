/**
 * The report stage: every file of the output folder except rejected.csv (streamed by the
 * pipeline), each a pure function of the summary, written through the injected sink.
 */

import type { Summary } from '../engine/summary.js';
import { chartSpecs } from './charts/index.js';
import { reportHtml } from './html.js';
import { reportMarkdown } from './markdown.js';
import { renderCharts } from './render.js';
import type { Sink } from './sink.js';
import { tableFiles } from './tables.js';

export interface ReportOptions {
  /** Also rasterise every chart to charts/<name>.png (default true). */
  png?: boolean;
  /** An interrupt: no further chart is drawn (engine/pipeline.ts no longer waits for the report). */
  signal?: AbortSignal;
}

/**
 * Charts are rasterised in one thread, whatever `--workers` says. One PNG thread per worker ended
 * the report about 0.6 s sooner, but drew two charts at once (resvg holds about 2.5 times a
 * chart's pixmap) while vega's heap on this thread was at its largest, and that made the run's
 * peak: 269-288 MiB against 247-265 at 100k tickets with `--workers 2`, paired runs.
 */
export const PNG_THREADS = 1;

/**
 * Writes summary.json, charts/<name>.vl.json/.svg/.png, tables/*.csv, report.md and report.html,
 * in that order, and returns the paths written.
 *
 * @example const written = await writeReport(summary, new FolderSink('replay-report'));
 */
export async function writeReport(summary: Summary, sink: Sink, opts: ReportOptions = {}): Promise<string[]> {
  const written: string[] = [];
  const write = async (path: string, data: string | Uint8Array) => {
    await sink.write(path, data);
    written.push(path);
  };
  await write('summary.json', `${JSON.stringify(summary, null, 2)}\n`);
  // Rendered first, each PNG in a worker thread while the next SVG renders (PNG_THREADS), then
  // written in chart order: a stable file list.
  const charts = await renderCharts(chartSpecs(summary), { png: opts.png ?? true, threads: PNG_THREADS, signal: opts.signal });
  for (const { name, spec, svg, png } of charts) {
    await write(`charts/${name}.vl.json`, `${JSON.stringify(spec, null, 2)}\n`);
    await write(`charts/${name}.svg`, svg);
    if (png) await write(`charts/${name}.png`, png);
  }
  for (const [path, csv] of tableFiles(summary)) await write(path, csv);
  await write('report.md', reportMarkdown(summary));
  await write('report.html', reportHtml(summary));
  return written;
}
