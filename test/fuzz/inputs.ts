/**
 * Hostile inputs for the fuzz properties (test/fuzz/*.fuzz.test.ts): mutations of valid inputs
 * (committed fixtures, or the adapters' own `write` output of generated tickets), plus plain
 * random bytes and token soup.
 *
 * Why mutations: random bytes almost all fail at the header, so they only test the first line.
 * A valid export with a few bytes flipped, a quote, a NUL or invalid UTF-8 inserted, a line
 * duplicated or moved, a column dropped or renamed, or a JSON field set to a wrong type, a huge
 * number, a date far off or a prototype key (`__proto__`, `constructor`) reaches every branch
 * of a reader. Mutations are data (positions and picks), so fast-check shrinks them.
 */

import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import type { Adapter } from '../../adapters/adapter.js';
import { firstLine, sniffDelimiter } from '../../adapters/csv.js';
import { parseCsvChunk } from '../../adapters/csv-fast.js';
import { DEFAULT_LIMITS, type Limits } from '../../engine/limits.js';
import { solvedTicketArb } from '../helpers/ticket-arbitrary.js';
import { printable, seedOf } from './harness.js';

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** Bytes a parser trips on: quotes, line ends, delimiters, brackets, NUL, invalid UTF-8, BOMs... */
export const TOKENS: readonly Uint8Array[] = [
  ...['"', '""', '\n', '\r', '\r\n', ',', ';', '\t', '{', '}', '[', ']', ':', '\\', '\0', ' ', '\v', '\u2028', 'é', '😀', '<', '&amp;'].map(enc),
  ...['null', '-1', '1e999', 'NaN', 'Infinity', '-0', '9007199254740993', '"__proto__":', '"constructor":', '{"a":', '[[[[', ']]]]'].map(enc),
  new Uint8Array([0xff]), new Uint8Array([0xc3]), new Uint8Array([0xe2, 0x82]), new Uint8Array([0xed, 0xa0, 0x80]),
  new Uint8Array([0xf0, 0x9f, 0x98]), new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array([0xff, 0xfe]), new Uint8Array([0xc0, 0x80]),
];

/** Cell and field values that break naive readers: numbers out of range, dates far off, prototype keys, markup. */
export const WEIRD_TEXT: readonly string[] = [
  '', ' ', 'NaN', '-1', '0', '1e308', '-1e308', '99999999999999999999', '9007199254740993', 'Infinity', '1,5', '1.234,5', '-0',
  '0000-01-01', '0001-01-01T00:00:00Z', '0050-06-01 10:00', '9999-12-31T23:59:59Z', '2025-02-30', '2025-13-01', '2025-03-04 25:00',
  '+275760-09-13T00:00:00Z', '275760-09-13', '31/12/1969', '12/31/9999', '1700000000', '9999999999999', '99999999999999', '73000',
  '44000.5', '2025-03-04T09:15:00+99:99', '14/Mar/24 2:15 PM', '00/00/0000', '13:00 PM',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf', '__defineGetter__',
  '<script>alert(1)</script>', '<p>a</p><br>', '&#x110000;', '&#0;', '=cmd|', '"', '\0', 'true', 'false', 'null', '[]', '{}',
  '( 99999999999999h ) Visitor: hi', '( 1m 2s ) Visitor: hi\n( 3s ) Agent: hello', 'Chat Started', 'spam', 'deleted', 'Outbound Email', '10',
  'On Mon, someone wrote:\n> old', 'x'.repeat(3000),
];

/** JSON values for structure-aware mutations: wrong types, extreme numbers, odd dates, prototype keys. */
export const WEIRD_JSON: readonly unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, 1e21, 8.64e15, 8.64e15 + 1, 99_999_999_999, 1e11, -1e11,
  '', 'NaN', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '2025-02-30T00:00:00Z',
  '__proto__', 'constructor', 'toString', 'x'.repeat(3000), [], {}, [null], [1, 'a', {}], JSON.parse('{"__proto__":{"id":1}}'),
  { type: 'constructor' }, { id: {} }, { created_at: [] },
];

/** Keys a structure-aware JSON mutation sets: the vendors' keys that matter, and prototype keys. */
export const JSON_KEYS: readonly string[] = [
  'id', 'created_at', 'updated_at', 'status', 'priority', 'source', 'via', 'channel', 'tags', 'comments', 'conversations',
  'conversation_parts', 'part_type', 'author', 'type', 'delivered_as', 'description', 'description_text', 'body', 'plain_body',
  'public', 'incoming', 'private', 'requester', 'requester_id', 'group', 'group_id', 'ticket', 'tickets', 'results', 'events',
  'child_events', 'ticket_id', 'timestamp', 'stats', 'statistics', 'last_close_at', 'state', 'open', 'contacts', 'spam', 'deleted',
  'assigned_to', 'name', 'email', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
];

/** Header names for renamed columns: the adapters' own, near misses, duplicates and prototype keys. */
export const HEADER_NAMES: readonly string[] = [
  '', 'id', 'Id', 'ID', 'created_at', 'Created at', 'createdAt', 'Ticket ID', 'Created time', 'CaseNumber', 'CreatedDate', 'ParentId',
  'channel', 'Via', 'Source', 'Origin', 'tags', 'Tags', 'status', 'Status', 'solved_at', 'updated_at', 'Replies', 'Reopens',
  'Agent interactions', 'Customer interactions', 'actions', 'Body', 'CommentBody', 'Incoming', 'Username', 'UserType', 'ContactId',
  '__proto__', 'constructor', 'toString', 'x [list]',
];

export type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'insert'; at: number; token: number }
  | { op: 'delete'; at: number; length: number }
  | { op: 'truncate'; at: number }
  | { op: 'duplicate-line'; line: number }
  | { op: 'move-lines'; from: number; count: number; to: number }
  | { op: 'csv'; action: 'drop-column' | 'rename-column' | 'set-cell' | 'add-column' | 'duplicate-column' | 'drop-cell'; row: number; col: number; pick: number }
  | { op: 'json'; action: 'set' | 'delete' | 'wrap' | 'nest'; node: number; key: number; pick: number };

const nat = fc.nat({ max: 1 << 20 });

const byteMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: nat, bit: fc.nat({ max: 7 }) }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at: nat, token: fc.nat({ max: TOKENS.length - 1 }) }) },
  fc.record({ op: fc.constant('delete' as const), at: nat, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: nat }),
  fc.record({ op: fc.constant('duplicate-line' as const), line: fc.nat({ max: 200 }) }),
  fc.record({ op: fc.constant('move-lines' as const), from: fc.nat({ max: 200 }), count: fc.integer({ min: 1, max: 4 }), to: fc.nat({ max: 200 }) }),
);

const csvMutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constant('csv' as const),
  action: fc.constantFrom('drop-column', 'rename-column', 'set-cell', 'set-cell', 'set-cell', 'add-column', 'duplicate-column', 'drop-cell'),
  row: fc.nat({ max: 50 }),
  col: fc.nat({ max: 50 }),
  pick: nat,
});

const jsonMutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constant('json' as const),
  action: fc.constantFrom('set', 'set', 'set', 'delete', 'wrap', 'nest'),
  node: nat,
  key: nat,
  pick: nat,
});

export type Family = 'csv' | 'json' | 'any';

/** One to four mutations, byte-level and (by family) structure-aware. */
export function mutationsArb(family: Family): fc.Arbitrary<Mutation[]> {
  const structural = family === 'csv' ? [csvMutation] : family === 'json' ? [jsonMutation] : [csvMutation, jsonMutation];
  const one = fc.oneof({ weight: 3, arbitrary: byteMutation }, ...structural.map((arbitrary) => ({ weight: 2, arbitrary })));
  return fc.array(one, { minLength: 1, maxLength: 4 });
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
}

/** Lines of bytes, each with its '\n' (the last may lack one). */
function lines(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      out.push(bytes.subarray(from, i + 1));
      from = i + 1;
    }
  }
  if (from < bytes.length) out.push(bytes.subarray(from));
  return out;
}

const csvQuote = (value: string, delimiter: string) =>
  value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/** A structure-aware CSV mutation: parse leniently, change the table, write it back (RFC 4180). No-op when it does not parse. */
function mutateCsv(bytes: Uint8Array, m: Extract<Mutation, { op: 'csv' }>): Uint8Array {
  const text = Buffer.from(bytes).toString('utf8');
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const delimiter = sniffDelimiter(firstLine(text));
  let rows: string[][] | undefined = parseCsvChunk(text.slice(bom.length), delimiter, 1)?.records;
  if (!rows) {
    try {
      rows = parse(text.slice(bom.length), { delimiter, relax_column_count: true, skip_records_with_error: true, relax_quotes: true }) as string[][];
    } catch {
      return bytes;
    }
  }
  if (rows.length === 0) return bytes;
  const width = rows[0].length;
  const col = m.col % Math.max(1, width);
  const row = m.row % rows.length;
  switch (m.action) {
    case 'drop-column':
      for (const r of rows) r.splice(col, 1);
      break;
    case 'rename-column':
      rows[0][col] = HEADER_NAMES[m.pick % HEADER_NAMES.length];
      break;
    case 'set-cell':
      rows[Math.max(1, row) % rows.length][col] = WEIRD_TEXT[m.pick % WEIRD_TEXT.length];
      break;
    case 'add-column':
      rows.forEach((r, i) => r.splice(col, 0, i === 0 ? HEADER_NAMES[m.pick % HEADER_NAMES.length] : WEIRD_TEXT[(m.pick + i) % WEIRD_TEXT.length]));
      break;
    case 'duplicate-column':
      for (const r of rows) r.splice(col, 0, r[col] ?? '');
      break;
    case 'drop-cell':
      rows[row].splice(col, 1);
      break;
  }
  return enc(bom + rows.map((r) => r.map((v) => csvQuote(v, delimiter)).join(delimiter)).join('\n') + '\n');
}

type Json = unknown;

/** Every object and array in a JSON value, depth first (bounded, so deep documents stay cheap). */
function containers(value: Json, out: (Record<string, Json> | Json[])[] = [], depth = 0): (Record<string, Json> | Json[])[] {
  if (value === null || typeof value !== 'object' || depth > 64 || out.length > 2000) return out;
  out.push(value as Record<string, Json> | Json[]);
  for (const child of Object.values(value as object)) containers(child, out, depth + 1);
  return out;
}

/** Sets an own property, `__proto__` included (plain assignment would change the prototype). */
function setOwn(obj: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function mutateJsonValue(root: Json, m: Extract<Mutation, { op: 'json' }>): void {
  const nodes = containers(root);
  if (nodes.length === 0) return;
  const node = nodes[m.node % nodes.length];
  const weird = () => structuredClone(WEIRD_JSON[m.pick % WEIRD_JSON.length]);
  if (Array.isArray(node)) {
    const at = node.length === 0 ? 0 : m.key % node.length;
    if (m.action === 'delete') node.splice(at, 1);
    else if (m.action === 'wrap') node[at] = [node[at]];
    else if (m.action === 'nest') node[at] = nested(m.pick);
    else node.splice(at, 0, weird());
    return;
  }
  const own = Object.keys(node);
  const key = m.key % 3 === 0 || own.length === 0 ? JSON_KEYS[m.key % JSON_KEYS.length] : own[m.key % own.length];
  if (m.action === 'delete') delete node[key];
  else if (m.action === 'wrap') setOwn(node, key, m.pick % 2 ? [node[key] ?? null] : { value: node[key] ?? null });
  else if (m.action === 'nest') setOwn(node, key, nested(m.pick));
  else setOwn(node, key, weird());
}

/** An array nested up to ~300 levels (deep, but a few hundred bytes). */
function nested(pick: number): Json {
  let v: Json = pick % 2 ? {} : 'x';
  for (let i = 0; i < 1 + (pick % 300); i++) v = pick % 3 ? [v] : { a: v };
  return v;
}

/** A JSON value, or undefined when the text is not JSON. */
function parsed(text: string): { value: Json } | undefined {
  try {
    return { value: JSON.parse(text) as Json };
  } catch {
    return undefined;
  }
}

/** A structure-aware JSON mutation, on the whole document or on one NDJSON line; no-op when neither parses. */
function mutateJson(bytes: Uint8Array, m: Extract<Mutation, { op: 'json' }>): Uint8Array {
  const text = Buffer.from(bytes).toString('utf8');
  const doc = parsed(text);
  if (doc) {
    const holder = { root: doc.value };
    mutateJsonValue(holder, m);
    return enc(JSON.stringify(holder.root, null, text.includes('\n  ') ? 2 : undefined) ?? '');
  }
  // NDJSON: the lines that parse (only those that open like JSON are tried: parse failures cost a stack trace each).
  const parts = text.split('\n');
  const candidates = parts.flatMap((line, i) => {
    const json = /^\s*[[{]/.test(line) ? parsed(line) : undefined;
    return json ? [{ i, value: json.value }] : [];
  });
  if (candidates.length === 0) return bytes;
  const { i, value } = candidates[m.pick % candidates.length];
  const holder = { root: value };
  mutateJsonValue(holder, m);
  parts[i] = JSON.stringify(holder.root) ?? 'null';
  return enc(parts.join('\n'));
}

/** Applies mutations in order (positions wrap around the current length). */
export function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b = bytes;
  for (const m of mutations) {
    const at = (n: number) => (b.length === 0 ? 0 : n % (b.length + 1));
    switch (m.op) {
      case 'flip': {
        if (b.length === 0) break;
        const copy = new Uint8Array(b);
        copy[m.at % b.length] ^= 1 << m.bit;
        b = copy;
        break;
      }
      case 'insert':
        b = concat([b.subarray(0, at(m.at)), TOKENS[m.token], b.subarray(at(m.at))]);
        break;
      case 'delete':
        b = concat([b.subarray(0, at(m.at)), b.subarray(Math.min(b.length, at(m.at) + m.length))]);
        break;
      case 'truncate':
        b = b.subarray(0, at(m.at));
        break;
      case 'duplicate-line': {
        const ls = lines(b);
        if (ls.length === 0) break;
        const k = m.line % ls.length;
        b = concat([...ls.slice(0, k + 1), ls[k], ...ls.slice(k + 1)]);
        break;
      }
      case 'move-lines': {
        const ls = lines(b);
        if (ls.length < 2) break;
        const from = m.from % ls.length;
        const moved = ls.splice(from, m.count);
        ls.splice(m.to % (ls.length + 1), 0, ...moved);
        b = concat(ls);
        break;
      }
      case 'csv':
        b = mutateCsv(b, m);
        break;
      case 'json':
        b = mutateJson(b, m);
        break;
    }
  }
  return b;
}

/**
 * A fixed pool of values drawn once from `arb` (seeded by `name`): generated bases cost their
 * generation once, not once per case.
 */
export function pool<T>(name: string, arb: fc.Arbitrary<T>, size = 40): fc.Arbitrary<T> {
  return fc.constantFrom(...fc.sample(arb, { numRuns: size, seed: seedOf(`pool:${name}`) }));
}

/** A committed fixture's bytes. */
export const fixture = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/** The files of a folder whose names match, sorted; none when the folder is absent (the corpus may be). */
export function filesIn(dir: string, names: RegExp): string[] {
  try {
    return readdirSync(dir).filter((f) => names.test(f)).sort().map((f) => `${dir}/${f}`);
  } catch {
    return [];
  }
}

/** What an adapter's `write` gives for generated tickets (a fixed pool of them). */
export function writtenBy(adapter: Adapter): fc.Arbitrary<Uint8Array> {
  const tickets = fc.array(solvedTicketArb, { maxLength: 5 });
  return pool(adapter.name, tickets.map((ts) => new Uint8Array(Buffer.from([...adapter.write!(ts)].map((c) => c.text).join('')))));
}

/** Bytes of text made of parser-hostile tokens and words, for inputs that are not mutations. */
const tokenSoup: fc.Arbitrary<Uint8Array> = fc
  .array(fc.oneof(fc.nat({ max: TOKENS.length - 1 }).map((k) => TOKENS[k]), fc.constantFrom(...['id', 'created_at', 'a', '1', '2025-01-01'].map(enc))), { maxLength: 60 })
  .map(concat);

/**
 * Hostile inputs for one adapter: mostly mutations of valid bases (fixtures and generated
 * exports), some bases as they are, plain random bytes and token soup. They print as their text
 * in a counterexample.
 */
export function inputArb(bases: fc.Arbitrary<Uint8Array>, family: Family): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(bases, mutationsArb(family)).map(([b, ms]) => mutate(b, ms)) },
    { weight: 1, arbitrary: bases },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
    { weight: 1, arbitrary: tokenSoup },
  ).map(printable);
}

/**
 * Limits for a read (engine/limits.ts): mostly the defaults; sometimes tiny ones, so that fields,
 * records and JSON nesting go over them (each must become a rejection, or a header a ReplayError).
 */
export function limitsArb(): fc.Arbitrary<Limits | undefined> {
  const tight = fc.record({
    maxFieldBytes: fc.constantFrom(8, 64, DEFAULT_LIMITS.maxFieldBytes),
    maxRecordBytes: fc.constantFrom(32, 256, DEFAULT_LIMITS.maxRecordBytes),
    maxDepth: fc.constantFrom(1, 3, DEFAULT_LIMITS.maxDepth),
  }).map((l): Limits => ({ ...DEFAULT_LIMITS, ...l }));
  return fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: tight });
}

/**
 * Chunk boundaries for a stream of the bytes (mostly none): where a stream splits a file must not
 * change what is read, a UTF-8 character cut in two included.
 */
export function cutsArb(): fc.Arbitrary<number[]> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant<number[]>([]) }, { weight: 1, arbitrary: fc.array(fc.nat({ max: 8192 }), { maxLength: 6 }) });
}

/**
 * Cuts that keep the first line (or all bytes, if it has no line end) in the first chunk, as fs
 * (64 KiB) and zip (16 KiB) streams do: the CSV reader sniffs its delimiter from the first chunk.
 */
export function afterFirstLine(bytes: Uint8Array, cuts: number[]): number[] {
  const nl = Buffer.from(bytes).indexOf(0x0a);
  const first = nl === -1 ? bytes.length : nl + 1;
  return cuts.map((c) => first + c);
}
