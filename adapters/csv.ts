/**
 * csv-parse set up once for every CSV adapter: streaming, BOM stripped, delimiter sniffed from
 * the header (`,`, `;` from European Excel, or tab), ragged rows passed through for the adapter
 * to quarantine, unreadable records turned into rejections with their line, and records over the
 * field or record size limit (engine/limits.ts) turned into rejections that name the limit. Records
 * come back as arrays with the 1-based line where each starts.
 */

import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { ReplayError } from '../engine/errors.js';
import { DEFAULT_LIMITS, formatBytes, LIMIT_OPTIONS, utf8LengthOver, type Limits } from '../engine/limits.js';
import { messages } from '../engine/messages.js';
import type { Rejection } from '../engine/ingest/rejection.js';
import type { Mapping } from './mapping.js';
import { detectDateOrder, type DateOrder } from './time.js';

export type CsvItem = { record: string[]; line: number; rejection?: undefined } | { record?: undefined; line: number; rejection: Rejection };

/** The delimiter of a header line: the most frequent of `,`, `;` and tab outside quotes. */
export function sniffDelimiter(headerLine: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return n > 0 ? best : ',';
}

/** The first line of a text (BOM removed). */
export function firstLine(text: string): string {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
}

/** Header cells of a CSV head, split with the sniffed delimiter (quotes removed). */
export function headerCells(text: string): string[] {
  const line = firstLine(text);
  const delimiter = sniffDelimiter(line);
  return line.split(delimiter).map((h) => h.trim().replace(/^"(.*)"$/, '$1').trim());
}

/**
 * Line breaks inside a record's fields: the record started that many lines before it ended. CRLF
 * pairs are counted apart, because csv-parse's line counter counts them twice (see csvRecords).
 */
function innerBreaks(row: string[]): { lines: number; crlf: number } {
  let lines = 0;
  let crlf = 0;
  for (const field of row) {
    let at = field.indexOf('\n');
    while (at !== -1) {
      lines++;
      if (at > 0 && field.charCodeAt(at - 1) === 13) crlf++;
      at = field.indexOf('\n', at + 1);
    }
  }
  return { lines, crlf };
}

/**
 * What CSV records are checked against (engine/limits.ts), and what names them in a rejection.
 * A ReadContext is one; a bare file name means the default limits.
 */
export interface CsvSource {
  file: string;
  limits?: Limits;
  /** generic-csv's mapping: it may name the id column. */
  mapping?: Mapping;
  /**
   * The header, when the text read is a later part of a file (a chunk): every record is then
   * data. Without it the first record is the header, and a header over a limit is fatal.
   */
  header?: string[];
  /** The id column, for rejections (found from the header when not given). */
  idColumn?: number;
}

/** The bytes of an oversized record kept to name it: its id is read from the fields complete in them. */
export const RECORD_HEAD_BYTES = 64 * 1024;

/**
 * The id column of a header: the one the mapping names, else the first called id or ticket id
 * (any case and spacing: generic-csv's `id`, Zendesk's `Id`, Freshdesk's `Ticket ID`).
 */
export function idColumnOf(header: string[], mapping?: Mapping): number | undefined {
  const key = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');
  const named = mapping?.columns.id;
  const at = named !== undefined ? header.findIndex((h) => key(h) === key(named)) : header.findIndex((h) => key(h) === 'id' || key(h) === 'ticketid');
  return at === -1 ? undefined : at;
}

/**
 * The fields wholly inside the first bytes of a record (an oversized record's head), in order;
 * the field cut off by the end of the head is left out.
 */
export function headFields(head: string, delimiter: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < head.length) {
    if (head[i] === '"') {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = head.indexOf('"', from);
        if (q === -1 || q + 1 === head.length) return fields;
        if (head[q + 1] !== '"') {
          value += head.slice(from, q);
          i = q + 1;
          break;
        }
        value += head.slice(from, q + 1);
        from = q + 2;
      }
      if (head.startsWith(delimiter, i)) fields.push(value);
      else return fields;
      i += delimiter.length;
    } else {
      const d = head.indexOf(delimiter, i);
      if (d === -1) return fields;
      fields.push(head.slice(i, d));
      i = d + delimiter.length;
    }
  }
  return fields;
}

/** The first RECORD_HEAD_BYTES of a record's text (UTF-8), decoded. */
export function recordHead(text: string): string {
  const bytes = Buffer.from(text.slice(0, RECORD_HEAD_BYTES), 'utf8');
  return bytes.length <= RECORD_HEAD_BYTES ? bytes.toString('utf8') : bytes.subarray(0, RECORD_HEAD_BYTES).toString('utf8');
}

/**
 * The rejection of a record over the record limit, seen only through its head (the framer never
 * holds it whole; the parsers take the same head so every path names it alike).
 */
export function oversizedRecord(head: string, size: number, line: number, source: CsvSource, delimiter: string): Rejection {
  const limit = (source.limits ?? DEFAULT_LIMITS).maxRecordBytes;
  const at = source.idColumn;
  const id = at === undefined ? '' : (headFields(head, delimiter)[at] ?? '').trim();
  return { file: source.file, line, id, code: 'record-too-large', reason: messages.recordTooLarge(formatBytes(size), formatBytes(limit), LIMIT_OPTIONS.maxRecordBytes) };
}

/** The rejection of a record with a field over the field limit (the first such field), or undefined. */
export function oversizedField(record: string[], line: number, source: CsvSource): Rejection | undefined {
  const limit = (source.limits ?? DEFAULT_LIMITS).maxFieldBytes;
  for (let k = 0; k < record.length; k++) {
    const size = utf8LengthOver(record[k], limit);
    if (size === undefined) continue;
    const header = source.header?.[k];
    // A header cell can be long too (up to the field limit): the reason names it by its start.
    const name = header === undefined ? `column ${k + 1}` : header.length > 60 ? `${header.slice(0, 60)}…` : header;
    const id = source.idColumn === undefined ? '' : (record[source.idColumn] ?? '').trim();
    const reason = messages.fieldTooLarge(name, formatBytes(size), formatBytes(limit), LIMIT_OPTIONS.maxFieldBytes);
    return { file: source.file, line, id, code: 'field-too-large', reason };
  }
  return undefined;
}

/** A header over a limit: the file cannot be read at all. */
export function checkHeader(header: string[], size: number | undefined, source: CsvSource): void {
  const limits = source.limits ?? DEFAULT_LIMITS;
  const { file } = source;
  if (size !== undefined) {
    throw new ReplayError('INPUT', messages.headerTooLarge(file, formatBytes(size), formatBytes(limits.maxRecordBytes), LIMIT_OPTIONS.maxRecordBytes), { file, line: 1 });
  }
  header.forEach((cell, k) => {
    const cellSize = utf8LengthOver(cell, limits.maxFieldBytes);
    if (cellSize === undefined) return;
    const reason = messages.headerCellTooLarge(file, k + 1, formatBytes(cellSize), formatBytes(limits.maxFieldBytes), LIMIT_OPTIONS.maxFieldBytes);
    throw new ReplayError('INPUT', reason, { file, line: 1 });
  });
}

/**
 * A record's size as the limit counts it, when over `limit`: its bytes (UTF-8) from its first
 * character up to its line break, a CR just before an LF not counted. `raw` is csv-parse's raw
 * text of the record, which also holds the first character of the line break of each empty line
 * before it, and of its own (csv-parse steps over the rest without keeping it).
 */
function rawRecordSize(raw: string, rd: string, limit: number): { size: number; text: string } | undefined {
  if (raw.length * 3 <= limit) return undefined;
  const first = rd[0];
  let start = 0;
  let end = raw.length;
  if (first) {
    while (start < end && raw[start] === first) start++;
    if (end > start && raw[end - 1] === first) {
      end--;
      if (rd === '\n' && end > start && raw.charCodeAt(end - 1) === 13) end--;
    }
  }
  const size = utf8LengthOver(raw, limit, start, end);
  return size === undefined ? undefined : { size, text: raw.slice(start, end) };
}

/**
 * Streams a CSV's records (the header is the first record). The delimiter is sniffed from the
 * first chunk unless given. A record over the record or the field limit of `source` comes back
 * as a rejection (record first); a header over one fails the file.
 */
export async function* csvRecords(input: Readable, source: string | CsvSource, delimiter?: string): AsyncGenerator<CsvItem> {
  const guard: CsvSource = typeof source === 'string' ? { file: source } : { ...source };
  const { file } = guard;
  const limits = guard.limits ?? DEFAULT_LIMITS;
  // Records csv-parse could not read, in the order met: how many records it had read before each
  // (to give it its place among them) and the line it gave up at.
  const skipped: { before: number; end: number; empty: number; detail: string }[] = [];
  // csv-parse counts a CRLF inside a quoted field as two lines, for the rest of the file: undo it.
  let drift = 0;
  // The last line of the last record given out, and the empty lines csv-parse had skipped by then:
  // an unreadable record starts on the line after, past the empty lines skipped since.
  let lastEnd = 0;
  let lastEmpty = 0;
  /** The next unreadable record, named by the line where it starts, and by its span when longer. */
  const unreadable = (): CsvItem => {
    const { end, empty, detail } = skipped.shift()!;
    const line = Math.min(lastEnd + 1 + empty - lastEmpty, end);
    lastEnd = end;
    lastEmpty = empty;
    const span = end > line ? messages.csvSpan(line, end) : '';
    return { line, rejection: { file, line, id: '', code: 'csv-parse', reason: messages.csvParse(detail) + span } };
  };
  const makeParser = (sep: string) =>
    parse({
      bom: true,
      delimiter: sep,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
      // The record's own text, to measure it against the record limit as the framer does.
      raw: true,
      on_skip: (err: CsvError | undefined) => {
        const at = err as { lines?: number; records?: number; empty_lines?: number } | undefined;
        const end = Math.max(1, Number(at?.lines ?? 0) - drift);
        skipped.push({ before: Number(at?.records ?? 0), end, empty: Number(at?.empty_lines ?? 0), detail: err?.message ?? 'invalid record' });
        return undefined;
      },
    });
  // Sniff the delimiter from the first chunk, then hand the parser everything.
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? '' : Buffer.isBuffer(first.value) ? first.value.toString('utf8', 0, Math.min(first.value.length, 65536)) : String(first.value);
  const sep = delimiter ?? sniffDelimiter(firstLine(head));
  const parser = makeParser(sep);
  const feed = (async () => {
    try {
      if (!first.done) if (!parser.write(first.value)) await new Promise((r) => parser.once('drain', r));
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (!parser.write(next.value)) await new Promise((r) => parser.once('drain', r));
      }
      parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  const recordDelimiter = () => String((parser.options as { record_delimiter?: Buffer[] }).record_delimiter?.[0] ?? '');
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number; records: number; empty_lines: number }; raw: string }>) {
    // Records come out queued, the unreadable ones as they are met: put them back in file order.
    while (skipped.length > 0 && skipped[0].before < item.info.records) yield unreadable();
    const breaks = innerBreaks(item.record);
    drift += breaks.crlf;
    const line = item.info.lines - drift - breaks.lines;
    lastEnd = item.info.lines - drift;
    lastEmpty = item.info.empty_lines;
    const big = rawRecordSize(item.raw, recordDelimiter(), limits.maxRecordBytes);
    if (!guard.header) {
      checkHeader(item.record, big?.size, guard);
      guard.header = item.record;
      guard.idColumn ??= idColumnOf(item.record, guard.mapping);
      yield { record: item.record, line };
      continue;
    }
    const rejection = big ? oversizedRecord(recordHead(big.text), big.size, line, guard, sep) : oversizedField(item.record, line, guard);
    yield rejection ? { line, rejection } : { record: item.record, line };
  }
  await feed;
  while (skipped.length > 0) yield unreadable();
}

/** Rows read before the first ticket to tell a date column's day/month order. */
export const DATE_ORDER_SAMPLE = 500;

/** The header, or a record with the day/month order its dates are to be read in. */
export type OrderedCsvItem = { header: string[]; item?: undefined; order?: undefined } | { header?: undefined; item: CsvItem; order: DateOrder };

/**
 * csvRecords with the header split off and the order of slashed dates (`03/04/2025`) settled:
 * given (`--date-order`, a mapping), or told from the date columns of the first
 * DATE_ORDER_SAMPLE rows, which wait for it (memory stays bounded); month-first when the sample
 * cannot tell. Records keep their file order. `dateColumns` gets the header once.
 */
export async function* csvRowsInDateOrder(
  input: Readable,
  source: string | CsvSource,
  given: DateOrder | undefined,
  dateColumns: (header: string[]) => number[],
): AsyncGenerator<OrderedCsvItem> {
  let columns: number[] | undefined;
  let order = given;
  const pending: CsvItem[] = [];
  const decide = (): DateOrder =>
    detectDateOrder(pending.flatMap((p) => (p.record ? columns!.map((c) => p.record![c] ?? '') : []))) ?? 'mdy';
  for await (const item of csvRecords(input, source)) {
    if (!columns) {
      if (item.rejection) yield { item, order: order ?? 'mdy' };
      else {
        columns = dateColumns(item.record);
        yield { header: item.record };
      }
      continue;
    }
    if (order) {
      yield { item, order };
      continue;
    }
    pending.push(item);
    if (pending.length < DATE_ORDER_SAMPLE) continue;
    order = decide();
    for (const p of pending.splice(0)) yield { item: p, order };
  }
  if (pending.length > 0) {
    const settled = order ?? decide();
    for (const p of pending) yield { item: p, order: settled };
  }
}
