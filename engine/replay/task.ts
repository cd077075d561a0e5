/**
 * Everything that crosses the worker-thread boundary, in one place (piscina's style). Only plain,
 * structured-cloneable data: no classes, functions or RegExps.
 */

import type { Partial } from '../aggregate/partial.js';
import type { Rejection } from '../ingest/rejection.js';
import type { Playbook } from '../infer/playbook.js';
import type { Plan } from '../pricing/plans.js';
import type { Environment } from '../pricing/model.js';
import type { Ticket } from '../ticket.js';

/** Given to every worker once, at pool start (piscina `workerData`). */
export interface WorkerConfig {
  seed: number;
  environment: Environment;
  playbook: Playbook;
  plans: Plan[];
}

export interface ReplayTask {
  /** Sequence number of the batch, for error messages. */
  batch: number;
  tickets: Ticket[];
}

export interface ReplayResult {
  batch: number;
  partial: Partial;
  /** Tickets that failed inside the worker, quarantined with the reason. */
  rejections: Rejection[];
}
