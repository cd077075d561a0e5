/**
 * Run options: what `ticket-replay run` accepts, filled with defaults once at the boundary.
 */

import { availableParallelism } from 'node:os';
import type { Environment } from './pricing/model.js';
import type { DateOrder } from '../adapters/time.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';

export interface RunOptions {
  /** Input files or folders; empty = the bundled sample. */
  inputs: string[];
  adapter: string;
  mapping?: string;
  plans?: string;
  playbook?: string;
  out: string;
  workers: number;
  seed: number;
  environment: Environment;
  /** Monthly budget in USD. */
  budget?: number;
  /** `--human-cost`: USD per handed-off ticket, for plans that do not set humanUsdPerHandoff. */
  humanCost?: number;
  /** `--forecast-months`: months to forecast (0: no forecast). */
  forecastMonths: number;
  /** `--forecast-paths`: Monte Carlo paths. */
  forecastPaths: number;
  /** `--scenarios <file>`: what-if scenarios to forecast beside the baseline. */
  scenarios?: string;
  /** `--surge <probability>:<size>`: a chance per coming month of a surge of that size. */
  surge?: { probability: number; size: number };
  tz: string;
  /** `--date-order` for slashed dates; detected from the column when absent. */
  dateOrder?: DateOrder;
  /** `--encoding` for files without a byte-order mark (default UTF-8). */
  encoding?: string;
  /** `--max-field-size`, `--max-record-size`, `--max-depth`, `--regex-timeout` (engine/limits.ts). */
  limits: Limits;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = {
  inputs: [],
  adapter: 'auto',
  out: 'replay-report',
  workers: Math.max(1, availableParallelism()),
  seed: 1,
  environment: 'production',
  tz: 'UTC',
  forecastMonths: 6,
  forecastPaths: 2000,
  limits: DEFAULT_LIMITS,
};

export function resolveRunOptions(partial: Partial<RunOptions>): RunOptions {
  const filled: RunOptions = { ...DEFAULT_RUN_OPTIONS };
  for (const [key, value] of Object.entries(partial)) if (value !== undefined) (filled as unknown as Record<string, unknown>)[key] = value;
  return filled;
}

/** Tickets per batch sent to a worker: big enough to amortise the message, small enough to spread. */
export const BATCH_SIZE = 1000;
