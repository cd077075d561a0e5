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
  // Rendered first, PNGs in worker threads while the next SVG renders (as many threads as the run
  // was given: --workers, by default the cores), then written in chart order: a stable file list.
  const charts = await renderCharts(chartSpecs(summary), { png: opts.png ?? true, threads: summary.run.workers, signal: opts.signal });
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
