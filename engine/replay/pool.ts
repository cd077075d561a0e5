/**
 * The piscina pool: batches of canonical tickets in, one merged partial out. At most two batches
 * per worker are in flight, so reading never runs ahead of replay (bounded memory).
 */

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { addPartial, emptyPartial, type Partial } from '../aggregate/partial.js';
import { ReplayError } from '../errors.js';
import { messages } from '../messages.js';
import { packageRoot } from '../paths.js';
import type { Rejection } from '../ingest/rejection.js';
import type { Ticket } from '../ticket.js';
import type { ForecastInput, PathCosts } from '../forecast/simulate.js';
import { toWorkerData, type ReplayResult, type ReplayTask, type WorkerConfig } from './task.js';

/** The compiled worker: beside this file when built; under dist/ when this runs from source (vitest). */
export function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return join(here, '..', 'worker.js');
  const built = join(packageRoot(), 'dist', 'engine', 'replay', 'worker.js');
  if (!existsSync(built)) throw new Error(`the compiled worker ${built} is missing: run \`npm run build\``);
  return built;
}

export class ReplayPool {
  private readonly pool: Piscina<ReplayTask, ReplayResult>;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly maxInFlight: number;
  private readonly partial: Partial;
  private readonly rejections: Rejection[] = [];
  private failure: ReplayError | undefined;
  private nextBatch = 0;

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
    this.maxInFlight = workers * 2;
    this.partial = emptyPartial(config.plans.length);
    signal?.addEventListener('abort', () => void this.pool.destroy(), { once: true });
  }

  /** Queues a batch; resolves once there is room for another. */
  async submit(tickets: Ticket[]): Promise<void> {
    if (this.failure) throw this.failure;
    const task: ReplayTask = { batch: this.nextBatch++, tickets };
    const done = this.pool.run(task).then(
      (result) => {
        addPartial(this.partial, result.partial);
        this.rejections.push(...result.rejections);
      },
      (err: Error) => {
        const first = tickets[0];
        this.failure ??= new ReplayError('WORKER', messages.workerFailed(`batch ${task.batch} (tickets ${first?.id} to ${tickets[tickets.length - 1]?.id}): ${err.message}`), {
          ticketId: first?.id,
        });
      },
    );
    const tracked = done.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
  }

  /** Waits for every batch; the merged partial and the worker-side rejections (sorted). */
  async finish(): Promise<{ partial: Partial; rejections: Rejection[] }> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
    const rejections = [...this.rejections].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.id.localeCompare(b.id));
    return { partial: this.partial, rejections };
  }

  /** Runs a batch of forecast paths on a worker (the `forecastBatch` export of worker.ts). */
  async forecast(input: ForecastInput, from: number, to: number): Promise<PathCosts> {
    try {
      return (await this.pool.run({ input, from, to } as unknown as ReplayTask, { name: 'forecastBatch' })) as unknown as PathCosts;
    } catch (err) {
      throw new ReplayError('WORKER', messages.workerFailed(`forecast paths ${from} to ${to - 1}: ${(err as Error).message}`));
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
