/**
 * The worker side: tiny on purpose. Compiles the run's config once per thread, then replays
 * batches of tickets, chunks of CSV bytes and forecast paths. Runs only inside a piscina worker thread.
 */

import { workerData } from 'piscina';
import { simulatePaths, type ForecastInput, type PathCosts } from '../forecast/simulate.js';
import { replayChunk } from './chunk-replay.js';
import { createReplayer, replayBatch } from './replay-batch.js';
import { fromWorkerData, type ChunkResult, type ChunkTask, type ReplayResult, type ReplayTask, type WorkerData } from './task.js';

const replayer = createReplayer(fromWorkerData(workerData as WorkerData));

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
