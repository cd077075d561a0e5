/**
 * The piscina pool: batches of canonical tickets or record-aligned chunks of CSV bytes in, one
 * result per batch out, handed to the caller in batch order (so rejected.csv and de-duplication
 * never depend on which worker finished first). At most a few batches per worker are submitted
 * and not yet handed over, so reading never runs ahead of replay (bounded memory).
 */

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { ReplayError } from '../errors.js';
import { messages } from '../messages.js';
import { packageRoot } from '../paths.js';
import type { Ticket } from '../ticket.js';
import type { ForecastInput, PathCosts } from '../forecast/simulate.js';
import { toWorkerData, type ChunkResult, type ChunkTask, type ReplayResult, type ReplayTask, type WorkerConfig } from './task.js';

/** The compiled worker: beside this file when built; under dist/ when this runs from source (vitest). */
export function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return join(here, '..', 'worker.js');
  const built = join(packageRoot(), 'dist', 'engine', 'replay', 'worker.js');
  if (!existsSync(built)) throw new Error(`the compiled worker ${built} is missing: run \`npm run build\``);
  return built;
}

/** What a batch gives back: tickets replayed on the main thread's behalf, or a chunk read by the worker. */
export type BatchResult = ({ kind: 'tickets' } & ReplayResult) | ({ kind: 'chunk' } & ChunkResult);

export class ReplayPool {
  private readonly pool: Piscina;
  /** Results that finished before an earlier batch, by batch number. */
  private readonly waiting = new Map<number, BatchResult>();
  private readonly settled = new Set<Promise<void>>();
  private readonly limit: number;
  private failure: ReplayError | undefined;
  private submitted = 0;
  private delivered = 0;
  private wake: (() => void) | undefined;

  /** Gets every batch's result, in the order the batches were submitted (set by whoever submits). */
  deliver: (result: BatchResult) => void = () => undefined;

  constructor(config: WorkerConfig, workers: number, signal?: AbortSignal) {
    this.pool = new Piscina({
      filename: workerFile(),
      workerData: toWorkerData(config),
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 60_000,
      // A worker that allocates without bound dies alone instead of taking the process down.
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    this.limit = workers * 3;
    signal?.addEventListener(
      'abort',
      () => {
        // Tasks cut short by the interrupt fail with piscina's "Terminating worker thread": the
        // interrupt, not a worker fault, is what the user is told.
        this.failure ??= new ReplayError('INTERRUPTED', messages.interrupted());
        this.wake?.();
        void this.close();
      },
      { once: true },
    );
  }

  /** Queues a batch of tickets; resolves once there is room for another. */
  async submit(tickets: Ticket[]): Promise<void> {
    const batch = this.submitted;
    const task: ReplayTask = { batch, tickets };
    const describe = () => `batch ${batch} (tickets ${tickets[0]?.id} to ${tickets[tickets.length - 1]?.id})`;
    await this.track(batch, this.pool.run(task).then((r: ReplayResult) => ({ kind: 'tickets' as const, ...r })), describe, tickets[0]?.id);
  }

  /** Queues a chunk of CSV bytes (transferred to the worker, not copied); resolves once there is room for another. */
  async submitChunk(task: Omit<ChunkTask, 'batch'>, lastLine: number): Promise<void> {
    const batch = this.submitted;
    const full: ChunkTask = { ...task, batch };
    const describe = () => `batch ${batch} (${task.file}, lines ${task.firstLine} to ${lastLine})`;
    const run = this.pool.run(full, { name: 'chunk', transferList: [task.bytes.buffer as ArrayBuffer] });
    await this.track(batch, run.then((r: ChunkResult) => ({ kind: 'chunk' as const, ...r })), describe);
  }

  private async track(batch: number, run: Promise<BatchResult>, describe: () => string, ticketId?: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.submitted++;
    const done = run.then(
      (result) => {
        this.waiting.set(batch, result);
        while (!this.failure && this.waiting.has(this.delivered)) {
          const next = this.waiting.get(this.delivered)!;
          this.waiting.delete(this.delivered++);
          try {
            this.deliver(next);
          } catch (err) {
            this.failure ??= err instanceof ReplayError ? err : new ReplayError('WORKER', messages.workerFailed(`${describe()}: ${(err as Error).message}`));
          }
        }
        this.wake?.();
      },
      (err: Error) => {
        this.failure ??= new ReplayError('WORKER', messages.workerFailed(`${describe()}: ${err.message}`), { ticketId });
        this.wake?.();
      },
    );
    const tracked = done.finally(() => this.settled.delete(tracked));
    this.settled.add(tracked);
    while (!this.failure && this.submitted - this.delivered >= this.limit) await new Promise<void>((r) => (this.wake = r));
    if (this.failure) throw this.failure;
  }

  /** Waits until every batch is delivered. */
  async finish(): Promise<void> {
    await Promise.all(this.settled);
    if (this.failure) throw this.failure;
  }

  /** Replays tickets on a worker now, outside the ordered stream of batches (records taken back out). */
  async replayTickets(tickets: Ticket[]): Promise<ReplayResult> {
    try {
      return (await this.pool.run({ batch: -1, tickets } satisfies ReplayTask)) as ReplayResult;
    } catch (err) {
      throw new ReplayError('WORKER', messages.workerFailed(`re-reading ${tickets.length} repeated records (${tickets[0]?.id}…): ${(err as Error).message}`), { ticketId: tickets[0]?.id });
    }
  }

  /** Runs a batch of forecast paths on a worker (the `forecastBatch` export of worker.ts). */
  async forecast(input: ForecastInput, from: number, to: number): Promise<PathCosts> {
    try {
      return (await this.pool.run({ input, from, to }, { name: 'forecastBatch' })) as PathCosts;
    } catch (err) {
      throw new ReplayError('WORKER', messages.workerFailed(`forecast paths ${from} to ${to - 1}: ${(err as Error).message}`));
    }
  }

  private closed = false;

  /** Stops the workers (once; later calls do nothing). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.destroy();
  }
}
