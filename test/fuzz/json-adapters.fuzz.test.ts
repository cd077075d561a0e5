/**
 * Fuzzing the JSON adapters (zendesk-json, freshdesk's API form, intercom): any bytes, forced
 * through the adapter, give valid tickets and complete rejections, or a ReplayError naming the
 * file. Where the record count is knowable it reconciles: NDJSON gives one item per record on
 * each non-blank line (a line that does not parse is one rejection; a line holding an array or a
 * page gives its elements), and a whole document that parses gives one item per element of its
 * records array.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../adapters/adapter.js';
import { freshdesk } from '../../adapters/freshdesk.js';
import { intercom } from '../../adapters/intercom.js';
import { jsonShape } from '../../adapters/json-shape.js';
import { asObject } from '../../adapters/json-stream.js';
import { zendeskJson, zendeskJsonKind } from '../../adapters/zendesk-json.js';
import type { Limits } from '../../engine/limits.js';
import { FUZZ_TIMEOUT, checkOutcome, fuzz, linesOf, readWith, type Outcome } from './harness.js';
import { cutsArb, filesIn, fixture, inputArb, limitsArb, writtenBy } from './inputs.js';

const FILE = 'fuzz-input.json';
const RUNS = 10_000;

const JSON_FILES = /\.(json|ndjson)$/;
/** The hostile-input corpus's small JSON files, when present. */
const corpus = filesIn('test/fixtures/bad', /^(json-(cut|proto|wrong)|ndjson-one-bad).*\.(json|ndjson)$/);
const bases = (adapter: Adapter, dir: string) => fc.oneof(fc.constantFrom(...[...filesIn(dir, JSON_FILES), ...corpus].map(fixture)), writtenBy(adapter));

/** The text a reader's `peek` sees (BOM dropped). */
const headOf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 65_536)).toString('utf8').replace(/^\uFEFF/, '');

/** Records per NDJSON line, as readline splits lines (`\n`, `\r\n` or a lone `\r`); `unwrap` opens arrays and pages. */
function ndjsonCounts(bytes: Uint8Array, unwrap?: (value: unknown) => unknown[] | undefined): Map<number, number> {
  const counts = new Map<number, number>();
  Buffer.from(bytes).toString('utf8').split(/\r\n|\n|\r/).forEach((raw, i) => {
    const text = (i === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (!text) return;
    let n = 1;
    try {
      const value: unknown = JSON.parse(text);
      if (unwrap) n = (Array.isArray(value) ? value : unwrap(value) ?? [value]).length;
    } catch {
      // one rejection for the line
    }
    if (n > 0) counts.set(i + 1, n);
  });
  return counts;
}

/** Elements of the records array of a whole document (`key` '' for a top-level array), when it parses. */
function documentCount(bytes: Uint8Array, key: string): number | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const records = key ? asObject(value)?.[key] : value;
  return Array.isArray(records) ? records.length : undefined;
}

function itemsPerLine(out: Outcome): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of linesOf(out.items)) counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

/** The contract, plus the counts where they are knowable (with the default limits: a record over one is one rejection, whatever it held). */
function checkJsonRead(out: Outcome, bytes: Uint8Array, limits: Limits | undefined, expected: { ndjson?: Map<number, number>; document?: number }): void {
  checkOutcome(out, [FILE]);
  if (out.error || limits) return;
  if (expected.ndjson) expect(itemsPerLine(out)).toEqual(expected.ndjson);
  if (expected.document !== undefined) expect(out.items.length).toBe(expected.document);
}

const unwrapKey = (key: string) => (value: unknown) => {
  const records = asObject(value)?.[key];
  return Array.isArray(records) ? records : undefined;
};

describe('fuzz: zendesk-json', () => {
  it(`reads any bytes into tickets, rejections or a ReplayError; counts reconcile (${RUNS} cases)`, async () => {
    await fuzz('zendesk-json', fc.tuple(inputArb(bases(zendeskJson, 'test/fixtures/zendesk-json'), 'json'), cutsArb(), limitsArb()), async ([bytes, cuts, limits]) => {
      const out = await readWith(zendeskJson, bytes, { file: FILE, limits }, cuts);
      const kind = zendeskJsonKind(headOf(bytes));
      checkJsonRead(out, bytes, limits, {
        // Every non-blank line is one record: a ticket, or a rejection (no page is opened in NDJSON).
        ndjson: kind === 'ndjson' ? ndjsonCounts(bytes) : undefined,
        document: kind && kind !== 'ndjson' ? documentCount(bytes, kind) : undefined,
      });
    }, RUNS);
  }, FUZZ_TIMEOUT);
});

describe('fuzz: freshdesk (API JSON)', () => {
  const unwrap = unwrapKey('results');
  it(`reads any bytes into tickets, rejections or a ReplayError; counts reconcile (${RUNS / 2} cases; the CSV half is in csv-adapters)`, async () => {
    await fuzz('freshdesk-json', fc.tuple(inputArb(bases(freshdesk, 'test/fixtures/freshdesk'), 'json'), cutsArb(), limitsArb()), async ([bytes, cuts, limits]) => {
      const out = await readWith(freshdesk, bytes, { file: FILE, limits }, cuts);
      const shape = jsonShape(headOf(bytes), ['results']);
      if (!shape) return checkOutcome(out, [FILE]); // read as the UI export CSV (csv-adapters checks that)
      checkJsonRead(out, bytes, limits, {
        ndjson: shape.kind === 'ndjson' ? ndjsonCounts(bytes, unwrap) : undefined,
        document: shape.kind === 'array' ? documentCount(bytes, '') : shape.kind === 'page' ? documentCount(bytes, shape.key) : undefined,
      });
    }, RUNS / 2);
  }, FUZZ_TIMEOUT);
});

describe('fuzz: intercom', () => {
  const unwrap = unwrapKey('conversations');
  it(`reads any bytes into tickets, rejections or a ReplayError; counts reconcile (${RUNS} cases)`, async () => {
    await fuzz('intercom', fc.tuple(inputArb(bases(intercom, 'test/fixtures/intercom'), 'json'), cutsArb(), limitsArb()), async ([bytes, cuts, limits]) => {
      const out = await readWith(intercom, bytes, { file: FILE, limits }, cuts);
      const shape = jsonShape(headOf(bytes), ['conversations']);
      checkJsonRead(out, bytes, limits, {
        ndjson: shape?.kind === 'ndjson' ? ndjsonCounts(bytes, unwrap) : undefined,
        document: shape?.kind === 'array' ? documentCount(bytes, '') : shape?.kind === 'page' ? documentCount(bytes, shape.key) : undefined,
      });
    }, RUNS);
  }, FUZZ_TIMEOUT);
});
