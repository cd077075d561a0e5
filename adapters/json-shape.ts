/**
 * The JSON layouts people save API responses in, told apart from a file's head, then streamed:
 * a top-level array (one API page), several arrays one after another (pages appended with
 * `>>`), NDJSON (one record per line), a page object that holds its records under a key
 * (`{"conversations": [...]}`), or one pretty-printed record. Shared by the API-JSON adapters
 * (Freshdesk, Intercom) so each only maps records.
 */

import type { Readable } from 'node:stream';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamValues } from 'stream-json/streamers/stream-values.js';
import { DEFAULT_LIMITS, deeperThan, LIMIT_OPTIONS, type Limits } from '../engine/limits.js';
import { messages } from '../engine/messages.js';
import { asObject, capDepth, documentCap, readJsonArray, readJsonValues, readNdjson, type JsonRecord } from './json-stream.js';

/** How a file's records are laid out. */
export type JsonShape =
  | { kind: 'array' }
  | { kind: 'pages' }
  | { kind: 'ndjson' }
  | { kind: 'page'; key: string }
  | { kind: 'values' };

function parses(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/**
 * The shape of a JSON head (`undefined` when it is not JSON). `pageKeys` are the keys under which
 * the vendor's page objects hold their records.
 * @example jsonShape('{"type":"conversation.list",\n "conversations": [', ['conversations']) // { kind: 'page', key: 'conversations' }
 * @example jsonShape('{"id":1}\n{"id":2}\n', []) // { kind: 'ndjson' }
 */
export function jsonShape(head: string, pageKeys: readonly string[]): JsonShape | undefined {
  const text = head.trimStart();
  const lines = text.split('\n');
  const first = lines[0];
  // The next non-blank line tells records-per-line apart from a pretty-printed document.
  const next = lines.slice(1).find((l) => l.trim())?.trimStart() ?? '';
  if (text.startsWith('[')) return Array.isArray(parses(first)) && next.startsWith('[') ? { kind: 'pages' } : { kind: 'array' };
  if (!text.startsWith('{')) return undefined;
  // A first line that is a whole object: NDJSON (its lines may themselves be page objects).
  if (asObject(parses(first))) return { kind: 'ndjson' };
  const key = pageKeys.find((k) => new RegExp(`"${k}"\\s*:\\s*\\[`).test(text));
  if (key) return { kind: 'page', key };
  // A record longer than the head, or a broken first line followed by more records: NDJSON,
  // whose reader reports the bad line and reads on. Otherwise one pretty-printed record.
  if (lines.length === 1 || next.startsWith('{')) return { kind: 'ndjson' };
  return { kind: 'values' };
}

/**
 * The records of a JSON file of a given shape, one at a time. Pages found inside NDJSON lines or
 * concatenated documents are unwrapped by `unwrap` (it returns the page's records, or undefined
 * for a record). `line` is the NDJSON line, or the record's 1-based position in a document.
 * The limits hold per line or per top-level value, page or not (json-stream.ts).
 */
export async function* jsonRecords(
  stream: Readable,
  shape: JsonShape,
  unwrap: (value: unknown) => unknown[] | undefined,
  limits: Limits = DEFAULT_LIMITS,
): AsyncGenerator<JsonRecord> {
  if (shape.kind === 'array') {
    yield* readJsonArray(stream, '', limits);
    return;
  }
  if (shape.kind === 'page') {
    yield* readJsonArray(stream, shape.key, limits);
    return;
  }
  if (shape.kind === 'pages') {
    yield* readPageElements(stream, limits);
    return;
  }
  const byLine = shape.kind === 'ndjson';
  // NDJSON lines, or one pretty-printed document (or a few, concatenated).
  let position = 0;
  for await (const r of byLine ? readNdjson(stream, limits) : readJsonValues(stream, limits)) {
    if (r.error !== undefined) {
      // A value over a limit is one record set aside; a syntax error ends the document.
      yield byLine ? r : { line: r.code ? ++position : position + 1, error: r.error, code: r.code };
      continue;
    }
    const inner = Array.isArray(r.value) ? r.value : unwrap(r.value);
    for (const value of inner ?? [r.value]) {
      position++;
      yield { value, line: byLine ? r.line : position };
    }
  }
}

/**
 * The elements of arrays written one after another, streamed one element at a time (a page is
 * never held whole, and a page cut off keeps the elements before the cut). `line` counts
 * elements across the pages.
 */
async function* readPageElements(stream: Readable, limits: Limits): AsyncGenerator<JsonRecord> {
  // Depth 1 under a top-level value: each element of each top-level array.
  const elements = pick({ filter: (stack: unknown[]) => stack.length === 1 });
  const pipeline = chain([stream, parser({ jsonStreaming: true }), capDepth(documentCap(limits)), elements, streamValues()] as never);
  let count = 0;
  try {
    for await (const item of pipeline as AsyncIterable<{ value: unknown }>) {
      count++;
      yield deeperThan(item.value, limits.maxDepth)
        ? { line: count, code: 'too-deep', error: messages.tooDeep(limits.maxDepth, LIMIT_OPTIONS.maxDepth) }
        : { value: item.value, line: count };
    }
  } catch (err) {
    yield { line: count + 1, error: (err as Error).message };
  }
}
