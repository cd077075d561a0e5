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

/**
 * piscina's `workerData`: the WorkerConfig with the playbook as JSON text. A playbook with a
 * learned keyword table is tens of thousands of object keys, which take about 0.3 s to clone
 * into each worker; one string clones at once and parses in a twentieth of that.
 */
export interface WorkerData extends Omit<WorkerConfig, 'playbook'> {
  playbookJson: string;
}

export function toWorkerData({ playbook, ...rest }: WorkerConfig): WorkerData {
  return { ...rest, playbookJson: JSON.stringify(playbook) };
}

export function fromWorkerData({ playbookJson, ...rest }: WorkerData): WorkerConfig {
  return { ...rest, playbook: JSON.parse(playbookJson) as Playbook };
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
