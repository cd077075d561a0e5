/**
 * Step 1 of a run, in a short-lived worker thread: the configuration loaded and validated, and the
 * playbook turned into the replay workers' bytes (replay/task.ts), off the main thread.
 *
 * Why a thread: the built-in playbook's learned keyword table is 100,000 lines. Read here, its
 * strings and arrays lived long enough to be promoted to the main thread's old generation, whose
 * heap then stayed at about 80 MiB (about 20 MiB of it live) for the whole run: V8 seldom shrinks
 * a heap it has grown, and a program cannot ask for a full collection. Read in a thread, all of it
 * goes when the thread ends; the main thread receives only what it keeps: the plans, the mapping,
 * the scenarios, the playbook without its table, the playbook's summary and the shared bytes.
 * Measured at 1M tickets with two workers: replay-phase peak RSS about 60 MiB lower, for about
 * 0.2 s of wall time (the thread loads the config modules once more).
 */

import { Worker } from 'node:worker_threads';
import { ReplayError, type ErrorCode, type ErrorLocation } from './errors.js';
import type { PlaybookSummary } from './summary.js';
import { messages } from './messages.js';
import { trimMalloc } from './heap.js';
import { compiledSibling } from './paths.js';
import type { RunOptions } from './options.js';
import { configOptions, type ConfigOptions, type RunConfig } from './run-config.js';
import type { WorkerData } from './replay/task.js';

/** What the config thread is given: the options that name the config files, and what the workers need besides the playbook. */
export interface ConfigRequest {
  options: ConfigOptions;
  seed: number;
  environment: RunOptions['environment'];
}

/** What the main thread keeps of the configuration. */
export interface LoadedConfig {
  /** The run's configuration; the playbook without its keyword table (only the workers need it). */
  config: RunConfig;
  playbook: PlaybookSummary;
  /** The replay pool's workerData, playbook included. */
  workerData: WorkerData;
}

/** A failure, as plain data: a ReplayError keeps its code and location across the thread boundary. */
export type ConfigFailure = { code?: ErrorCode; message: string; stack?: string } & ErrorLocation;

export type ConfigReply = { loaded: LoadedConfig } | { failed: ConfigFailure };

/** The error a failure stands for: a ReplayError with its code and location, or a plain Error (a bug). */
function failureError(f: ConfigFailure): Error {
  if (f.code) return new ReplayError(f.code, f.message, { file: f.file, line: f.line, field: f.field, ticketId: f.ticketId });
  const err = new Error(f.message);
  if (f.stack) err.stack = f.stack;
  return err;
}

/**
 * Loads and validates a run's configuration in a worker thread (see the top of this file). Fails
 * with the same errors loadConfig throws; an interrupt stops the thread and fails with INTERRUPTED.
 */
export function loadConfigInThread(options: RunOptions, signal?: AbortSignal): Promise<LoadedConfig> {
  const request: ConfigRequest = { options: configOptions(options), seed: options.seed, environment: options.environment };
  return new Promise<LoadedConfig>((resolve, reject) => {
    if (signal?.aborted) return reject(new ReplayError('INTERRUPTED', messages.interrupted()));
    const worker = new Worker(compiledSibling(import.meta.url, 'config-worker.js'), { workerData: request });
    let reply: ConfigReply | undefined;
    const stop = () => {
      reject(new ReplayError('INTERRUPTED', messages.interrupted()));
      void worker.terminate();
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.once('message', (r: ConfigReply) => (reply = r));
    worker.once('error', (err) => reject(err));
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', stop);
      // The thread's arena held the keyword table's text: its pages go back before the replay (heap.ts).
      trimMalloc();
      if (!reply) reject(new Error(`the configuration thread stopped (exit code ${code}) without an answer`));
      else if ('failed' in reply) reject(failureError(reply.failed));
      else resolve(reply.loaded);
    });
  });
}
