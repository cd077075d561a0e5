/**
 * Streaming JSON readers shared by the JSON adapters: NDJSON line by line, and the records of a
 * big JSON document (a top-level array, or the array under a key such as `tickets` in an API
 * page) through stream-json, so a file never has to fit in memory.
 *
 * The limits (engine/limits.ts) hold here for every JSON adapter: an NDJSON line over the record
 * limit is skipped without being held, a record nested deeper than the depth limit is not parsed
 * (NDJSON: told from its text) or is assembled only a few levels past the limit (documents: the
 * tokens below are dropped); either comes back as a record with an error and its code.
 */

import type { Readable } from 'node:stream';
import chain, { many, none } from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { streamValues } from 'stream-json/streamers/stream-values.js';
import type { Rejection } from '../engine/ingest/rejection.js';
import { DEFAULT_LIMITS, deeperThan, formatBytes, jsonTextDeeperThan, LIMIT_OPTIONS, type Limits } from '../engine/limits.js';
import { messages } from '../engine/messages.js';

/**
 * One record of a JSON input: its value, or why it could not be read: a parse error's detail,
 * or (with `code`) a limit's whole reason.
 */
export type JsonRecord =
  | { value: unknown; line: number; error?: undefined; code?: undefined }
  | { value?: undefined; line: number; error: string; code?: 'record-too-large' | 'too-deep' };

/** A JSON record that could not be read, as a rejection: `bad-json`, or the limit it broke. */
export function jsonRejection(file: string, r: { line: number; error: string; code?: string }): Rejection {
  return { file, line: r.line, id: '', code: r.code ?? 'bad-json', reason: r.code ? r.error : messages.badJson(r.error) };
}

/** The record of a value nested deeper than the limit. */
function tooDeep(line: number, limits: Limits): JsonRecord {
  return { line, code: 'too-deep', error: messages.tooDeep(limits.maxDepth, LIMIT_OPTIONS.maxDepth) };
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * The lines of a byte stream as readline cuts them ('\n', "\r\n" or a lone '\r'), each held only
 * while it is at most `max` bytes: a longer one comes back as its size alone, its bytes dropped.
 */
async function* splitLines(input: Readable, max: number): AsyncGenerator<{ text?: string; size: number }> {
  let held: Buffer[] = [];
  let size = 0;
  let over = false;
  let pendingCr = false;
  const take = (buf: Buffer, from: number, to: number) => {
    size += to - from;
    if (over) return;
    if (size > max) {
      over = true;
      held = [];
    } else if (to > from) held.push(buf.subarray(from, to));
  };
  const cut = (): { text?: string; size: number } => {
    const line = over ? { size } : { text: held.length === 1 ? held[0].toString('utf8') : Buffer.concat(held).toString('utf8'), size };
    held = [];
    size = 0;
    over = false;
    return line;
  };
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let from = 0;
    // A "\r\n" split between two reads is one line break.
    if (pendingCr) {
      pendingCr = false;
      if (buf[0] === LF) from = 1;
    }
    let lf = -1;
    let cr = -1;
    while (from < buf.length) {
      if (lf !== -2 && lf < from) lf = buf.indexOf(LF, from);
      if (cr !== -2 && cr < from) cr = buf.indexOf(CR, from);
      if (lf === -1) lf = -2; // none left in this read
      if (cr === -1) cr = -2;
      const brk = lf === -2 ? cr : cr === -2 ? lf : Math.min(lf, cr);
      if (brk < 0) {
        take(buf, from, buf.length);
        break;
      }
      take(buf, from, brk);
      yield cut();
      if (buf[brk] === CR) {
        if (brk + 1 === buf.length) pendingCr = true;
        from = brk + (buf[brk + 1] === LF ? 2 : 1);
      } else from = brk + 1;
    }
  }
  if (size > 0) yield cut();
}

/**
 * NDJSON: one JSON value per line; blank lines skipped, a bad line reported and passed over, a
 * line over the record limit or nested deeper than the depth limit reported with the limit.
 */
export async function* readNdjson(input: Readable, limits: Limits = DEFAULT_LIMITS): AsyncGenerator<JsonRecord> {
  let line = 0;
  for await (const { text, size } of splitLines(input, limits.maxRecordBytes)) {
    line++;
    if (text === undefined) {
      yield { line, code: 'record-too-large', error: messages.recordTooLarge(formatBytes(size), formatBytes(limits.maxRecordBytes), LIMIT_OPTIONS.maxRecordBytes) };
      continue;
    }
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (!trimmed) continue;
    if (jsonTextDeeperThan(trimmed, limits.maxDepth)) {
      yield tooDeep(line, limits);
      continue;
    }
    try {
      yield { value: JSON.parse(trimmed), line };
    } catch (err) {
      yield { line, error: (err as Error).message };
    }
  }
}

/**
 * A stream-json stage that caps nesting at `cap` levels: a container deeper comes out as `[]`
 * and its tokens are dropped, so a hostile document is never assembled deeper than that (a
 * value deeper than the limit stays deeper than it, and is rejected whole).
 */
export function capDepth(cap: number) {
  let depth = 0;
  let dropping = 0; // the depth of the dropped container, 0 when none is
  return (token: { name: string }) => {
    const opens = token.name === 'startObject' || token.name === 'startArray';
    const closes = token.name === 'endObject' || token.name === 'endArray';
    if (dropping > 0) {
      if (opens) depth++;
      else if (closes && --depth < dropping) dropping = 0;
      return none;
    }
    if (opens && ++depth > cap) {
      dropping = depth;
      return many([{ name: 'startArray' }, { name: 'endArray' }]);
    }
    if (closes) depth--;
    return token;
  };
}

/**
 * The nesting a document may reach before capDepth drops tokens: records sit at most two levels
 * down (`{"tickets": [record]}`), and a record deeper than the limit must still come out deeper.
 */
export const documentCap = (limits: Limits) => limits.maxDepth + 2;

/**
 * The elements of the array at `path` (`''` for a top-level array, `'tickets'` for
 * `{"tickets": [...]}`), one at a time. `line` is the element's index + 1 (JSON documents are
 * not line-oriented; the index is what a user can find). A syntax error ends the stream with an
 * error record; an element deeper than the depth limit is an error record of its own.
 */
export function readJsonArray(input: Readable, path = '', limits: Limits = DEFAULT_LIMITS): AsyncGenerator<JsonRecord> {
  return keyedRecords([input, parser(), capDepth(documentCap(limits)), ...(path ? [pick({ filter: path })] : []), streamArray()], limits);
}

/** Every top-level value of a document (one JSON value, or several concatenated). */
export function readJsonValues(input: Readable, limits: Limits = DEFAULT_LIMITS): AsyncGenerator<JsonRecord> {
  return keyedRecords([input, parser({ jsonStreaming: true }), capDepth(documentCap(limits)), streamValues()], limits);
}

/** The `{key, value}` items of a stream-json pipeline as records; a syntax error ends it with an error record. */
async function* keyedRecords(stages: unknown[], limits: Limits): AsyncGenerator<JsonRecord> {
  let index = 0;
  try {
    for await (const item of chain(stages as never) as AsyncIterable<{ key: number; value: unknown }>) {
      index = item.key + 1;
      yield deeperThan(item.value, limits.maxDepth) ? tooDeep(index, limits) : { value: item.value, line: index };
    }
  } catch (err) {
    yield { line: index + 1, error: (err as Error).message };
  }
}

/** A plain object (not an array or null), or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A string from a JSON value (numbers as their text, ids included); '' for null/absent. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return '';
}
