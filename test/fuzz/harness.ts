/**
 * The fuzz harness shared by test/fuzz/*.fuzz.test.ts: a seeded runner that saves the
 * counterexample to out/fuzz/ when a property fails, reading with a guard against hangs, the
 * checks every adapter's output must pass (a ticket is structurally valid, a rejection is
 * complete, a throw is a ReplayError naming the file) and the record-count oracles. The hostile
 * inputs themselves are made in inputs.ts.
 *
 * Volume: FUZZ_RUNS=<n> runs every property n times (CI runs the defaults, ≥ 10,000 per
 * adapter); FUZZ_SEED=<n> explores another seed (the default seed of each property is fixed, so
 * a CI failure reproduces exactly).
 */

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import type { Adapter, ReadContext, ReadItem } from '../../adapters/adapter.js';
import { firstLine, sniffDelimiter } from '../../adapters/csv.js';
import { parseCsvChunk } from '../../adapters/csv-fast.js';
import { EXIT_CODES, ReplayError } from '../../engine/errors.js';
import type { Rejection } from '../../engine/ingest/rejection.js';
import { CHANNELS, type Ticket } from '../../engine/ticket.js';

// ---- running ----

/** Runs per property: FUZZ_RUNS when set, else the property's default. */
export function runs(defaultRuns: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : defaultRuns;
}

/** A property's seed: FUZZ_SEED when set, else a fixed one derived from its name. */
export function seedOf(name: string): number {
  const n = Number(process.env.FUZZ_SEED);
  if (Number.isInteger(n)) return n;
  return createHash('sha256').update(name).digest().readInt32LE(0);
}

/**
 * A fuzz test's time limit: a guard against a hang, not a measure of speed. The default runs
 * take seconds; FUZZ_RUNS may ask for hours.
 */
export const FUZZ_TIMEOUT = process.env.FUZZ_RUNS ? 24 * 3_600_000 : 600_000;

const FAILURES = 'out/fuzz';

/** A counterexample as files to save: the byte inputs found in it, else its JSON. */
function saveable(value: unknown): { ext: string; data: Buffer }[] {
  const found: { ext: string; data: Buffer }[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    if (v instanceof Uint8Array) return void found.push({ ext: 'bin', data: Buffer.from(v) });
    for (const child of Object.values(v)) walk(child, depth + 1);
  };
  walk(value, 0);
  if (found.length > 0) return found;
  const json = JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v), 2);
  return [{ ext: 'json', data: Buffer.from(json ?? String(value)) }];
}

/**
 * fc.assert with a fixed seed and `endOnFailure` (the run stops at the first failure), the
 * counterexample saved to out/fuzz/<name>-<k>.<ext> for replaying by hand. FUZZ_SHRINK=1
 * shrinks it first (slower; what to do before pinning a bug in a unit test).
 */
export async function fuzz<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, defaultRuns: number): Promise<void> {
  const seed = seedOf(name);
  const endOnFailure = process.env.FUZZ_SHRINK !== '1';
  const result = await fc.check(fc.asyncProperty(arb, predicate), { seed, numRuns: runs(defaultRuns), endOnFailure });
  if (!result.failed) return;
  const safe = name.replace(/[^a-z0-9-]+/gi, '-');
  const paths: string[] = [];
  if (result.counterexample) {
    mkdirSync(FAILURES, { recursive: true });
    saveable(result.counterexample).forEach(({ ext, data }, k) => {
      const path = join(FAILURES, `${safe}-${k}.${ext}`);
      writeFileSync(path, data);
      paths.push(path);
    });
  }
  const error = result.errorInstance as (Error & { actual?: unknown; expected?: unknown }) | undefined;
  let cause = error instanceof Error ? (error.stack ?? error.message) : String(error);
  // An assertion's two sides (vitest's message abbreviates them).
  if (error && 'expected' in error) cause += `\nactual:   ${fc.stringify(error.actual).slice(0, 3000)}\nexpected: ${fc.stringify(error.expected).slice(0, 3000)}`;
  throw new Error(
    `${name}: property failed (seed ${seed}, path "${result.counterexamplePath}", after ${result.numRuns} runs)\n` +
      `Counterexample: ${fc.stringify(result.counterexample)}\nSaved to ${paths.join(', ') || '(none)'}\n${cause}`,
  );
}

/** Bytes that print as their text in a counterexample (UTF-8 when they are valid UTF-8, else hex). */
export function printable(original: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(original);
  Object.defineProperty(bytes, fc.toStringMethod, {
    value: () => {
      const text = Buffer.from(bytes).toString('utf8');
      return Buffer.from(text, 'utf8').equals(Buffer.from(bytes)) ? `utf8(${JSON.stringify(text)})` : `hex(${Buffer.from(bytes).toString('hex')})`;
    },
  });
  return bytes;
}

// ---- reading ----

/** What an adapter did with an input: the items it yielded, and what it threw (if it did). */
export interface Outcome {
  items: ReadItem[];
  error?: unknown;
}

/** Time a small input may take before the case counts as a hang (generous: machines are shared). */
const HANG_MS = 10_000;

/** Bytes as a stream in the given chunks (`cuts` are offsets, in any order). */
export function streamOf(bytes: Uint8Array, cuts: number[] = []): Readable {
  const at = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    chunks.push(Buffer.from(bytes.subarray(from, cut)));
    from = cut;
  }
  return Readable.from(bytes.length === 0 ? [] : chunks);
}

/** Drains an async iterable of items, failing the case (not hanging the run) after HANG_MS. */
export async function drain(items: AsyncIterable<ReadItem>): Promise<Outcome> {
  const out: ReadItem[] = [];
  const iterator = items[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: no end after ${HANG_MS} ms (${out.length} items so far)`)), HANG_MS);
  });
  try {
    for (;;) {
      let next: IteratorResult<ReadItem>;
      try {
        next = await Promise.race([iterator.next(), hang]);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('hang:')) throw error;
        return { items: out, error };
      }
      if (next.done) return { items: out };
      out.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
}

/** adapter.read over the bytes, with the adapter forced (as `--adapter <name>`). */
export function readWith(adapter: Adapter, bytes: Uint8Array, ctx: Partial<ReadContext> & { file: string }, cuts: number[] = []): Promise<Outcome> {
  return drain(adapter.read(streamOf(bytes, cuts), { tz: 'UTC', ...ctx }));
}

// ---- checks ----

const ROLES = new Set(['customer', 'agent', 'system']);
const TICKET_KEYS = new Set([
  'id', 'createdAt', 'solvedAt', 'channel', 'subject', 'body', 'tags', 'status', 'priority', 'requester', 'group', 'messages', 'events',
  'updatedAt', 'activity', 'actions', 'source',
]);
const ERROR_CODES = new Set(Object.keys(EXIT_CODES));

/** Largest |epoch ms| a Date can hold (ECMAScript: ±100,000,000 days). */
const MAX_TIME = 8.64e15;

function fail(what: string, value: unknown): never {
  let shown: string;
  try {
    shown = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'function' ? `[function ${(v as { name?: string }).name}]` : v))?.slice(0, 400) ?? String(value);
  } catch {
    shown = String(value);
  }
  throw new Error(`${what}: ${shown}`);
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_TIME;
const isCount = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0);

/** A ticket as engine/ticket.ts declares it: plain data of the declared types, valid dates, a canonical channel. */
export function checkTicket(t: Ticket, files: readonly string[]): void {
  if (t === null || typeof t !== 'object') fail('ticket is not an object', t);
  for (const key of Object.keys(t)) if (!TICKET_KEYS.has(key)) fail(`ticket has an unknown key "${key}"`, t);
  if (typeof t.id !== 'string' || t.id === '') fail('ticket id is not a non-empty string', t);
  if (!isTime(t.createdAt)) fail('createdAt is not a valid date', t);
  if (t.solvedAt !== undefined && !isTime(t.solvedAt)) fail('solvedAt is not a valid date', t);
  if (t.updatedAt !== undefined && !isTime(t.updatedAt)) fail('updatedAt is not a valid date', t);
  if (!(CHANNELS as readonly unknown[]).includes(t.channel)) fail('channel is not a canonical channel', t);
  for (const key of ['subject', 'body', 'status', 'priority', 'requester', 'group'] as const) {
    if (typeof t[key] !== 'string') fail(`${key} is not a string`, t);
  }
  if (!Array.isArray(t.tags) || t.tags.some((tag) => typeof tag !== 'string' || tag === '')) fail('tags are not non-empty strings', t);
  if (!Array.isArray(t.messages)) fail('messages is not an array', t);
  for (const m of t.messages) {
    if (!isTime(m.at) || !ROLES.has(m.role) || typeof m.public !== 'boolean' || typeof m.text !== 'string') fail('malformed message', m);
    if (Object.keys(m).some((k) => !['at', 'role', 'public', 'text'].includes(k))) fail('message has unknown keys', m);
  }
  if (!Array.isArray(t.events)) fail('events is not an array', t);
  for (const e of t.events) {
    if (!isTime(e.at) || typeof e.field !== 'string') fail('malformed event', e);
    if ((e.from !== undefined && typeof e.from !== 'string') || (e.to !== undefined && typeof e.to !== 'string')) fail('malformed event', e);
  }
  if (t.activity !== undefined) {
    if (t.activity === null || typeof t.activity !== 'object') fail('activity is not an object', t.activity);
    if (!isCount(t.activity.customerReplies) || !isCount(t.activity.agentReplies) || !isCount(t.activity.reopens)) fail('activity counts', t.activity);
  }
  if (t.actions !== undefined && (!Array.isArray(t.actions) || t.actions.some((a) => typeof a !== 'string' || a === ''))) fail('actions', t.actions);
  if (!t.source || !files.includes(t.source.file) || !Number.isInteger(t.source.line) || t.source.line < 1) fail('source', t.source);
}

/** A rejection that rejected.csv can carry: the file, a line, an id, a stable code and a reason. */
export function checkRejection(r: Rejection, files: readonly string[]): void {
  if (r === null || typeof r !== 'object') fail('rejection is not an object', r);
  if (!files.includes(r.file)) fail('rejection names another file', r);
  if (!Number.isInteger(r.line) || r.line < 0) fail('rejection line', r);
  if (typeof r.id !== 'string') fail('rejection id', r);
  if (typeof r.code !== 'string' || !/^[a-z][a-z0-9-]*$/.test(r.code)) fail('rejection code', r);
  if (typeof r.reason !== 'string' || r.reason.trim() === '') fail('rejection reason', r);
}

/**
 * The whole contract of a read: every item is a ticket xor a rejection, each valid; a throw is a
 * ReplayError with a known code whose message names the file.
 */
export function checkOutcome(outcome: Outcome, files: readonly string[]): void {
  for (const item of outcome.items) {
    if (!item || typeof item !== 'object') fail('item is not an object', item);
    if ((item.ticket === undefined) === (item.rejection === undefined)) fail('item is not exactly one of ticket or rejection', item);
    if (item.ticket) checkTicket(item.ticket, files);
    else checkRejection(item.rejection!, files);
  }
  const { error } = outcome;
  if (error === undefined) return;
  if (!(error instanceof ReplayError)) {
    const e = error as Error;
    throw new Error(`threw ${e?.name ?? typeof error} instead of a ReplayError: ${e?.message}\n${e?.stack ?? ''}`);
  }
  if (!ERROR_CODES.has(error.code)) fail('unknown error code', error.code);
  if (!files.some((f) => error.message.includes(f))) throw new Error(`the error does not name the file: ${error.message}`);
}

export const ticketsOf = (items: ReadItem[]) => items.flatMap((i) => (i.ticket ? [i.ticket] : []));
export const linesOf = (items: ReadItem[]) => items.map((i) => (i.ticket ? i.ticket.source.line : i.rejection!.line));

// ---- oracles ----

/**
 * What csv-parse itself sees in the bytes, with csvRecords' options and delimiter: records
 * (the header included) and records skipped as unreadable. A CSV adapter yields one item per
 * record after the header and per skipped record, or throws.
 */
export function csvOracle(bytes: Uint8Array): { records: number; skipped: number; starts?: number[] } {
  const text = Buffer.from(bytes).toString('utf8');
  const delimiter = sniffDelimiter(firstLine(text.slice(0, 65_536)));
  // The independent parser (csv-fast) answers only where it can promise csv-parse's records and
  // lines (and then nothing is skipped); csv-parse itself counts the rest.
  const fast = parseCsvChunk(text, delimiter, 1);
  if (fast) return { records: fast.records.length, skipped: 0, starts: fast.lines };
  let skipped = 0;
  try {
    const records = (parse(Buffer.from(bytes), {
      bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true,
      on_skip: () => void skipped++,
    }) as unknown[]).length;
    return { records, skipped };
  } catch {
    return { records: -1, skipped };
  }
}

/** Items by the line they start on (stable: items of one line keep their order). */
export const byLine = (items: ReadItem[]) =>
  items.map((item, k) => ({ item, k, line: linesOf([item])[0] })).sort((a, b) => a.line - b.line || a.k - b.k).map((x) => x.item);

/**
 * The read contract for a one-file CSV adapter, plus: as many items as csv-parse finds records
 * after the header plus records it skips as unreadable (none silently dropped); where the
 * independent parser (csv-fast) answers, at exactly the lines the records start on. (Their
 * order is a property of its own: csv-adapters' "file order".)
 */
export function checkCsvRead(out: Outcome, bytes: Uint8Array, file: string): void {
  checkOutcome(out, [file]);
  const oracle = csvOracle(bytes);
  if (oracle.records < 0) return; // csv-parse itself throws: only the contract applies
  if (oracle.records === 0) {
    if (!(out.error instanceof ReplayError)) throw new Error(`no header record, yet no error (${out.items.length} items)`);
    return;
  }
  if (out.error) return;
  const lines = linesOf(out.items);
  if (out.items.length !== oracle.records - 1 + oracle.skipped) {
    throw new Error(`${out.items.length} items for ${oracle.records - 1} records after the header and ${oracle.skipped} unreadable (lines ${lines.join(',')})`);
  }
  if (oracle.starts) {
    const sorted = [...lines].sort((a, b) => a - b);
    const starts = oracle.starts.slice(1);
    if (sorted.join() !== starts.join()) throw new Error(`items at lines ${sorted.join(',')}, records start at ${starts.join(',')}`);
  }
}
