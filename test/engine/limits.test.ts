import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords, type CsvItem, type CsvSource } from '../../adapters/csv.js';
import { chunkRecords } from '../../adapters/csv-fast.js';
import { readJsonArray, readNdjson, type JsonRecord } from '../../adapters/json-stream.js';
import { jsonRecords } from '../../adapters/json-shape.js';
import { genericCsv } from '../../adapters/generic-csv.js';
import { loadMapping } from '../../adapters/mapping.js';
import { loadConfigFile } from '../../engine/config.js';
import { ReplayError } from '../../engine/errors.js';
import { loadScenarios } from '../../engine/forecast/scenarios.js';
import { RecordFramer } from '../../engine/ingest/frame.js';
import { canBacktrackCatastrophically, loadPlaybook } from '../../engine/infer/playbook.js';
import {
  configDepthOver, DEFAULT_LIMITS, deeperThan, formatBytes, jsonTextDeeperThan, limitsFromFlags, parseByteSize, type Limits,
} from '../../engine/limits.js';
import { probeTexts, slowPattern } from '../../engine/infer/regex-probe.js';
import { messages } from '../../engine/messages.js';
import { loadPlans } from '../../engine/pricing/plans.js';

// Chunks of 16 bytes for the chunked reading below (engine/ingest/chunks.ts reads it once, when imported).
process.env.TICKET_REPLAY_CHUNK_BYTES = '16';

const dir = mkdtempSync(join(tmpdir(), 'ticket-replay-limits-'));
const limits = (changes: Partial<Limits>): Limits => ({ ...DEFAULT_LIMITS, ...changes });

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The error a call throws (the test fails if it returns). */
function thrown(call: () => unknown): ReplayError {
  try {
    call();
  } catch (err) {
    expect(err).toBeInstanceOf(ReplayError);
    return err as ReplayError;
  }
  throw new Error('expected a ReplayError');
}

describe('limit options', () => {
  it('reads sizes with or without a unit, and prints them back', () => {
    expect([parseByteSize('4194304'), parseByteSize('4MiB'), parseByteSize('16MB'), parseByteSize('1.5k'), parseByteSize('2 gib')]).toEqual([
      4 * 2 ** 20, 4 * 2 ** 20, 16_000_000, 1536, undefined,
    ]);
    for (const bad of ['', '0', 'four', '4XB', '-1', '1e6']) expect(parseByteSize(bad)).toBeUndefined();
    expect([formatBytes(4 * 2 ** 20), formatBytes(20 * 2 ** 20 + 1), formatBytes(1536), formatBytes(1)]).toEqual(['4 MiB', '20.0 MiB', '1.5 KiB', '1 byte']);
    expect(limitsFromFlags({})).toEqual(DEFAULT_LIMITS);
    expect(limitsFromFlags({ maxFieldSize: 10, maxDepth: 3 })).toEqual({ ...DEFAULT_LIMITS, maxFieldBytes: 10, maxDepth: 3 });
  });
});

describe('JSON depth', () => {
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it('is measured without recursion, from a value or from its text (brackets in strings do not count)', () => {
    expect(deeperThan(JSON.parse(nested(200_000)), 64)).toBe(true);
    expect(deeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(deeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
    expect(jsonTextDeeperThan(nested(200_000), 64)).toBe(true);
    expect(jsonTextDeeperThan(`{"a": "${'['.repeat(100)}\\"[[", "b": [1]}`, 2)).toBe(false);
  });

  it('from the text agrees with the parsed value (property, seeded)', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.string({ unit: fc.constantFrom('a', '[', '{', '"', '\\', ']') }), fc.integer(), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 3 }),
      object: fc.dictionary(fc.string({ unit: fc.constantFrom('k', '[', '"', '\\') }), tie('value'), { maxKeys: 3 }),
    })).value;
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 6 }), (value, max) => {
        expect(jsonTextDeeperThan(JSON.stringify(value), max)).toBe(deeperThan(value, max));
      }),
      { numRuns: 2000, seed: 64 },
    );
  });
});

describe('configuration files nested absurdly deep', () => {
  const deepFlow = `plans: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;

  it('are refused before the YAML parser, naming the file and the line', () => {
    const file = join(dir, 'deep.yaml');
    writeFileSync(file, `# plans\n${deepFlow}`);
    const err = thrown(() => loadConfigFile(file));
    expect([err.code, err.file, err.line, err.message]).toEqual(['CONFIG', file, 2, messages.configTooDeep(file, 2, 64)]);
  });

  it('give a CONFIG error for plans, playbooks, mappings and scenarios, JSON or YAML, flow or block', () => {
    const block = `a:\n${Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i + 1)}b:`).join('\n')}\n`;
    const json = `{"plans": ${'{"a": '.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const anchored = `a: &x !!seq ${'['.repeat(10_000)}`;
    const texts = { 'flow.yaml': deepFlow, 'block.yaml': block, 'deep.json': json, 'anchored.yaml': anchored };
    const loaders = [(f: string) => loadPlans(f), (f: string) => loadPlaybook(f), (f: string) => loadMapping(f), (f: string) => loadScenarios(f, [])];
    for (const [name, text] of Object.entries(texts)) {
      const file = join(dir, name);
      writeFileSync(file, text);
      for (const load of loaders) expect(thrown(() => load(file)).code).toBe('CONFIG');
    }
  });

  it('let every configuration file of the repository through, far from the limit', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ya?ml|json)$/.test(f) && !f.includes('nested')) files.push(p);
      }
    };
    walk('datasets');
    walk('test/fixtures');
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) expect([f, configDepthOver(readFileSync(f, 'utf8'), 16)]).toEqual([f, undefined]);
  });

  it('count quoted text, comments and block scalars as nothing, and anchors and tags as no start of a value', () => {
    expect(configDepthOver(`a: "${'['.repeat(100)}"\nb: '${'{'.repeat(100)}'' x' # ${'['.repeat(100)}\nc: |\n  ${'['.repeat(100)}\nd: 1\n`, 8)).toBeUndefined();
    expect(configDepthOver(`a: |\n    text\n  ${'['.repeat(100)}`, 8)).toBe(3);
    expect(configDepthOver(`{a:"${'['.repeat(100)}`, 8)).toBe(1);
    expect(configDepthOver(`- ${'- '.repeat(20)}x`, 8)).toBe(1);
  });
});

describe('CSV records over the limits', () => {
  const header = 'id,created_at,description\n';
  const row = (id: string, description: string) => `${id},2025-03-01T10:00:00Z,"${description}"\n`;

  it('are rejected with their line, id and a reason naming the field or the record, the limit and the option', async () => {
    const text = header + row('t1', 'ok') + row('t2', 'x'.repeat(2000)) + row('t3', 'é'.repeat(600)) + row('t4', 'fine');
    const source: CsvSource = { file: 'f.csv', limits: limits({ maxFieldBytes: 1000, maxRecordBytes: 1500 }) };
    const items = await collect(csvRecords(Readable.from([text]), source));
    expect(items.map((i) => i.rejection ?? i.record[0])).toEqual([
      'id', 't1',
      { file: 'f.csv', line: 3, id: 't2', code: 'record-too-large', reason: messages.recordTooLarge('2.0 KiB', '1.5 KiB', '--max-record-size') },
      { file: 'f.csv', line: 4, id: 't3', code: 'field-too-large', reason: messages.fieldTooLarge('description', '1.2 KiB', '1000 bytes', '--max-field-size') },
      't4',
    ]);
    expect(messages.fieldTooLarge('description', '20.0 MiB', '4 MiB', '--max-field-size')).toBe(
      'field "description" is 20.0 MiB, over the 4 MiB limit (raise it with --max-field-size)',
    );
    // Raised, the limits let the same records through.
    const raised = await collect(csvRecords(Readable.from([text]), { file: 'f.csv', limits: limits({ maxFieldBytes: 2000, maxRecordBytes: 2100 }) }));
    expect(raised.every((i) => i.record)).toBe(true);
  });

  it('measure a record up to its line break, a CR before the LF not counted, and its field in UTF-8', async () => {
    const at = (text: string, l: Partial<Limits>) => collect(csvRecords(Readable.from([text]), { file: 'f.csv', limits: limits(l) }));
    // "t,abcdefgh" is 10 bytes, CRLF or not.
    for (const eol of ['\n', '\r\n']) {
      expect((await at(`id,x${eol}t,abcdefgh${eol}`, { maxRecordBytes: 10 }))[1].record).toEqual(['t', 'abcdefgh']);
      expect((await at(`id,x${eol}t,abcdefgh${eol}`, { maxRecordBytes: 9 }))[1].rejection?.code).toBe('record-too-large');
    }
    expect((await at('id,x\nt,ééé\n', { maxFieldBytes: 6 }))[1].record).toEqual(['t', 'ééé']);
    expect((await at('id,x\nt,ééé\n', { maxFieldBytes: 5 }))[1].rejection?.code).toBe('field-too-large');
  });

  it('fail the file when the header is over one, naming line 1, the limit and the option', async () => {
    const read = (text: string, l: Partial<Limits>) => collect(csvRecords(Readable.from([text]), { file: 'f.csv', limits: limits(l) }));
    await expect(read(`id,${'h'.repeat(3000)}\nt1,x\n`, { maxRecordBytes: 2048 })).rejects.toMatchObject({
      code: 'INPUT', file: 'f.csv', line: 1, message: messages.headerTooLarge('f.csv', '2.9 KiB', '2 KiB', '--max-record-size'),
    });
    await expect(read(`id,${'h'.repeat(3000)}\nt1,x\n`, { maxFieldBytes: 2048 })).rejects.toMatchObject({
      code: 'INPUT', line: 1, message: messages.headerCellTooLarge('f.csv', 2, '2.9 KiB', '2 KiB', '--max-field-size'),
    });
    await expect(chunkRecords(`id,${'h'.repeat(3000)}\nt1,x\n`, ',', 1, { file: 'f.csv', limits: limits({ maxRecordBytes: 2048 }) })).rejects.toMatchObject({ code: 'INPUT', line: 1 });
  });

  /**
   * The chunked path: engine/ingest/chunks.ts frames the input in chunks of TICKET_REPLAY_CHUNK_BYTES
   * (16, set above) and parses the head, then each chunk is parsed as the worker parses it.
   */
  let framerSkipped = 0;
  async function chunked(text: string, source: CsvSource): Promise<CsvItem[]> {
    const { openChunked } = await import('../../engine/ingest/chunks.js');
    // Read 7 bytes at a time, as a stream hands them: a record over the limit is then skipped, not held.
    const bytes = Buffer.from(text);
    const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, k) => bytes.subarray(7 * k, 7 * k + 7));
    const input = { source: { name: source.file, open: async () => Readable.from(pieces) }, adapter: genericCsv, encoding: 'utf-8' };
    const reading = await openChunked(input, { adapter: 'generic-csv', tz: 'UTC', limits: source.limits }, { path: source.file, adapter: 'generic-csv', sha256: '', records: 0 });
    if (!reading) throw new Error('not chunkable');
    const items: CsvItem[] = [];
    for await (const chunk of reading.chunks) {
      if (chunk.oversized !== undefined) framerSkipped++;
      items.push(...(await chunkRecords(Buffer.from(chunk.bytes).toString(), reading.delimiter, chunk.firstLine, reading.guard, chunk.oversized)));
    }
    return items;
  }

  it('are the same records, rejected alike, chunked or streamed (differential, seeded)', async () => {
    const cell = fc.array(fc.constantFrom('a', 'é', '😀', ' ', ',', '"', '\n', 'long'.repeat(10)), { maxLength: 12 }).map((c) => c.join(''));
    const quote = (v: string) => (/[",\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);
    const csv = fc
      .record({ rows: fc.array(fc.array(cell, { minLength: 2, maxLength: 3 }), { maxLength: 8 }), eol: fc.constantFrom('\n', '\r\n') })
      .map(({ rows, eol }) => ['id,created_at,b', ...rows.map((r, k) => [`t${k}`, ...r].map(quote).join(','))].join(eol) + eol);
    let rejected = 0;
    let skipped = 0;
    await fc.assert(
      fc.asyncProperty(csv, fc.integer({ min: 4, max: 80 }), fc.integer({ min: 4, max: 160 }), async (text, field, record) => {
        const source: CsvSource = { file: 'f.csv', limits: limits({ maxFieldBytes: field, maxRecordBytes: record }) };
        const streamed = await collect(csvRecords(Readable.from([text]), source)).catch((err: Error) => err.message);
        const viaChunks = await chunked(text, source).catch((err: Error) => err.message);
        expect(viaChunks).toEqual(streamed);
        if (Array.isArray(streamed)) rejected += streamed.filter((i) => i.rejection).length;
        if (Array.isArray(streamed) && streamed.some((i) => i.rejection?.code === 'record-too-large')) skipped++;
      }),
      { numRuns: 1500, seed: 20 },
    );
    // Not vacuous: limits were hit, records over the record limit among them.
    expect(rejected).toBeGreaterThan(500);
    expect(skipped).toBeGreaterThan(100);
    expect(framerSkipped).toBeGreaterThan(100);
  });

  it('are never held whole by the framer: chunks tile the input, bounded by the target, the limit and one read (property, seeded)', () => {
    const bytesArb = fc
      .array(fc.constantFrom('"', '""', '\n', '\r\n', ',', 'a', 'é', 'x'.repeat(50), '"y\ny"'), { maxLength: 120 })
      .map((tokens) => Buffer.from(tokens.join('')));
    fc.assert(
      fc.property(bytesArb, fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 32 }), (bytes, target, max, read) => {
        const framer = new RecordFramer({ target, maxRecordBytes: max });
        const chunks = [];
        for (let at = 0; at < bytes.length; at += read) chunks.push(...framer.push(bytes.subarray(at, at + read)));
        chunks.push(...framer.end());
        let offset = 0;
        let line = 1;
        for (const c of chunks) {
          expect([c.offset, c.firstLine]).toEqual([offset, line]);
          const own = bytes.subarray(c.offset, c.oversized === undefined ? c.offset + c.bytes.length : undefined);
          if (c.oversized === undefined) {
            expect(Buffer.from(c.bytes).equals(own)).toBe(true);
            expect(c.bytes.length).toBeLessThanOrEqual(target + max + read);
            offset += c.bytes.length;
          } else {
            // One record over the limit: its head is its first bytes, its size what lies before its line break.
            expect(c.oversized).toBeGreaterThan(max);
            expect(Buffer.from(c.bytes).equals(own.subarray(0, c.bytes.length))).toBe(true);
            const at = c.oversized;
            const end = own[at] === 0x0a ? at + 1 : own[at] === 0x0d && own[at + 1] === 0x0a ? at + 2 : own.length;
            if (end === own.length && own[end - 1] !== 0x0a) expect(at).toBe(own.length); // the last record, unterminated
            expect(c.newlines).toBe(own.subarray(0, end).filter((b) => b === 0x0a).length);
            offset += end;
          }
          line += c.newlines;
        }
        expect(offset).toBe(bytes.length);
      }),
      { numRuns: 3000, seed: 16 },
    );
  });

  it('are skipped by the framer without holding them, and named from their first bytes', async () => {
    const big = 'x'.repeat(40_000);
    const text = `id,body\nt1,a\nt2,"${big}\n${big}"\r\nt3,b\n`;
    const framer = new RecordFramer({ target: 16, maxRecordBytes: 100 });
    const bytes = Buffer.from(text);
    const chunks = [];
    for (let at = 0; at < bytes.length; at += 64) chunks.push(...framer.push(bytes.subarray(at, at + 64)));
    chunks.push(...framer.end());
    expect(chunks.map((c) => [c.firstLine, c.newlines, c.oversized, c.bytes.length])).toEqual([
      [1, 2, undefined, 13],
      [3, 2, 80_006, 65_536], // its size; of its bytes, only the first 64 KiB
      [5, 1, undefined, 5],
    ]);
    const items = await chunkRecords(Buffer.from(chunks[1].bytes).toString(), ',', 3, { file: 'f.csv', limits: limits({ maxRecordBytes: 100 }), idColumn: 0 }, 80_006);
    expect(items).toEqual([{ line: 3, rejection: { file: 'f.csv', line: 3, id: 't2', code: 'record-too-large', reason: messages.recordTooLarge('78.1 KiB', '100 bytes', '--max-record-size') } }]);
  });
});

describe('JSON records over the limits', () => {
  const ticket = (id: number) => JSON.stringify({ id, subject: 'hello', comments: [{ body: 'x' }] });
  const deep = (depth: number) => `{"id": 2, "x": ${'['.repeat(depth)}${']'.repeat(depth)}}`;

  it('NDJSON: a line nested too deep or too long is set aside with the limit, the others go on', async () => {
    const text = [ticket(1), deep(10_000), `{"id": 3, "body": "${'b'.repeat(40_000)}"}`, ticket(4)].join('\n');
    const records = await collect(readNdjson(Readable.from([text]), limits({ maxRecordBytes: 30_000 })));
    expect(records.map((r) => r.error === undefined ? (r.value as { id: number }).id : [r.line, r.code, r.error])).toEqual([
      1,
      [2, 'too-deep', messages.tooDeep(64, '--max-depth')],
      [3, 'record-too-large', messages.recordTooLarge('39.1 KiB', '29.3 KiB', '--max-record-size')],
      4,
    ]);
    // Raised, they read.
    const raised = await collect(readNdjson(Readable.from([text]), limits({ maxDepth: 10_002, maxRecordBytes: 50_000 })));
    expect(raised.map((r) => r.error)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('NDJSON lines are cut where readline cuts them: LF, CRLF (even split between reads) and a lone CR', async () => {
    const records = await collect(readNdjson(Readable.from([Buffer.from('\uFEFF{"a":1}\r'), Buffer.from('\n{"a":2}\r{"a":3}\n\n{"a":4}')])));
    expect(records).toEqual([1, 2, 3, 4].map((a, k) => ({ value: { a }, line: [1, 2, 3, 5][k] })));
  });

  it('a document: the element nested too deep is one rejection, the others go on; 10,000 deep at the top is one too', async () => {
    const doc = `{"tickets": [${ticket(1)}, ${deep(10_000)}, ${ticket(3)}]}`;
    const records = await collect(readJsonArray(Readable.from([doc]), 'tickets'));
    expect(records.map((r) => r.code ?? (r.value as { id: number }).id)).toEqual([1, 'too-deep', 3]);
    const top = readFileSync('test/fixtures/bad/json-nested-10000-document.json', 'utf8');
    const lone = await collect(readJsonArray(Readable.from([top]), 'tickets'));
    expect(lone.map((r) => [r.line, r.code])).toEqual([[1, 'too-deep']]);
    const unwrap = () => undefined;
    for (const shape of [{ kind: 'array' }, { kind: 'values' }, { kind: 'pages' }] as const) {
      const text = shape.kind === 'values' ? `${ticket(1)}\n${deep(10_000)}` : `[${ticket(1)}, ${deep(10_000)}]`;
      const out: JsonRecord[] = await collect(jsonRecords(Readable.from([text]), shape, unwrap));
      expect([shape.kind, out.map((r) => [r.line, r.code])]).toEqual([shape.kind, [[1, undefined], [2, 'too-deep']]]);
    }
  });
});

describe('playbook patterns that backtrack catastrophically', () => {
  // Alternatives that overlap: the static check (nested repetition) lets it through.
  const SLOW = '(a|aa)*b';

  it('are found by timing them on adversarial texts in a worker the deadline terminates', () => {
    expect(canBacktrackCatastrophically(SLOW)).toBe(false);
    expect(probeTexts(SLOW, 16)).toContain('aaaaaaaaaaaaaaaa!');
    const safe = [{ source: '\\bwhere is my order\\b', flags: '' }, { source: '\\b(refund|money back)\\b', flags: '' }];
    expect(slowPattern(safe, 1000)).toBeUndefined();
    // 65 characters at the latest (2^32 ways to split them); 33 when it is slow already there, as it is on most machines.
    const slow = slowPattern([...safe, { source: SLOW, flags: '' }], 200);
    expect(slow?.index).toBe(2);
    expect([17, 33, 65]).toContain(slow?.chars);
  });

  it('refuse a user playbook with a CONFIG error naming the file, line, field, the limit and the option', () => {
    const file = join(dir, 'slow.yaml');
    writeFileSync(file, `extends: default\nintents:\n  - id: order-status\n    patterns:\n      - '\\bwhere is my\\b'\n      - '${SLOW}'\n`);
    const err = thrown(() => loadPlaybook(file, limits({ regexTimeoutMs: 200 })));
    const chars = Number(/(\d+) characters/.exec(err.message)?.[1]);
    expect([err.code, err.file, err.message]).toEqual([
      'CONFIG', file, messages.configInvalid(file, `line ${err.line}, field "${err.field}"`, messages.playbookSlowPattern(200, chars, '--regex-timeout')),
    ]);
    expect([17, 33, 65]).toContain(chars);
    expect(err.field).toMatch(/^intents\[\d+\]\.patterns\[1\]$/);
  });
});
