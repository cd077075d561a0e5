/**
 * The worker side: tiny on purpose. Compiles the run's config once per thread, then replays
 * batches of tickets, chunks of CSV bytes and forecast paths. Runs only inside a piscina worker thread.
 */

import { workerData } from 'piscina';
import { simulatePaths, type ForecastInput, type PathCosts } from '../forecast/simulate.js';
import type { Ticket } from '../ticket.js';
import { replayChunk } from './chunk-replay.js';
import { createReplayer, replayBatch } from './replay-batch.js';
import { fromWorkerData, type ChunkResult, type ChunkTask, type ReplayResult, type ReplayTask, type WorkerData } from './task.js';

/**
 * Test hook, so tests can make a worker fail through the real CLI (test/e2e/worker-faults.test.ts):
 * TICKET_REPLAY_FAULT=<kind>@<ticket id>[,<kind>@<ticket id>…] makes a worker fail when it
 * reaches that ticket, in a batch of tickets or a chunk alike:
 *   throw@id  throws, as a bug would
 *   exit@id   ends the thread with exit code 3 (in a worker, process.exit ends only the worker)
 *   oom@id    allocates until the heap limit (`--worker-memory`) stops the worker
 * Read once per thread, here only. Unset, the replayer has no hook at all: nothing on the hot path.
 */
export function faultHook(spec: string | undefined): ((ticket: Ticket) => void) | undefined {
  if (!spec) return undefined;
  const faults = new Map<string, string>();
  for (const part of spec.split(',')) {
    const m = /^(throw|exit|oom)@(.+)$/.exec(part.trim());
    if (!m) throw new Error(`TICKET_REPLAY_FAULT is <throw|exit|oom>@<ticket id>, not "${part}"`);
    faults.set(m[2], m[1]);
  }
  return (ticket) => {
    const kind = faults.get(ticket.id);
    if (kind === 'throw') throw new Error(`injected fault (TICKET_REPLAY_FAULT=throw@${ticket.id})`);
    if (kind === 'exit') process.exit(3);
    if (kind === 'oom') {
      const hog: number[][] = [];
      for (;;) hog.push(new Array<number>(1 << 20).fill(hog.length));
    }
  };
}

const replayer = { ...createReplayer(fromWorkerData(workerData as WorkerData)), fault: faultHook(process.env.TICKET_REPLAY_FAULT) };

export default function run(task: ReplayTask): ReplayResult {
  return replayBatch(replayer, task);
}

/** A record-aligned chunk of a CSV file: parsed, replayed and folded here. */
export function chunk(task: ChunkTask): Promise<ChunkResult> {
  return replayChunk(replayer, task);
}

/** A batch of forecast paths: their bills per plan and coming month. */
export function forecastBatch(task: { input: ForecastInput; from: number; to: number }): PathCosts {
  return simulatePaths(task.input, task.from, task.to);
}
