/**
 * Chunked reading, the main thread's side: a CSV input whose adapter has a row reader is cut into
 * record-aligned byte chunks (engine/ingest/frame.ts) that the workers parse and replay, so the
 * main thread only frames bytes. The header and the first records are parsed here, once, to
 * prepare the adapter's context (columns, date order); everything after is the workers' work.
 */

import { createHash } from 'node:crypto';
import type { ReadContext, RowReader } from '../../adapters/adapter.js';
import { chunkRecords } from '../../adapters/csv-fast.js';
import { checkHeader, firstLine, idColumnOf, sniffDelimiter, type CsvItem, type CsvSource } from '../../adapters/csv.js';
import { DEFAULT_LIMITS } from '../limits.js';
import type { Ticket } from '../ticket.js';
import type { InputSummary } from '../summary.js';
import { bomEncoding, decodeBytes } from './decode.js';
import { RecordFramer, type FramedChunk } from './frame.js';
import type { IngestOptions, PlannedInput } from './ingest.js';

/**
 * Bytes per chunk: large enough to amortise a message, small enough to balance two workers.
 * TICKET_REPLAY_CHUNK_BYTES overrides it (tests use small chunks to cross many boundaries).
 */
export const CHUNK_BYTES = Number(process.env.TICKET_REPLAY_CHUNK_BYTES) || 1 << 20;

/** Encodings in which '"', '\n' and '\r' are always single bytes of their own, so bytes can be framed before decoding. */
const FRAMEABLE = /^(utf-8|windows-125\d|iso-8859-\d+|us-ascii)$/;

/** Whether an input is read in chunks by the workers. */
export function chunkable(input: PlannedInput): boolean {
  return Boolean(input.adapter.rows) && !input.adapter.readGroup && FRAMEABLE.test(new TextDecoder(input.encoding).encoding);
}

export interface ChunkedReading {
  rows: RowReader;
  /** The row reader's prepared context (cloned to every worker with each chunk). */
  context: unknown;
  delimiter: string;
  encoding: string;
  /** What the workers check records against (the limits) and name them by (header, id column): plain data. */
  guard: CsvSource;
  /** The chunks, the first starting with the header record (`skipHeader`); one skipped record over the limit is a chunk marked `oversized`. */
  chunks: AsyncGenerator<FramedChunk & { skipHeader: boolean; lastLine: number }>;
}

/**
 * Opens a chunkable input, hashing its raw bytes into `stats.sha256`, and prepares its reading;
 * undefined when its head is not plain enough to cut (a header that does not parse, records ended
 * by a bare '\r'): such an input is read by the streaming path instead.
 */
export async function openChunked(input: PlannedInput, opts: IngestOptions, stats: InputSummary): Promise<ChunkedReading | undefined> {
  const rows = input.adapter.rows!;
  const encoding = new TextDecoder(input.encoding).encoding;
  const raw = await input.source.open();
  const hash = createHash('sha256');
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const framer = new RecordFramer({ target: CHUNK_BYTES, maxRecordBytes: limits.maxRecordBytes });
  let guard: CsvSource = { file: input.source.name, limits, mapping: opts.mapping };
  const iterator = (raw as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const head: FramedChunk[] = [];
  const items: CsvItem[] = [];
  let delimiter: string | undefined;
  let ended = false;
  let bomSkipped = false;
  const pull = async (): Promise<FramedChunk[]> => {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      stats.sha256 = hash.digest('hex');
      return framer.end();
    }
    let bytes: Uint8Array = next.value;
    hash.update(bytes);
    if (!bomSkipped) {
      // A UTF-8 byte-order mark is not part of the first header cell (csv-parse's `bom` option).
      bomSkipped = true;
      if (bomEncoding(bytes) === 'utf-8') bytes = bytes.subarray(3);
    }
    return framer.push(bytes);
  };
  try {
    // Parse the head until the header and the row reader's sample are in.
    while (!ended && items.length <= rows.sampleSize) {
      for (const chunk of await pull()) {
        // A header too long to hold cannot be read: the file fails, naming the limit.
        if (chunk.oversized !== undefined && head.length === 0) checkHeader([], chunk.oversized, guard);
        const text = decodeBytes(chunk.bytes, encoding, { ignoreBOM: true });
        delimiter ??= sniffDelimiter(firstLine(text));
        items.push(...(await chunkRecords(text, delimiter, chunk.firstLine, guard, chunk.oversized)));
        head.push(chunk);
        // Later chunks are data: the header (checked against the limits by now) names their fields.
        if (!guard.header && items[0]?.record) guard = { file: guard.file, limits, header: items[0].record, idColumn: idColumnOf(items[0].record, opts.mapping) };
      }
      if (head.length > 0 && !guard.header) break; // no header: the streaming path reads it
    }
  } catch (err) {
    raw.destroy();
    throw err;
  }
  const header = items[0]?.record;
  const start = head.length > 0 ? decodeBytes(head[0].bytes.subarray(0, Math.min(head[0].bytes.length, 65_536)), encoding, { ignoreBOM: true }) : '';
  const bareReturn = /\r(?!\n)/.test(start.slice(0, start.indexOf('\n') + 1 || undefined));
  if (!header || bareReturn) {
    raw.destroy();
    return undefined;
  }
  const ctx: ReadContext = { file: input.source.name, tz: opts.tz, mapping: opts.mapping, dateOrder: opts.dateOrder, limits };
  const sample = items.slice(1, rows.sampleSize + 1).flatMap((i) => (i.record ? [i.record] : []));
  let context: unknown;
  try {
    context = rows.prepare(header, sample, ctx);
  } catch (err) {
    raw.destroy();
    throw err;
  }
  const lastLine = (c: FramedChunk) => c.firstLine + Math.max(0, c.newlines - 1);
  async function* chunks() {
    try {
      let first = true;
      for (const c of head) {
        yield { ...c, skipHeader: first, lastLine: lastLine(c) };
        first = false;
      }
      while (!ended) for (const c of await pull()) yield { ...c, skipHeader: false, lastLine: lastLine(c) };
    } finally {
      raw.destroy();
    }
  }
  return { rows, context, delimiter: delimiter!, encoding, guard, chunks: chunks() };
}

/** Reads again, from `reading` (openChunked's), the records that start on the given lines (losers of de-duplication). */
export async function* rereadChunked(input: PlannedInput, reading: ChunkedReading, lines: Set<number>): AsyncGenerator<Ticket> {
  let firstWanted = Infinity;
  for (const line of lines) firstWanted = Math.min(firstWanted, line);
  for await (const chunk of reading.chunks) {
    if (chunk.lastLine < firstWanted || chunk.oversized !== undefined) continue;
    const items = await chunkRecords(decodeBytes(chunk.bytes, reading.encoding, { ignoreBOM: true }), reading.delimiter, chunk.firstLine, reading.guard);
    for (const item of items.slice(chunk.skipHeader ? 1 : 0)) {
      if (!item.record || !lines.has(item.line)) continue;
      const read = reading.rows.toItem(item.record, item.line, reading.context);
      if (read.ticket) yield read.ticket;
    }
  }
}
