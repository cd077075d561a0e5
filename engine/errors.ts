/**
 * Typed errors: data with a code and a location, turned into one sentence by the CLI's single
 * catch (engine/cli/main.ts). Bad *records* are not errors: they are rejections (ingest/rejection.ts).
 */

export type ErrorCode =
  | 'USAGE' // wrong flags or arguments: exit 2
  | 'INPUT' // an input file cannot be read at all: exit 1
  | 'CONFIG' // a plans, playbook or mapping file is invalid: exit 1
  | 'DETECT' // auto-detection found no adapter for a file: exit 1
  | 'WORKER' // a replay worker failed: exit 1
  | 'OUTPUT' // a report file could not be written where asked (a name that would leave --out): exit 1
  | 'INTERRUPTED'; // SIGINT/SIGTERM: exit 130 (143 for SIGTERM: SIGNAL_EXIT_CODES)

export interface ErrorLocation {
  file?: string;
  line?: number;
  /** Field name or a dotted path into a config (`plans[0].pack.usd`). */
  field?: string;
  ticketId?: string;
}

export class ReplayError extends Error implements ErrorLocation {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
  readonly ticketId?: string;

  constructor(code: ErrorCode, message: string, where: ErrorLocation = {}) {
    super(message);
    this.name = 'ReplayError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
    this.ticketId = where.ticketId;
  }
}

export const EXIT_CODES: Record<ErrorCode, number> = {
  USAGE: 2,
  INPUT: 1,
  CONFIG: 1,
  DETECT: 1,
  WORKER: 1,
  OUTPUT: 1,
  INTERRUPTED: 130,
};

/** An interrupt exits as a shell reports a process ended by that signal: 128 + its number. */
export const SIGNAL_EXIT_CODES: Record<'SIGINT' | 'SIGTERM', number> = {
  SIGINT: 130,
  SIGTERM: 143,
};

export function isReplayError(err: unknown): err is ReplayError {
  return err instanceof ReplayError;
}

/** "file:line, field x: " prefix, only the parts that are known. */
export function describeLocation(where: ErrorLocation): string {
  const parts: string[] = [];
  if (where.file) parts.push(where.line ? `${where.file}:${where.line}` : where.file);
  else if (where.line) parts.push(`line ${where.line}`);
  if (where.field) parts.push(`field "${where.field}"`);
  if (where.ticketId) parts.push(`ticket ${where.ticketId}`);
  return parts.join(', ');
}
