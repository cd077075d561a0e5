/**
 * A hand-rolled CSV parser for the record-aligned chunks workers receive (engine/ingest/frame.ts),
 * several times faster than csv-parse and EXACTLY equal to csvRecords (adapters/csv.ts) wherever
 * it answers: same records, same start lines, quirks included. Where that cannot be promised (a
 * record csv-parse would reject, records ended by a bare '\r', an odd delimiter) it answers null
 * and chunkRecords falls back to csvRecords itself. A differential property test holds the two
 * together (test/adapters/csv-fast.test.ts).
 *
 * What csv-parse does with csvRecords' options (bom, relax_column_count, skip_empty_lines,
 * skip_records_with_error, info), read from csv-parse 6.2.1's source and pinned by that test:
 * - The record delimiter is the first '\n', "\r\n" or bare '\r' met outside quotes; afterwards
 *   only it ends records, any other '\r' or '\n' outside quotes is an ordinary character.
 * - A line is skipped as empty only if it has no character at all (not even a space or a '\r').
 * - A '"' opens a quoted field only as the field's first character, elsewhere it is an error;
 *   inside, "" is one '"', and the closing '"' must be followed by the delimiter, the record
 *   delimiter or the end, else it is an error.
 * - Its line counter counts every '\r' and '\n' it steps on, but steps over the '\n' of a "\r\n"
 *   record delimiter, and counts a character only when it steps on the next one: a last '\r' or
 *   '\n' of the text is not counted in the line of the record it ends. csvRecords then takes away
 *   the '\n's of the record's fields and, for good, each "\r\n" inside a field.
 */

import { Readable } from 'node:stream';
import { DEFAULT_LIMITS, utf8LengthOver } from '../engine/limits.js';
import { checkHeader, csvRecords, idColumnOf, oversizedField, oversizedRecord, recordHead, type CsvItem, type CsvSource } from './csv.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** A record over the record limit: its size and where its text is. */
type Over = { size: number; start: number; end: number };

/** A record over the record limit: its index among the records, its size and where its text is. */
type Oversize = Over & { index: number };

type Parsed = { records: string[][]; lines: number[]; oversize?: Oversize[] };

/** Takes each record as it is parsed: its fields, its 1-based line, and whether it is over the record limit. */
type RecordSink = (record: string[], line: number, over: Over | undefined) => void;

/** `text.indexOf(s, from)`, with the text's length for "none" so positions compare simply. */
function nextIndex(text: string, s: string, from: number): number {
  const at = text.indexOf(s, from);
  return at === -1 ? text.length : at;
}

/**
 * csv-parse's record delimiter for `text`: the first '\n' or '\r' outside quotes decides ("\r\n"
 * when a '\n' follows the '\r'). Quotes are followed by parity, which is csv-parse's quoting
 * state whenever the parse succeeds (and when it does not, the answer is not used).
 */
function recordDelimiter(text: string): '\n' | '\r\n' | '\r' {
  const len = text.length;
  let lf = -1;
  let cr = -1;
  let at = 0;
  while (at < len) {
    if (lf < at) lf = nextIndex(text, '\n', at);
    if (cr < at) cr = nextIndex(text, '\r', at);
    const brk = lf < cr ? lf : cr;
    const open = nextIndex(text, '"', at);
    if (brk < open) return brk === lf ? '\n' : text.charCodeAt(brk + 1) === LF ? '\r\n' : '\r';
    if (open === len) break;
    at = nextIndex(text, '"', open + 1) + 1;
  }
  return '\n'; // no line break outside quotes: no record delimiter to tell
}

/**
 * Hands the records of `text` with record delimiter `rd` ('\n' or "\r\n") to `emit` as they are
 * parsed; false at the first thing csv-parse would reject (after the records before it), true at
 * the end. Positions of the next delimiter, quote, record delimiter, '\r' and '\n' are cached and
 * only searched again once passed, so each is found by one native indexOf.
 */
function parseRecords(text: string, delimiter: string, firstLine: number, rd: '\n' | '\r\n', maxRecordBytes: number, emit: RecordSink): boolean {
  const len = text.length;
  const del = delimiter.charCodeAt(0);
  const crlf = rd === '\r\n';
  let nDel = -1;
  let nQuote = -1;
  let nRd = -1;
  let nLF = -1;
  // Without any '\r' (the common case) only the '\n's of quoted fields count for lines.
  let nCR = nextIndex(text, '\r', 0);
  // csvRecords' line for a record starting here, before the record's own line breaks.
  let line = firstLine;
  let pos = 0;
  while (pos < len) {
    const c0 = text.charCodeAt(pos);
    if (c0 === LF ? !crlf : c0 === CR && crlf && text.charCodeAt(pos + 1) === LF) {
      pos += rd.length; // an empty line
      line++;
      continue;
    }
    const record: string[] = [];
    const recordStart = pos;
    // The '\r's, '\n's and "\r\n" pairs inside the record's fields (see the file comment).
    let crs = 0;
    let lfs = 0;
    let pairs = 0;
    let uncounted = 0;
    let ended = false; // by the record delimiter, not by the end of the text
    for (;;) {
      let start = pos; // the field's characters are text[start, stop)
      let stop: number;
      if (text.charCodeAt(pos) === QUOTE) {
        start = pos + 1;
        let value = '';
        let from = start;
        for (;;) {
          if (nQuote < from) nQuote = nextIndex(text, '"', from);
          if (nQuote === len) return false; // never closed
          if (text.charCodeAt(nQuote + 1) !== QUOTE) break;
          value += text.slice(from, nQuote + 1); // "" is one '"'
          from = nQuote + 2;
        }
        stop = nQuote;
        record.push(value + text.slice(from, stop));
        pos = stop + 1;
        if (nLF < start) nLF = nextIndex(text, '\n', start);
        while (nLF < stop) {
          lfs++;
          nLF = nextIndex(text, '\n', nLF + 1);
        }
      } else {
        if (nDel < pos) nDel = nextIndex(text, delimiter, pos);
        if (nRd < pos) nRd = nextIndex(text, rd, pos);
        stop = nDel < nRd ? nDel : nRd;
        if (nQuote < pos) nQuote = nextIndex(text, '"', pos);
        if (nQuote < stop) return false; // a quote inside an unquoted field
        record.push(text.slice(pos, stop));
        pos = stop;
        if (crlf) {
          // A lone '\n' is an ordinary character here.
          if (nLF < start) nLF = nextIndex(text, '\n', start);
          while (nLF < stop) {
            lfs++;
            nLF = nextIndex(text, '\n', nLF + 1);
          }
        }
        // A '\r' or '\n' ending the text is not counted yet when csv-parse emits the last record.
        if (stop === len && stop > start && (text.charCodeAt(len - 1) === CR || text.charCodeAt(len - 1) === LF)) uncounted = 1;
      }
      if (nCR < start) nCR = nextIndex(text, '\r', start);
      while (nCR < stop) {
        crs++;
        if (nCR + 1 < stop && text.charCodeAt(nCR + 1) === LF) pairs++;
        nCR = nextIndex(text, '\r', nCR + 1);
      }
      if (pos === len) break;
      const c = text.charCodeAt(pos);
      if (c === del) {
        pos++;
        continue;
      }
      if (crlf ? c === CR && text.charCodeAt(pos + 1) === LF : c === LF) {
        pos += rd.length;
        ended = true;
        break;
      }
      return false; // text after a closing quote
    }
    // The record's size for the limit: up to its line break, a CR just before the LF not counted.
    let recordEnd = ended ? pos - rd.length : pos;
    let over: Over | undefined;
    if ((recordEnd - recordStart) * 3 > maxRecordBytes) {
      if (ended && !crlf && recordEnd > recordStart && text.charCodeAt(recordEnd - 1) === CR) recordEnd--;
      const size = utf8LengthOver(text, maxRecordBytes, recordStart, recordEnd);
      if (size !== undefined) over = { size, start: recordStart, end: recordEnd };
    }
    emit(record, line + crs - pairs - uncounted, over);
    line += crs + lfs - pairs + 1;
    if (!ended) break;
  }
  return true;
}

/**
 * Parses a record-aligned chunk of CSV text (no BOM) exactly as csvRecords would parse that text
 * with that delimiter — same records, same 1-based start lines offset so the chunk's first line is
 * `firstLine` — or returns null where it cannot promise that (stray quote in an unquoted field,
 * text after a closing quote, an unclosed quote, a bare '\r' record delimiter, ...).
 *
 * @example
 * parseCsvChunk('a,"b\nc"\nd,e\n', ',', 10) // { records: [['a', 'b\nc'], ['d', 'e']], lines: [10, 12] }
 */
export function parseCsvChunk(text: string, delimiter: string, firstLine: number, maxRecordBytes = Infinity): Parsed | null {
  const records: string[][] = [];
  const lines: number[] = [];
  let oversize: Oversize[] | undefined;
  const parsed = eachCsvRecord(text, delimiter, firstLine, maxRecordBytes, (record, line, over) => {
    if (over) (oversize ??= []).push({ index: records.length, ...over });
    records.push(record);
    lines.push(line);
  });
  if (!parsed) return null;
  return oversize ? { records, lines, oversize } : { records, lines };
}

/**
 * parseCsvChunk's records handed to `emit` one at a time, as they are parsed; false where
 * parseCsvChunk returns null, which may come after some records were handed on.
 */
function eachCsvRecord(text: string, delimiter: string, firstLine: number, maxRecordBytes: number, emit: RecordSink): boolean {
  // One character csv-parse can tell from quotes and line breaks, and that UTF-8 keeps as it is.
  const d = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || d === QUOTE || d === LF || d === CR || (d >= 0xd800 && d <= 0xdfff)) return false;
  // csv-parse reads the text's UTF-8 bytes, where a lone surrogate became U+FFFD.
  const wellFormed = text as unknown as { isWellFormed(): boolean; toWellFormed(): string };
  let body = wellFormed.isWellFormed() ? text : wellFormed.toWellFormed();
  if (body.charCodeAt(0) === 0xfeff) body = body.slice(1); // csv-parse's `bom`
  const rd = recordDelimiter(body);
  if (rd === '\r') return false;
  // Where an oversized record's text is, in the text given (so its head can be read there).
  const shift = text.length - body.length;
  const sink: RecordSink = shift === 0 ? emit : (record, line, over) => emit(record, line, over && { size: over.size, start: over.start + shift, end: over.end + shift });
  return parseRecords(body, delimiter, firstLine, rd, maxRecordBytes, sink);
}

/**
 * The lines in a rejection's reason (csv-parse's "... at line 3 ...", csvRecords' "from line 2 to
 * line 4") are counted from the chunk's start: move them by as much as the record lines are.
 */
function shiftReason(reason: string, by: number): string {
  return reason.replace(/\bline (\d+)/g, (_, n: string) => `line ${Number(n) + by}`);
}

/**
 * parseCsvChunk, or csvRecords over the same text (lines offset) when it returns null: the same
 * CsvItems csvRecords gives, rejections included — records over the limits of `source` among them.
 * `oversized` is set for a record the framer skipped (engine/ingest/frame.ts): `text` is then its
 * head only, and the one item is its rejection.
 */
export async function chunkRecords(text: string, delimiter: string, firstLine: number, source: string | CsvSource, oversized?: number): Promise<CsvItem[]> {
  const guard: CsvSource = typeof source === 'string' ? { file: source } : source;
  if (oversized !== undefined) return [{ line: firstLine, rejection: oversizedRecord(recordHead(text), oversized, firstLine, guard, delimiter) }];
  const parsed = parseCsvChunk(text, delimiter, firstLine, (guard.limits ?? DEFAULT_LIMITS).maxRecordBytes);
  if (parsed) return checkRecords(parsed, text, delimiter, guard);
  return csvParseItems(text, delimiter, firstLine, guard);
}

/** csvRecords' items for a chunk's text, their lines (and csv-parse's lines in messages) moved to the chunk's. */
async function csvParseItems(text: string, delimiter: string, firstLine: number, guard: CsvSource): Promise<CsvItem[]> {
  const by = firstLine - 1;
  const items: CsvItem[] = [];
  for await (const item of csvRecords(Readable.from([text]), guard, delimiter)) {
    if (item.rejection) {
      // csv-parse's own line is counted from the chunk's start; the limits' rejections carry none.
      const rejection = { ...item.rejection, line: item.rejection.line + by, reason: item.rejection.code === 'csv-parse' ? shiftReason(item.rejection.reason, by) : item.rejection.reason };
      items.push({ line: item.line + by, rejection });
    } else items.push({ record: item.record, line: item.line + by });
  }
  return items;
}

/** parseCsvChunk's records as items, each checked against the limits as csvRecords checks it (a first record with no header known is the header). */
function checkRecords(parsed: Parsed, text: string, delimiter: string, source: CsvSource): CsvItem[] {
  const { records, lines, oversize } = parsed;
  const big = new Map(oversize?.map((o) => [o.index, o]));
  let guard = source;
  const items: CsvItem[] = [];
  for (let k = 0; k < records.length; k++) {
    const record = records[k];
    const line = lines[k];
    const size = big.get(k);
    if (!guard.header) {
      checkHeader(record, size?.size, guard);
      guard = { ...guard, header: record, idColumn: guard.idColumn ?? idColumnOf(record, guard.mapping) };
      items.push({ record, line });
      continue;
    }
    items.push(checkRecord(record, line, size, text, delimiter, guard));
  }
  return items;
}

/** A data record as an item: its rejection when it is over a limit, else the record. */
function checkRecord(record: string[], line: number, over: Over | undefined, text: string, delimiter: string, guard: CsvSource): CsvItem {
  const rejection = over ? oversizedRecord(recordHead(text.slice(over.start, over.end)), over.size, line, guard, delimiter) : oversizedField(record, line, guard);
  return rejection ? { line, rejection } : { record, line };
}

/**
 * chunkRecords' items handed to `each` one at a time, as they are parsed, for a chunk whose header
 * is known (`source.header`): a replay worker's records are then garbage as soon as each is
 * replayed, instead of all living until the chunk's end. Where the fast parser cannot answer after
 * it has handed some records on, `restart` is called and every item comes again, from csvRecords.
 * The items, and their order, are chunkRecords' in every case.
 */
export async function eachChunkItem(
  text: string, delimiter: string, firstLine: number, source: CsvSource, oversized: number | undefined, each: (item: CsvItem) => void, restart: () => void,
): Promise<void> {
  if (oversized !== undefined || !source.header) {
    for (const item of await chunkRecords(text, delimiter, firstLine, source, oversized)) each(item);
    return;
  }
  let handed = false;
  const parsed = eachCsvRecord(text, delimiter, firstLine, (source.limits ?? DEFAULT_LIMITS).maxRecordBytes, (record, line, over) => {
    handed = true;
    each(checkRecord(record, line, over, text, delimiter, source));
  });
  if (parsed) return;
  if (handed) restart();
  for (const item of await csvParseItems(text, delimiter, firstLine, source)) each(item);
}
