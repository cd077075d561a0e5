/**
 * The piscina pool: batches of canonical tickets or record-aligned chunks of CSV bytes in, one
 * result per batch out, handed to the caller in batch order (so rejected.csv and de-duplication
 * never depend on which worker finished first). At most a few batches per worker are submitted
 * and not yet handed over, so reading never runs ahead of replay (bounded memory).
 *
 * A worker that throws, exits or runs out of memory (its heap is limited: `--worker-memory`) fails
 * the run with one sentence naming the batch and, when known, the record; the pool then stops at
 * once. So does an interrupt, which is what the user is told about rather than the workers it stopped.
 */

import { totalmem } from 'node:os';
import { Piscina } from 'piscina';
import { ReplayError } from '../errors.js';
import { messages } from '../messages.js';
import { compiledSibling } from '../paths.js';
import type { Ticket } from '../ticket.js';
import type { ForecastInput, PathCosts } from '../forecast/simulate.js';
import { siteOf } from './replay-batch.js';
import type { ChunkResult, ChunkTask, ReplayResult, ReplayTask, WorkerData } from './task.js';

/** The compiled worker: beside this file when built; under dist/ when this runs from source (vitest). */
export function workerFile(): string {
  return compiledSibling(import.meta.url, 'worker.js');
}

/** What a batch gives back: tickets replayed on the main thread's behalf, or a chunk read by the worker. */
export type BatchResult = ({ kind: 'tickets' } & ReplayResult) | ({ kind: 'chunk' } & ChunkResult);

/** Resource limits of the pool's workers (`--worker-memory`). */
export interface PoolLimits {
  /** Heap limit of each worker, MiB (V8's old generation); default defaultWorkerMemoryMb. */
  workerMemoryMb?: number;
}

/**
 * Each worker's default heap limit (MiB): the workers together may take half the machine's
 * memory, each at most 1024 MiB and at least 256. A worker holds the compiled playbook and one
 * chunk or batch at a time, well under 256 MiB. The cap is not only a bound: V8 sizes its heap
 * from the limit, and at 2048 MiB two workers replaying 1M tickets peaked about 80 MiB higher
 * (550 vs 470 MiB, the whole process) for no gain in speed. The limit is there so that one that allocates
 * without bound (a bug, a pathological record) dies alone, with a message naming its batch,
 * before it drives the machine into swap or the kernel's OOM killer. The other half is left to
 * the main thread (de-duplication index, the report) and everything else on the machine.
 */
export function defaultWorkerMemoryMb(workers: number, totalBytes = totalmem()): number {
  const share = Math.floor(totalBytes / 2 ** 20 / 2 / Math.max(1, workers));
  return Math.min(1024, Math.max(256, share));
}

/**
 * Each replay worker's young generation (MiB). V8 grows it to 48 MiB (two 16 MiB semi-spaces and
 * room for large new objects) under a replay's allocation rate, and it stays that size: about a
 * third of a worker's memory. At 24 MiB, 1M tickets with two workers peaked 285–295 MiB in the
 * replay against 319–333 (3 paired rounds), for about 2 % more time (more frequent scavenges);
 * at 16 MiB the peak was no lower and the cost about 8 %.
 */
export const WORKER_YOUNG_GENERATION_MB = 24;

/** What the main thread knows of a task, to name it if it fails. */
interface TaskLabel {
  /** Short, beside a record's place: `batch 4`. */
  name: string;
  /** Whole, when no record is known: `batch 4 of big.csv (lines 3001 to 4000)`. */
  full: string;
  file?: string;
  line?: number;
  ticketId?: string;
}

/** A batch of tickets named by its first and last ticket (batches are numbered from 1 for people). */
function ticketLabel(batch: number, tickets: Ticket[]): TaskLabel {
  const first = tickets[0]?.source;
  const last = tickets[tickets.length - 1]?.source;
  const id = tickets[0]?.id ?? '';
  const full = !first || !last
    ? `batch ${batch + 1}`
    : messages.ticketBatch(batch + 1, first.file, first.line, last.file === first.file ? last.line : undefined, id);
  return { name: `batch ${batch + 1}`, full, file: first?.file, line: first?.line, ticketId: id || undefined };
}

export class ReplayPool {
  private readonly pool: Piscina;
  /** Results that finished before an earlier batch, by batch number. */
  private readonly waiting = new Map<number, BatchResult>();
  private readonly settled = new Set<Promise<void>>();
  private readonly limit: number;
  /** Each worker's heap limit, MiB. */
  readonly memoryMb: number;
  /** The workers' V8 limits: old generation (`--worker-memory`) and young generation. */
  readonly resourceLimits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number };
  private failure: ReplayError | undefined;
  private submitted = 0;
  private delivered = 0;
  private wake: (() => void) | undefined;

  /** Gets every batch's result, in the order the batches were submitted (set by whoever submits). */
  deliver: (result: BatchResult) => void = () => undefined;

  /** `workerData`: the run's WorkerConfig as toWorkerData gives it. */
  constructor(workerData: WorkerData, workers: number, signal?: AbortSignal, limits: PoolLimits = {}) {
    this.memoryMb = limits.workerMemoryMb ?? defaultWorkerMemoryMb(workers);
    this.resourceLimits = { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
    this.pool = new Piscina({
      filename: workerFile(),
      workerData,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 60_000,
      // A worker that allocates without bound dies alone instead of taking the process down.
      resourceLimits: this.resourceLimits,
    });
    // A worker that dies with no task (starting, or between batches) is reported here; unheard,
    // piscina's 'error' event would end the process with a stack trace.
    this.pool.on('error', (err: Error) => this.fail(new ReplayError('WORKER', messages.workerDiedIdle(this.death(err) ?? `failed (${err.message})`))));
    this.limit = workers * 3;
    // Tasks cut short by the interrupt fail with piscina's "Terminating worker thread": the
    // interrupt, not a worker fault, is what the user is told.
    const interrupt = () => this.fail(new ReplayError('INTERRUPTED', messages.interrupted()));
    if (signal?.aborted) interrupt();
    else signal?.addEventListener('abort', interrupt, { once: true });
  }

  /** Queues a batch of tickets; resolves once there is room for another. */
  async submit(tickets: Ticket[]): Promise<void> {
    const batch = this.submitted;
    const task: ReplayTask = { batch, tickets };
    await this.track(batch, () => this.pool.run(task).then((r: ReplayResult) => ({ kind: 'tickets' as const, ...r })), ticketLabel(batch, tickets));
  }

  /** Queues a chunk of CSV bytes (transferred to the worker, not copied); resolves once there is room for another. */
  async submitChunk(task: Omit<ChunkTask, 'batch'>, lastLine: number): Promise<void> {
    const batch = this.submitted;
    const full: ChunkTask = { ...task, batch };
    // The main thread has only framed these bytes: it knows their lines, not their ticket ids.
    const label: TaskLabel = { name: `batch ${batch + 1}`, full: messages.chunkBatch(batch + 1, task.file, task.firstLine, lastLine), file: task.file, line: task.firstLine };
    const run = () => this.pool.run(full, { name: 'chunk', transferList: [task.bytes.buffer as ArrayBuffer] });
    await this.track(batch, () => run().then((r: ChunkResult) => ({ kind: 'chunk' as const, ...r })), label);
  }

  private async track(batch: number, start: () => Promise<BatchResult>, label: TaskLabel): Promise<void> {
    if (this.failure) throw this.failure;
    const run = start();
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
            this.fail(err instanceof ReplayError ? err : this.failed(err, label));
          }
        }
        this.wake?.();
      },
      (err: Error) => {
        this.fail(this.failed(err, label));
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
    if (this.failure) throw this.failure;
    try {
      return (await this.pool.run({ batch: -1, tickets } satisfies ReplayTask)) as ReplayResult;
    } catch (err) {
      const name = messages.rereadBatch(tickets.length, tickets[0]?.id ?? '');
      throw this.fail(this.failed(err, { name, full: name, file: tickets[0]?.source.file, line: tickets[0]?.source.line, ticketId: tickets[0]?.id }));
    }
  }

  /** Runs a batch of forecast paths on a worker (the `forecastBatch` export of worker.ts). */
  async forecast(input: ForecastInput, from: number, to: number): Promise<PathCosts> {
    if (this.failure) throw this.failure;
    try {
      return (await this.pool.run({ input, from, to }, { name: 'forecastBatch' })) as PathCosts;
    } catch (err) {
      const name = messages.forecastBatch(from, to - 1);
      throw this.fail(this.failed(err, { name, full: name }));
    }
  }

  /**
   * The error a failed task is reported as. After a first failure (or the interrupt) the pool is
   * stopping, and every task still running fails with piscina's "Terminating worker thread": the
   * first failure is what the user is told.
   */
  private failed(err: unknown, task: TaskLabel): ReplayError {
    if (this.failure) return this.failure;
    const message = err instanceof Error ? err.message : String(err);
    const site = siteOf(err);
    if (site) return new ReplayError('WORKER', messages.workerThrewAt(site.file, site.line, site.ticketId, task.name, message), site);
    const where = { file: task.file, line: task.line, ticketId: task.ticketId };
    const death = this.death(err);
    if (death) return new ReplayError('WORKER', messages.workerDied(death, task.full), where);
    return new ReplayError('WORKER', messages.workerThrew(task.full, message), where);
  }

  /** How a worker thread died, in words, or undefined if it did not (its task threw). */
  private death(err: unknown): string | undefined {
    if ((err as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return messages.workerOutOfMemory(this.memoryMb);
    // piscina's wording for a worker thread that ended mid-task (piscina/dist/index.js, onWorkerExit).
    const exit = /^worker exited with code: (-?\d+)/.exec(err instanceof Error ? err.message : '');
    return exit ? messages.workerExited(Number(exit[1])) : undefined;
  }

  /**
   * Records the first failure and stops the pool at once: the other workers' batches would be
   * thrown away anyway, and destroying the pool settles every task still queued (`finish` returns).
   */
  private fail(err: ReplayError): ReplayError {
    this.failure ??= err;
    this.wake?.();
    void this.close();
    return this.failure;
  }

  private closing: Promise<void> | undefined;

  /** Stops the workers and resolves once every thread has exited (every call waits for the same). */
  close(): Promise<void> {
    this.closing ??= this.pool.destroy();
    return this.closing;
  }
}
