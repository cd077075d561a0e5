/**
 * Chunked reading, the main thread's side: a CSV input whose adapter has a row reader is cut into
 * record-aligned byte chunks (engine/ingest/frame.ts) that the workers parse and replay, so the
 * main thread only frames bytes. The header and the first records are parsed here, once, to
 * prepare the adapter's context (columns, date order); everything after is the workers' work.
 */

import { createHash } from 'node:crypto';
import type { ReadContext, RowReader } from '../../adapters/adapter.js';
import { chunkRecords } from '../../adapters/csv-fast.js';
import { firstLine, sniffDelimiter, type CsvItem } from '../../adapters/csv.js';
import type { Ticket } from '../ticket.js';
import type { InputSummary } from '../summary.js';
import { bomEncoding } from './decode.js';
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
  /** The chunks, the first starting with the header record (`skipHeader`). */
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
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  const raw = await input.source.open();
  const hash = createHash('sha256');
  const framer = new RecordFramer({ target: CHUNK_BYTES });
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
        const text = decoder.decode(chunk.bytes);
        delimiter ??= sniffDelimiter(firstLine(text));
        items.push(...(await chunkRecords(text, delimiter, chunk.firstLine, input.source.name)));
        head.push(chunk);
      }
    }
  } catch (err) {
    raw.destroy();
    throw err;
  }
  const header = items[0]?.record;
  const start = head.length > 0 ? decoder.decode(head[0].bytes.subarray(0, Math.min(head[0].bytes.length, 65_536))) : '';
  const bareReturn = /\r(?!\n)/.test(start.slice(0, start.indexOf('\n') + 1 || undefined));
  if (!header || bareReturn) {
    raw.destroy();
    return undefined;
  }
  const ctx: ReadContext = { file: input.source.name, tz: opts.tz, mapping: opts.mapping, dateOrder: opts.dateOrder };
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
  return { rows, context, delimiter: delimiter!, encoding, chunks: chunks() };
}

/** Reads again, from `reading` (openChunked's), the records that start on the given lines (losers of de-duplication). */
export async function* rereadChunked(input: PlannedInput, reading: ChunkedReading, lines: Set<number>): AsyncGenerator<Ticket> {
  const decoder = new TextDecoder(reading.encoding, { ignoreBOM: true });
  let firstWanted = Infinity;
  for (const line of lines) firstWanted = Math.min(firstWanted, line);
  for await (const chunk of reading.chunks) {
    if (chunk.lastLine < firstWanted) continue;
    const items = await chunkRecords(decoder.decode(chunk.bytes), reading.delimiter, chunk.firstLine, input.source.name);
    for (const item of items.slice(chunk.skipHeader ? 1 : 0)) {
      if (!item.record || !lines.has(item.line)) continue;
      const read = reading.rows.toItem(item.record, item.line, reading.context);
      if (read.ticket) yield read.ticket;
    }
  }
}
