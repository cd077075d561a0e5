/**
 * The contract every adapter implements (one adapter per file in this folder, registered in
 * adapters/index.ts): detect a file from its first bytes, read it into canonical tickets, and
 * write canonical tickets back in the same format (for `generate` and round-trip tests).
 */

import type { Readable } from 'node:stream';
import type { Ticket } from '../engine/ticket.js';
import type { Rejection } from '../engine/ingest/rejection.js';
import type { Limits } from '../engine/limits.js';
import type { Mapping } from './mapping.js';
import type { DateOrder } from './time.js';

export interface ReadContext {
  /** The path as the user gave it (used in messages and rejected.csv). */
  file: string;
  /** IANA zone for timestamps without an offset (`--tz`). */
  tz: string;
  /** Column mapping (generic-csv). */
  mapping?: Mapping;
  /** `--date-order`: how to read `03/04/2025`; when absent the adapter detects it from the column. */
  dateOrder?: DateOrder;
  /** Field and record sizes, JSON depth (engine/limits.ts); DEFAULT_LIMITS when absent. */
  limits?: Limits;
}

/** One item an adapter yields: a ticket, or a record set aside with its reason. */
export type ReadItem = { ticket: Ticket; rejection?: undefined } | { ticket?: undefined; rejection: Rejection };

export interface FileHead {
  file: string;
  /** The first bytes of the file decoded as text (BOM stripped). */
  text: string;
}

/** How strongly a file looks like an adapter's format, and what made it look so. */
export interface Detection {
  /** 0 (not this format) to 1 (certainly this format); 0.5 and above is a match. */
  score: number;
  /** The columns or keys that matched, for the message when detection is ambiguous. */
  evidence: string[];
}

/** A piece of written output: `file` is '' for a one-file format, else a file name in a folder. */
export interface OutputChunk {
  file: string;
  text: string;
}

export interface RowReader {
  /** From the header and up to `sampleSize` first records (for detection, e.g. date order). Throws ReplayError on a bad header. */
  prepare(header: string[], sample: string[][], ctx: ReadContext): unknown;
  /** How many first records `prepare` wants to see. */
  readonly sampleSize: number;
  /** One record (1-based start line) to a ticket or a rejection. Pure: it runs in a worker thread. */
  toItem(record: string[], line: number, context: unknown): ReadItem;
}

export interface Adapter {
  readonly name: string;
  /** One line for `ticket-replay adapters`. */
  readonly description: string;
  /** How detection recognises the format, for `ticket-replay adapters`. */
  readonly detection: string;
  /** The menu path in the vendor's product that produces this export (README, `adapters`). */
  readonly exportHowTo: string;
  detect(head: FileHead): Detection;
  /** Streams one file's records. Fatal problems (no header, unreadable file) throw ReplayError. */
  read(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem>;
  /**
   * Formats split over several related files (Salesforce: Case + CaseComment + EmailMessage...)
   * read them together. `open` gives a file's decoded stream. Items carry their own file.
   */
  readGroup?(files: string[], ctx: Omit<ReadContext, 'file'>, open: (file: string) => Readable): AsyncIterable<ReadItem>;
  /**
   * CSV formats with one ticket per record can be read in record-aligned chunks by the worker
   * threads (engine/ingest/chunks.ts): the main thread reads the header and the first records,
   * `prepare` turns them into a plain, structured-cloneable context, and each worker turns its
   * records into items with `toItem`, which must give what `read` gives for the same record.
   */
  readonly rows?: RowReader;
  /** Writes tickets in this format (every field the format can carry). */
  write?(tickets: Iterable<Ticket>): Iterable<OutputChunk>;
}
