/**
 * Worker threads that rasterise SVGs to PNG. resvg's work (text to outlines, the 2× raster, PNG
 * encoding) is synchronous native code and about two thirds of the report's time; in workers it
 * runs while the main thread renders the next chart's SVG with vega. Each worker makes exactly the
 * bytes renderPng would: same package, same options.
 *
 * Each worker rasterises one chart and is replaced by a fresh one (started at once, so it is ready
 * by the next chart). resvg's native memory (the 2x pixmap, its layers, the parsed tree) is freed
 * only when V8 collects the JS objects that hold it, and V8 does not count it, so a long-lived
 * worker's heap, small as it is, is rarely collected: two workers kept ~150 MiB over the report's
 * charts. A worker's exit frees everything it held, and its arena's free pages are trimmed back to
 * the system (engine/heap.ts). About 20 ms a chart, overlapped with the main thread's SVGs.
 *
 * The worker is a few lines of CommonJS passed as source (`eval`), not a file, so it runs the same
 * from the TypeScript sources under vitest as from dist/ (a worker file would have to be built).
 */

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { trimMalloc } from '../engine/heap.js';

const require = createRequire(import.meta.url);

/** Receives `{ svg, options }`, answers `{ png }` or `{ error }` (resvg's message). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvg);
parentPort.on('message', ({ svg, options }) => {
  let reply;
  try {
    reply = { png: new Resvg(svg, options).render().asPng() };
  } catch (err) {
    reply = { error: err instanceof Error ? err.message : String(err) };
  }
  parentPort.postMessage(reply);
});
`;

interface Job {
  svg: string;
  options: ResvgRenderOptions;
  resolve(png: Uint8Array): void;
  reject(err: Error): void;
}

type Reply = { png: Uint8Array; error?: undefined } | { error: string };

export class PngPool {
  /** Started and not yet told to stop: idle ones wait for a job, running ones have one. */
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  /** Workers told to stop (after their one chart, or at close): their exit is expected. */
  private readonly stopping = new Set<Worker>();
  private readonly resvg = require.resolve('@resvg/resvg-js');
  private failure: Error | undefined;
  private closing = false;
  private startedCount = 0;

  /** Starts `size` workers (at least one): at most that many charts are rasterised at once. */
  constructor(size: number) {
    for (let i = 0; i < Math.max(1, size); i++) this.start();
  }

  /** A fresh worker, idle. */
  private start(): void {
    // Security: `eval: true` runs WORKER_SOURCE, the constant above (no interpolation); SVGs, which
    // carry user text, reach the worker only as messages, as data. Allow-listed with this reason
    // in test/reports/no-eval.test.ts, which fails on any new eval-like construct.
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { resvg: this.resvg } });
    worker.on('message', (reply: Reply) => this.settle(worker, reply));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      this.workers.delete(worker);
      // What resvg held, now free in the thread's arena, goes back to the system (engine/heap.ts).
      trimMalloc();
      if (!this.stopping.delete(worker) && !this.closing) this.fail(new Error(`a PNG worker stopped (exit code ${code})`));
    });
    this.workers.add(worker);
    this.idle.push(worker);
    this.startedCount++;
  }

  /** Workers started so far: one per chart rasterised, plus the ones waiting. */
  get started(): number {
    return this.startedCount;
  }

  /**
   * Rasterises one SVG in the next free worker.
   *
   * @example const png = await pool.render(svg, pngOptions(svg));
   */
  render(svg: string, options: ResvgRenderOptions): Promise<Uint8Array> {
    const png = new Promise<Uint8Array>((resolve, reject) => {
      if (this.failure) reject(this.failure);
      else this.queue.push({ svg, options, resolve, reject });
    });
    // The caller awaits PNGs only after the SVGs; marked handled meanwhile so an early failure is
    // not an unhandled rejection (awaiting `png` still throws it).
    png.catch(() => {});
    this.dispatch();
    return png;
  }

  /** Stops every worker; PNGs not yet made are never settled. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      worker.postMessage({ svg: job.svg, options: job.options });
    }
  }

  private settle(worker: Worker, reply: Reply): void {
    const job = this.running.get(worker);
    if (!job) return; // answered after the pool failed: already rejected
    this.running.delete(worker);
    // One chart each: this worker goes, with all resvg held, and a fresh one takes its place.
    this.stopping.add(worker);
    void worker.terminate();
    if (!this.closing && !this.failure) this.start();
    if (reply.error !== undefined) job.reject(new Error(reply.error));
    else job.resolve(reply.png);
    this.dispatch();
  }

  /** A worker died: nothing more can be trusted to finish, so every waiting PNG fails. */
  private fail(err: Error): void {
    this.failure ??= err;
    for (const job of [...this.running.values(), ...this.queue.splice(0)]) job.reject(this.failure);
    this.running.clear();
  }
}
