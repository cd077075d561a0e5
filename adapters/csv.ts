/**
 * csv-parse set up once for every CSV adapter: streaming, BOM stripped, delimiter sniffed from
 * the header (`,`, `;` from European Excel, or tab), ragged rows passed through for the adapter
 * to quarantine, unreadable records turned into rejections with their line. Records come back as
 * arrays with the 1-based line where each starts.
 */

import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { messages } from '../engine/messages.js';
import type { Rejection } from '../engine/ingest/rejection.js';
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
 * Streams a CSV's records (the header is the first record). The delimiter is sniffed from the
 * first chunk unless given.
 */
export async function* csvRecords(input: Readable, file: string, delimiter?: string): AsyncGenerator<CsvItem> {
  const skipped: CsvItem[] = [];
  // csv-parse counts a CRLF inside a quoted field as two lines, for the rest of the file: undo it.
  let drift = 0;
  const makeParser = (sep: string) =>
    parse({
      bom: true,
      delimiter: sep,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
      on_skip: (err: CsvError | undefined) => {
        const line = Math.max(0, Number((err as { lines?: number } | undefined)?.lines ?? 0) - drift);
        skipped.push({ line, rejection: { file, line, id: '', code: 'csv-parse', reason: messages.csvParse(err?.message ?? 'invalid record') } });
        return undefined;
      },
    });
  // Sniff the delimiter from the first chunk, then hand the parser everything.
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? '' : Buffer.isBuffer(first.value) ? first.value.toString('utf8', 0, Math.min(first.value.length, 65536)) : String(first.value);
  const parser = makeParser(delimiter ?? sniffDelimiter(firstLine(head)));
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
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (skipped.length > 0) yield skipped.shift()!;
    const breaks = innerBreaks(item.record);
    drift += breaks.crlf;
    yield { record: item.record, line: item.info.lines - drift - breaks.lines };
  }
  await feed;
  while (skipped.length > 0) yield skipped.shift()!;
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
  file: string,
  given: DateOrder | undefined,
  dateColumns: (header: string[]) => number[],
): AsyncGenerator<OrderedCsvItem> {
  let columns: number[] | undefined;
  let order = given;
  const pending: CsvItem[] = [];
  const decide = (): DateOrder =>
    detectDateOrder(pending.flatMap((p) => (p.record ? columns!.map((c) => p.record![c] ?? '') : []))) ?? 'mdy';
  for await (const item of csvRecords(input, file)) {
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
