/**
 * Fuzzing generic-csv, the adapter of any CSV and the one read in chunks by the workers:
 * - read: any bytes (with or without a mapping preset) give valid tickets and complete
 *   rejections, or a ReplayError naming the file; every record csv-parse sees after the header
 *   comes out as exactly one item, at the line it starts on;
 * - the chunked worker path (openChunked, then replayChunk as a worker runs it) gives what the
 *   streaming path (decodeStream, read, then the same replay) gives for the same bytes:
 *   records, rejections, replayed lines and ids, and the aggregate;
 * - what is replayed aggregates into counts that are numbers (a Partial is integer counts only).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genericCsv } from '../../adapters/generic-csv.js';
import { loadMapping, type Mapping } from '../../adapters/mapping.js';
import { emptyPartial, mergePartials, pruneZeros, type Partial } from '../../engine/aggregate/partial.js';
import { ReplayError } from '../../engine/errors.js';
import type { ChunkedReading } from '../../engine/ingest/chunks.js';
import { bomEncoding, decodeStream } from '../../engine/ingest/decode.js';
import { idHashes } from '../../engine/ingest/id-index.js';
import type { Rejection } from '../../engine/ingest/rejection.js';
import { loadPlaybook } from '../../engine/infer/playbook.js';
import { loadPlans } from '../../engine/pricing/plans.js';
import { replayChunk } from '../../engine/replay/chunk-replay.js';
import { BatchReplay, createReplayer } from '../../engine/replay/replay-batch.js';
import { solvedTicketArb } from '../helpers/ticket-arbitrary.js';
import { FUZZ_TIMEOUT, byLine, checkCsvRead, checkOutcome, drain, fuzz, readWith, streamOf, type Outcome } from './harness.js';
import { afterFirstLine, cutsArb, filesIn, fixture, inputArb, limitsArb, pool, WEIRD_TEXT, writtenBy } from './inputs.js';

const FILE = 'fuzz-input.csv';

/** True when the bytes hold a CR not followed by LF, or both CRLF and bare LF line breaks. */
function mixedLineEndings(bytes: Uint8Array): boolean {
  let crlf = false;
  let lf = false;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] !== 10) return true;
    if (bytes[i] === 10) (i > 0 && bytes[i - 1] === 13 ? (crlf = true) : (lf = true));
  }
  return crlf && lf;
}
const RUNS = 10_000;
const CSV = /\.(csv|tsv)$/;

/** The fixtures, the sample of seed scenarios and the hostile-input corpus's CSVs; and generated files. */
const plain = [...filesIn('test/fixtures/generic-csv', CSV), 'datasets/seed-scenarios.csv', ...filesIn('test/fixtures/bad', CSV)];
const bases = fc.oneof(fc.constantFrom(...plain.map(fixture)), writtenBy(genericCsv));
/** Mapping presets with the exports they are for: a mutation can rename a mapped column away. */
const mapped: [Mapping, string][] = [
  [loadMapping('test/fixtures/generic-csv/cfpb-like.mapping.yaml'), 'test/fixtures/generic-csv/cfpb-like.csv'],
  ...['hubspot', 'jira-service-management', 'servicenow'].map((p): [Mapping, string] => [loadMapping(p), `test/fixtures/presets/${p}.csv`]),
];
const withMapping = fc.nat({ max: mapped.length - 1 }).chain((k) => fc.tuple(inputArb(fc.constant(fixture(mapped[k][1])), 'csv'), fc.constant(mapped[k][0])));
const inputs: fc.Arbitrary<[Uint8Array, Mapping | undefined]> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(inputArb(bases, 'csv'), fc.constant(undefined)) },
  { weight: 1, arbitrary: withMapping },
);
const tzArb = fc.constantFrom('UTC', 'Europe/Paris', 'America/St_Johns');
const orderArb = fc.constantFrom(undefined, 'mdy' as const, 'dmy' as const);

/** A small playbook and one plan: the replay runs the same code as a real run, at a fraction of the cost. */
const replayer = () =>
  createReplayer({
    seed: 1, environment: 'production', playbook: loadPlaybook('test/fixtures/playbooks/minimal.yaml'),
    plans: loadPlans().filter((p) => p.id === 'salesforce-flex-metered'),
  });

/** A Partial's leaves are numbers (firstAt and lastAt may be null): anything else is a corrupted count. */
function checkPartial(partial: Partial): void {
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`partial ${path} is ${value}`);
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key], `${path}.${key}`);
    } else if (!(value === null && /\.(firstAt|lastAt)$/.test(path))) {
      throw new Error(`partial ${path} is not a count: ${typeof value} ${String(value).slice(0, 60)}`);
    }
  };
  walk(partial, 'partial');
}

describe('fuzz: generic-csv', () => {
  it(`reads any bytes into tickets, rejections or a ReplayError; no record lost (${RUNS} cases)`, async () => {
    await fuzz('generic-csv', fc.tuple(inputs, cutsArb(), tzArb, orderArb, limitsArb()), async ([[bytes, mapping], cuts, tz, dateOrder, limits]) => {
      checkCsvRead(await readWith(genericCsv, bytes, { file: FILE, tz, dateOrder, mapping, limits }, afterFirstLine(bytes, cuts)), bytes, FILE);
    }, RUNS);
  }, FUZZ_TIMEOUT);

  it('what it reads replays into a Partial of numeric counts only (1,000 cases)', async () => {
    // An `actions` cell names actions as the file likes (`constructor` too): counts keyed by them must stay numbers.
    const action = fc.constantFrom('Identify Customer', 'Get Order Details', 'Send Coupon', 'Escalate to Human', ...WEIRD_TEXT.filter((t) => /^[a-z_]+$/i.test(t)));
    const withActions = pool('generic-csv-actions', fc.array(fc.tuple(solvedTicketArb, fc.array(action, { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 4 })
      .map((rows) => new Uint8Array(Buffer.from([...genericCsv.write!(rows.map(([t, actions]) => ({ ...t, actions })))].map((c) => c.text).join('')))));
    const arb = fc.oneof(inputs, fc.tuple(inputArb(withActions, 'csv'), fc.constant(undefined)));
    const r = replayer();
    await fuzz('generic-csv-partial', fc.tuple(arb, tzArb), async ([[bytes, mapping], tz]) => {
      const out = await readWith(genericCsv, bytes, { file: FILE, tz, mapping });
      const replay = new BatchReplay(r);
      for (const item of out.items) if (item.ticket) replay.replay(item.ticket);
      checkPartial(replay.finish());
    }, 1000);
  }, FUZZ_TIMEOUT);

  it('the chunked worker path (openChunked, then replayChunk) gives what decodeStream, read and replay give (1,000 cases, 128-byte chunks)', async () => {
    // Small chunks cross many record boundaries; CHUNK_BYTES is read once, when chunks.ts loads.
    const before = process.env.TICKET_REPLAY_CHUNK_BYTES;
    process.env.TICKET_REPLAY_CHUNK_BYTES = '128';
    const { chunkable, openChunked } = await import('../../engine/ingest/chunks.js');
    if (before === undefined) delete process.env.TICKET_REPLAY_CHUNK_BYTES;
    else process.env.TICKET_REPLAY_CHUNK_BYTES = before;
    const r = replayer();
    const sorted = (rejections: Rejection[]) => [...rejections].sort((a, b) => a.line - b.line || a.code.localeCompare(b.code) || a.reason.localeCompare(b.reason));

    /** What the workers give for a chunked reading: records, rejections, replayed lines and ids, and the partial. */
    async function chunked(reading: ChunkedReading) {
      let batch = 0;
      let records = 0;
      const rejections: Rejection[] = [];
      const kept: string[] = [];
      let partial = emptyPartial(1);
      for await (const { bytes, firstLine, skipHeader } of reading.chunks) {
        const result = await replayChunk(r, {
          batch: batch++, file: FILE, adapter: 'generic-csv', context: reading.context, delimiter: reading.delimiter, encoding: reading.encoding,
          firstLine, skipHeader, bytes,
        });
        records += result.records;
        rejections.push(...result.rejections);
        result.keys.position.forEach((line, k) => kept.push(`${line}:${result.keys.h1[k]}:${result.keys.h2[k]}`));
        partial = mergePartials(partial, result.partial);
      }
      return { records, rejections: sorted(rejections), kept, partial: pruneZeros(partial) };
    }

    /** The same from the streaming path: read (decoded as ingest decodes), then replay every ticket. */
    function streamed(out: Outcome) {
      const replay = new BatchReplay(r);
      const rejections: Rejection[] = [];
      const kept: string[] = [];
      for (const item of byLine(out.items)) {
        const failed = item.rejection ?? replay.replay(item.ticket!);
        if (failed) rejections.push(failed);
        else kept.push(`${item.ticket!.source.line}:${idHashes(item.ticket!.id).join(':')}`);
      }
      return { records: out.items.length, rejections: sorted(rejections), kept, partial: pruneZeros(replay.finish()) };
    }

    const arb = fc.tuple(inputs, tzArb, orderArb, fc.constantFrom('utf-8', 'windows-1252'));
    await fuzz('generic-csv-chunked', arb, async ([[bytes, mapping], tz, dateOrder, given]) => {
      if (bytes.length === 0) return; // ingest refuses an empty file before any adapter
      // As planInputs decides: a byte-order mark wins over --encoding.
      const encoding = bomEncoding(bytes) ?? given;
      const input = { source: { name: FILE, open: async () => streamOf(bytes) }, adapter: genericCsv, encoding };
      if (!chunkable(input)) return; // UTF-16: read by the streaming path only
      const whole = await drain(genericCsv.read(decodeStream(streamOf(bytes), encoding), { file: FILE, tz, dateOrder, mapping }));
      // Where the two readings are known to part (README, "What happens to bad input"): after a
      // quote csv-parse cannot read, it folds the records up to the next quote into the bad one,
      // while the framer cuts records by quote parity and reads on; and a file mixing line endings
      // (or with a lone CR) is cut by each chunk's own line ending. Both still account for every
      // record, which the read property above checks on these inputs too.
      fc.pre(!whole.items.some((item) => item.rejection?.code === 'csv-parse') && !mixedLineEndings(bytes));
      let reading: ChunkedReading | undefined;
      try {
        reading = await openChunked(input, { adapter: 'generic-csv', tz, dateOrder, mapping, encoding }, { path: FILE, adapter: 'generic-csv', sha256: '', records: 0 });
      } catch (error) {
        // A bad header fails both ways, with the same error (the streaming read may yield rejections first).
        checkOutcome({ items: [], error }, [FILE]);
        expect(whole.error).toBeInstanceOf(ReplayError);
        expect((error as ReplayError).message).toBe((whole.error as ReplayError).message);
        return;
      }
      if (!reading) return; // a head too odd to cut: read by the streaming path only
      expect(whole.error).toBeUndefined();
      expect(await chunked(reading)).toEqual(streamed(whole));
    }, 1000);
  }, FUZZ_TIMEOUT);
});
