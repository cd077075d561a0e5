/**
 * Everything that crosses the worker-thread boundary, in one place (piscina's style). Only plain,
 * structured-cloneable data: no classes, functions or RegExps.
 */

import type { CsvSource } from '../../adapters/csv.js';
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
 * piscina's `workerData`: the WorkerConfig with the playbook as JSON, in UTF-8 bytes in a
 * SharedArrayBuffer. A playbook with a learned keyword table is tens of thousands of object keys,
 * which take about 0.3 s to clone into each worker, where one string clones at once and parses in
 * a twentieth of that; and piscina keeps its workerData for the pool's life, in every worker and
 * on the main thread: as a string, 6 MiB in each (3.3 million characters, two bytes each once one
 * is not Latin-1), as shared bytes 3.3 MB once.
 */
export interface WorkerData extends Omit<WorkerConfig, 'playbook'> {
  playbookJson: SharedArrayBuffer;
}

export function toWorkerData({ playbook, ...rest }: WorkerConfig): WorkerData {
  const json = JSON.stringify(playbook);
  const shared = new SharedArrayBuffer(Buffer.byteLength(json, 'utf8'));
  Buffer.from(shared).write(json, 'utf8');
  return { ...rest, playbookJson: shared };
}

export function fromWorkerData({ playbookJson, ...rest }: WorkerData): WorkerConfig {
  return { ...rest, playbook: JSON.parse(Buffer.from(playbookJson).toString('utf8')) as Playbook };
}

/** Tickets already read on the main thread (formats that cannot be cut into record chunks). */
export interface ReplayTask {
  /** Sequence number of the batch, for error messages and to take results in order. */
  batch: number;
  tickets: Ticket[];
}

export interface ReplayResult {
  batch: number;
  partial: Partial;
  /** Tickets that failed inside the worker, quarantined with the reason. */
  rejections: Rejection[];
}

/** Record-aligned bytes of a CSV file, read by the worker (engine/replay/chunk-replay.ts). */
export interface ChunkTask {
  batch: number;
  file: string;
  /** The adapter whose row reader turns records into tickets. */
  adapter: string;
  /** The row reader's prepared context (plain data). */
  context: unknown;
  delimiter: string;
  encoding: string;
  /** 1-based line of the chunk's first byte. */
  firstLine: number;
  /** The file's first chunk starts with its header record. */
  skipHeader: boolean;
  /** Transferred, not copied. */
  bytes: Uint8Array;
  /** The limits records are checked against, and the header and id column that name them (engine/ingest/chunks.ts); the default limits when absent. */
  guard?: CsvSource;
  /** Set when the chunk is one record the framer skipped as over the record limit: its size; `bytes` is its head. */
  oversized?: number;
}

/** Per replayed ticket, what de-duplication needs, index-aligned (engine/ingest/dedupe.ts). */
export interface IdKeys {
  h1: Uint32Array;
  h2: Uint32Array;
  /** −Infinity when the record has no update time. */
  updatedAt: Float64Array;
  /** The record's line. */
  position: Float64Array;
}

/** Where a worker's time on a chunk went (ms; inference and record conversion estimated from a sample). */
export interface ChunkTiming {
  parseMs: number;
  inferMs: number;
  /** Metering and folding into the partial. */
  meterMs: number;
}

export interface ChunkResult extends ReplayResult {
  timing: ChunkTiming;
  /** Records read from the chunk (header excluded): replayed + rejected. */
  records: number;
  keys: IdKeys;
}
