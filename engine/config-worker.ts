/**
 * The config thread (engine/config-thread.ts): loads and validates the configuration, makes the
 * replay workers' bytes, posts what the main thread keeps, and ends.
 */

import { parentPort, workerData } from 'node:worker_threads';
import type { ConfigReply, ConfigRequest } from './config-thread.js';
import { isReplayError } from './errors.js';
import { playbookSummary } from './infer/playbook.js';
import { loadConfig, poolWorkerData } from './run-config.js';

function answer(request: ConfigRequest): ConfigReply {
  try {
    const config = loadConfig(request.options);
    const data = poolWorkerData(request, config);
    const playbook = playbookSummary(config.playbook, request.options.playbook);
    return { loaded: { config: { ...config, playbook: { ...config.playbook, keywordTable: undefined } }, playbook, workerData: data } };
  } catch (err) {
    if (isReplayError(err)) return { failed: { code: err.code, message: err.message, file: err.file, line: err.line, field: err.field, ticketId: err.ticketId } };
    const e = err instanceof Error ? err : new Error(String(err));
    return { failed: { message: e.message, stack: e.stack } };
  }
}

parentPort!.postMessage(answer(workerData as ConfigRequest));
