/**
 * The worker side: tiny on purpose. Compiles the run's config once per thread, then replays
 * batches. Runs only inside a piscina worker thread.
 */

import { workerData } from 'piscina';
import { createReplayer, replayBatch } from './replay-batch.js';
import type { ReplayResult, ReplayTask, WorkerConfig } from './task.js';

const replayer = createReplayer(workerData as WorkerConfig);

export default function run(task: ReplayTask): ReplayResult {
  return replayBatch(replayer, task);
}
