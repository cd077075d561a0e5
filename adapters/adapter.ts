/**
 * The contract every adapter implements (one adapter per file in this folder, registered in
 * adapters/index.ts): detect a file from its first bytes, read it into canonical tickets.
 */

import type { Readable } from 'node:stream';
import type { Ticket } from '../engine/ticket.js';
import type { Rejection } from '../engine/ingest/rejection.js';
import type { Mapping } from './mapping.js';

export interface ReadContext {
  /** The path as the user gave it (used in messages and rejected.csv). */
  file: string;
  /** IANA zone for timestamps without an offset. */
  tz: string;
  /** Column mapping (generic-csv). */
  mapping?: Mapping;
}

/** One item an adapter yields: a ticket, or a record set aside with its reason. */
export type ReadItem = { ticket: Ticket; rejection?: undefined } | { ticket?: undefined; rejection: Rejection };

export interface FileHead {
  file: string;
  /** The first bytes of the file decoded as UTF-8 (BOM stripped). */
  text: string;
}

export interface Adapter {
  readonly name: string;
  /** One line for `ticket-replay adapters`. */
  readonly description: string;
  /** How detection recognises the format, for `ticket-replay adapters`. */
  readonly detection: string;
  /** A score from 0 (not this format) to 1 (certainly this format). */
  detect(head: FileHead): number;
  /** Streams the file's records. Fatal problems (no header, unreadable file) throw ReplayError. */
  read(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem>;
}
