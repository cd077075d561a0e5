/**
 * The worker side: tiny on purpose. Compiles the run's config once per thread, then replays
 * batches. Runs only inside a piscina worker thread.
 */

import { workerData } from 'piscina';
import { createReplayer, replayBatch } from './replay-batch.js';
import { fromWorkerData, type ReplayResult, type ReplayTask, type WorkerData } from './task.js';

const replayer = createReplayer(fromWorkerData(workerData as WorkerData));

export default function run(task: ReplayTask): ReplayResult {
  return replayBatch(replayer, task);
}
