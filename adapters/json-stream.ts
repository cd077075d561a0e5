/**
 * Streaming JSON readers shared by the JSON adapters: NDJSON line by line, and the records of a
 * big JSON document (a top-level array, or the array under a key such as `tickets` in an API
 * page) through stream-json, so a file never has to fit in memory.
 */

import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { streamValues } from 'stream-json/streamers/stream-values.js';

/** One record of a JSON input: its value, or why the line could not be read. */
export type JsonRecord = { value: unknown; line: number; error?: undefined } | { value?: undefined; line: number; error: string };

/** NDJSON: one JSON value per line; blank lines skipped, a bad line reported and passed over. */
export async function* readNdjson(input: Readable): AsyncGenerator<JsonRecord> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (!trimmed) continue;
    try {
      yield { value: JSON.parse(trimmed), line };
    } catch (err) {
      yield { line, error: (err as Error).message };
    }
  }
}

/**
 * The elements of the array at `path` (`''` for a top-level array, `'tickets'` for
 * `{"tickets": [...]}`), one at a time. `line` is the element's index + 1 (JSON documents are
 * not line-oriented; the index is what a user can find). A syntax error ends the stream with an
 * error record.
 */
export function readJsonArray(input: Readable, path = ''): AsyncGenerator<JsonRecord> {
  return keyedRecords([input, parser(), ...(path ? [pick({ filter: path })] : []), streamArray()]);
}

/** Every top-level value of a document (one JSON value, or several concatenated). */
export function readJsonValues(input: Readable): AsyncGenerator<JsonRecord> {
  return keyedRecords([input, parser({ jsonStreaming: true }), streamValues()]);
}

/** The `{key, value}` items of a stream-json pipeline as records; a syntax error ends it with an error record. */
async function* keyedRecords(stages: unknown[]): AsyncGenerator<JsonRecord> {
  let index = 0;
  try {
    for await (const item of chain(stages as never) as AsyncIterable<{ key: number; value: unknown }>) {
      index = item.key + 1;
      yield { value: item.value, line: index };
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
