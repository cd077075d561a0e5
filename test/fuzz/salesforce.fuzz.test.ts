/**
 * Fuzzing the Salesforce adapter's group read: a set of object CSVs (a committed export or the
 * writer's output of generated cases, any subset of its files), one or more of them mutated,
 * read together as `readGroup` does for a folder or a zip. Items are valid tickets or complete
 * rejections naming one of the files, or a ReplayError names one; every Case record comes out as
 * exactly one item of its file (child rows may be folded into their case or skipped by design:
 * drafts, repeats, User rows), and no file gives more items than it has records.
 */

import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { headerCells } from '../../adapters/csv.js';
import { salesforce, salesforceObjectOf } from '../../adapters/salesforce.js';
import { salesforceTicketArb } from '../helpers/salesforce-arbitrary.js';
import { FUZZ_TIMEOUT, checkOutcome, csvOracle, drain, fuzz, printable, streamOf } from './harness.js';
import { cutsArb, filesIn, fixture, limitsArb, mutationsArb, mutate, pool } from './inputs.js';

const RUNS = 10_000;

type Export = Uint8Array[];

const folder = (dir: string): Export => filesIn(dir, /\.csv$/).map(fixture);

/** The writer's files for generated cases (User, Case, CaseComment, EmailMessage). */
const written: fc.Arbitrary<Export> = pool(
  'salesforce',
  fc.array(salesforceTicketArb, { maxLength: 4 }).map((tickets) => {
    const byFile = new Map<string, string>();
    for (const { file, text } of salesforce.write!(tickets)) byFile.set(file, (byFile.get(file) ?? '') + text);
    return [...byFile.values()].map((text) => new Uint8Array(Buffer.from(text)));
  }),
);

/** Some files of an export (never none), one to three of them mutated. */
const exportArb: fc.Arbitrary<Export> = fc
  .tuple(
    fc.oneof(fc.constantFrom(folder('test/fixtures/salesforce'), folder('test/fixtures/salesforce/service-cloud')), written),
    fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    fc.array(fc.tuple(fc.nat(), mutationsArb('csv')), { minLength: 1, maxLength: 3 }),
  )
  .map(([files, keep, mutations]) => {
    const kept = files.filter((_, k) => keep[k]);
    const chosen = kept.length > 0 ? kept : [files[0]];
    const out = [...chosen];
    for (const [at, ms] of mutations) out[at % out.length] = mutate(out[at % out.length], ms);
    return out.map(printable);
  });

const name = (k: number) => `fuzz-${k}.csv`;
const objectOf = (bytes: Uint8Array) => salesforceObjectOf(headerCells(Buffer.from(bytes.subarray(0, 65_536)).toString('utf8')));

describe('fuzz: salesforce (readGroup over several object files)', () => {
  it(`reads any set of mutated object files into tickets, rejections or a ReplayError; no Case record lost (${RUNS} cases)`, async () => {
    await fuzz('salesforce', fc.tuple(exportArb, cutsArb(), limitsArb()), async ([files, cuts, limits]) => {
      const names = files.map((_, k) => name(k));
      const open = (file: string): Readable => {
        const bytes = files[names.indexOf(file)];
        const nl = Buffer.from(bytes).indexOf(0x0a);
        return streamOf(bytes, cuts.map((c) => nl + 1 + c));
      };
      const out = await drain(salesforce.readGroup!(names, { tz: 'UTC', limits }, open));
      checkOutcome(out, names);
      if (out.error) return;
      files.forEach((bytes, k) => {
        const oracle = csvOracle(bytes);
        if (oracle.records <= 0) return;
        const records = oracle.records - 1 + oracle.skipped;
        const items = out.items.filter((i) => (i.ticket ? i.ticket.source.file : i.rejection!.file) === names[k]).length;
        if (objectOf(bytes) === 'Case' ? items !== records : items > records) {
          throw new Error(`${names[k]} (${objectOf(bytes)}): ${items} items for ${records} records`);
        }
      });
    }, RUNS);
  }, FUZZ_TIMEOUT);
});
