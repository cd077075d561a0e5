import { Readable } from 'node:stream';
import fc from 'fast-check';
import { parse } from 'csv-parse';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../engine/limits.js';
import { csvRecords, type CsvItem } from '../../adapters/csv.js';
import { chunkRecords, eachChunkItem, parseCsvChunk } from '../../adapters/csv-fast.js';

async function collect(items: AsyncIterable<CsvItem>): Promise<CsvItem[]> {
  const out: CsvItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The record delimiter csv-parse discovers in `text` ('\n' when it finds none). */
async function discoveredDelimiter(text: string, delimiter: string): Promise<string> {
  const parser = parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true });
  parser.on('skip', () => undefined);
  parser.end(text);
  for await (const _ of parser);
  const found = (parser.options as { record_delimiter: Buffer[] }).record_delimiter[0];
  return found ? found.toString() : '\n';
}

/**
 * What csvRecords gives for `text` as the part of a file that starts at line `firstLine`: the
 * text after `firstLine - 1` empty lines of its own record delimiter (after its BOM, if any), so
 * csv-parse itself numbers lines and messages from there. An oracle independent of the offsetting.
 */
async function reference(text: string, delimiter: string, firstLine: number): Promise<CsvItem[]> {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const padding = (await discoveredDelimiter(text, delimiter)).repeat(firstLine - 1);
  return collect(csvRecords(Readable.from([bom + padding + text.slice(bom.length)]), 'f.csv', delimiter));
}

const asItems = (parsed: { records: string[][]; lines: number[] }): CsvItem[] => parsed.records.map((record, k) => ({ record, line: parsed.lines[k] }));

const delimiterArb = fc.constantFrom(',', ';', '\t');
const firstLineArb = fc.integer({ min: 1, max: 40 });

/** Texts from an alphabet rich in what CSV parsers trip on. */
const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('"', '""', ',', ';', '\t', '\n', '\r', '\r\n', ' ', 'a', 'b', 'é', '😀') },
  { weight: 1, arbitrary: fc.constantFrom('\uFEFF', '\uD83D', '\0', 'ab,"c\nd"', '"x""y"') },
);
const rawText = fc.array(token, { maxLength: 40 }).map((t) => t.join(''));

/** A field value and whether it is quoted even though it need not be. */
const fieldArb = fc.record({
  value: fc.array(fc.constantFrom('a', 'b', ' ', 'é', '😀', '"', ',', ';', '\t', '\n', '\r', '\r\n'), { maxLength: 6 }).map((c) => c.join('')),
  quote: fc.boolean(),
});

/** Well-formed CSV: fields quoted when they hold the delimiter, a quote or a line break. */
const wellFormed = (delimiter: string) =>
  fc
    .record({
      rows: fc.array(fc.record({ fields: fc.array(fieldArb, { minLength: 1, maxLength: 4 }), blankBefore: fc.boolean() }), { maxLength: 6 }),
      eol: fc.constantFrom('\n', '\r\n'),
      trailing: fc.boolean(),
      bom: fc.boolean(),
    })
    .map(({ rows, eol, trailing, bom }) => {
      const cell = (f: { value: string; quote: boolean }, alone: boolean) =>
        f.quote || f.value.includes(delimiter) || /["\r\n]/.test(f.value) || (alone && f.value === '') ? `"${f.value.replace(/"/g, '""')}"` : f.value;
      const lines = rows.map((r) => (r.blankBefore ? eol : '') + r.fields.map((f) => cell(f, r.fields.length === 1)).join(delimiter));
      return (bom ? '\uFEFF' : '') + lines.join(eol) + (trailing && lines.length > 0 ? eol : '');
    });

/** Well-formed CSV with a few stray tokens put in anywhere. */
const perturbed = (delimiter: string) =>
  fc.tuple(wellFormed(delimiter), fc.array(fc.tuple(fc.nat(), token), { minLength: 1, maxLength: 3 })).map(([text, inserts]) =>
    inserts.reduce((t, [at, s]) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1)), text),
  );

const anyText = (delimiter: string) => fc.oneof(rawText, wellFormed(delimiter), perturbed(delimiter));

describe('parseCsvChunk', () => {
  it('gives exactly csvRecords’ records and lines whenever it answers (differential, seeded)', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        delimiterArb.chain((d) => fc.tuple(fc.constant(d), anyText(d))),
        firstLineArb,
        async ([delimiter, text], firstLine) => {
          const parsed = parseCsvChunk(text, delimiter, firstLine);
          if (parsed === null) return;
          answered++;
          expect(asItems(parsed)).toEqual(await reference(text, delimiter, firstLine));
        },
      ),
      { numRuns: 3000, seed: 4180 },
    );
    // The property must not hold vacuously.
    expect(answered).toBeGreaterThan(1000);
  });

  it('always answers on well-formed CSV, LF or CRLF, and answers right', async () => {
    await fc.assert(
      fc.asyncProperty(
        delimiterArb.chain((d) => fc.tuple(fc.constant(d), wellFormed(d))),
        firstLineArb,
        async ([delimiter, text], firstLine) => {
          const parsed = parseCsvChunk(text, delimiter, firstLine);
          expect(parsed).not.toBeNull();
          expect(asItems(parsed!)).toEqual(await reference(text, delimiter, firstLine));
        },
      ),
      { numRuns: 2000, seed: 4180 },
    );
  });

  it('matches csv-parse on its quirks: empty lines, stray \\r, CRLF inside quotes, the last record', () => {
    const cases: [string, string[][], number[]][] = [
      // Only a line without a single character is empty: a space or a '\r' (in an LF file) is a
      // field, and csv-parse counts that '\r' as a line of its own (csvRecords keeps the count).
      ['a\n\n \n\r\nb\n', [['a'], [' '], ['\r'], ['b']], [1, 3, 5, 6]],
      // CRLF record ends; a quoted CRLF is one line; a quoted empty field is a record.
      ['h,x\r\n"1\r\n2",y\r\n\r\n""\r\nz', [['h', 'x'], ['1\r\n2', 'y'], [''], ['z']], [1, 2, 5, 6]],
      // In an LF file a CRLF inside quotes is one line too, and a lone '\r' is an ordinary character
      // that csv-parse nevertheless counts as a line (csvRecords keeps that count).
      ['a,"b\r\nc",d\ne\rf,g\n', [['a', 'b\r\nc', 'd'], ['e\rf', 'g']], [1, 4]],
      // Ragged rows pass through; a doubled quote is one quote; delimiters inside quotes stay.
      ['a,b,c\n"x,""y""",2\n', [['a', 'b', 'c'], ['x,"y"', '2']], [1, 2]],
      // A last record without a newline, and one ending in a lone '\r' (kept in the field).
      ['h\r\nv,w\r', [['h'], ['v', 'w\r']], [1, 2]],
      // In a CRLF file a lone '\n' is an ordinary character, and csv-parse's line for a record
      // after a quirky line is csvRecords' (not the physical line): kept as it is.
      ['x\r\n\n', [['x'], ['\n']], [1, 1]],
      ['\uFEFFa;b\n', [['a', 'b']], [1]],
    ];
    for (const [text, records, lines] of cases) {
      const delimiter = text.includes(';') ? ';' : ',';
      expect(parseCsvChunk(text, delimiter, 1)).toEqual({ records, lines });
      expect(parseCsvChunk(text, delimiter, 101)).toEqual({ records, lines: lines.map((n) => n + 100) });
    }
  });

  it('answers null where csv-parse would reject or records end with a bare \\r', () => {
    for (const text of ['a"b\nc\n', '"a"b\n', '"a\n', '"a"\0\n', 'a\rb\r', 'h\na,"b"\r\n']) expect(parseCsvChunk(text, ',', 1)).toBeNull();
    expect(parseCsvChunk('a|b\n', '||', 1)).toBeNull();
  });
});

describe('chunkRecords', () => {
  it('gives exactly what csvRecords gives, rejections included, with its lines offset (differential, seeded)', async () => {
    const withoutReason = (items: CsvItem[]) => items.map((i) => (i.rejection ? { ...i, rejection: { ...i.rejection, reason: '' } } : i));
    const reasons = (items: CsvItem[]) => items.flatMap((i) => (i.rejection ? [i.rejection.reason] : [])).sort();
    await fc.assert(
      fc.asyncProperty(
        delimiterArb.chain((d) => fc.tuple(fc.constant(d), anyText(d))),
        firstLineArb,
        async ([delimiter, text], firstLine) => {
          const items = await chunkRecords(text, delimiter, firstLine, 'f.csv');
          const by = firstLine - 1;
          const own = (await collect(csvRecords(Readable.from([text]), 'f.csv', delimiter))).map((i) =>
            i.rejection ? { line: i.line + by, rejection: { ...i.rejection, line: i.rejection.line + by } } : { record: i.record, line: i.line + by },
          );
          expect(withoutReason(items)).toEqual(withoutReason(own));
          // csv-parse's own line in a reason is the one it gives after as many empty lines.
          expect(reasons(items)).toEqual(reasons(await reference(text, delimiter, firstLine)));
        },
      ),
      { numRuns: 2000, seed: 4180 },
    );
  });

  it('falls back to csv-parse for a chunk it cannot promise, lines and messages moved to the chunk', async () => {
    const items = await chunkRecords('a,b\nc"d,e\nf,g\n', ',', 10, 'f.csv');
    // In file order: the record before the unreadable one comes first.
    expect(items).toEqual([
      { record: ['a', 'b'], line: 10 },
      {
        line: 11,
        rejection: { file: 'f.csv', line: 11, id: '', code: 'csv-parse', reason: 'unreadable CSV record: Invalid Opening Quote: a quote is found on field 0 at line 11, value is "c"' },
      },
      { record: ['f', 'g'], line: 12 },
    ]);
  });
});

describe('eachChunkItem', () => {
  /** What `each` was handed since the last `restart`, and how many restarts there were. */
  async function handed(text: string, delimiter: string, firstLine: number, source: Parameters<typeof eachChunkItem>[3], oversized?: number) {
    let items: CsvItem[] = [];
    let restarts = 0;
    await eachChunkItem(text, delimiter, firstLine, source, oversized, (item) => items.push(item), () => {
      restarts++;
      items = [];
    });
    return { items, restarts };
  }

  it("hands on exactly chunkRecords' items, in order, after its last restart (differential, seeded)", async () => {
    let restarted = 0;
    await fc.assert(
      fc.asyncProperty(
        delimiterArb.chain((d) => fc.tuple(fc.constant(d), anyText(d))),
        firstLineArb,
        fc.constantFrom(Infinity, 24),
        async ([delimiter, text], firstLine, maxRecordBytes) => {
          // A worker's chunk: its header known; small limits make records and fields over them.
          const source = { file: 'f.csv', header: ['id', 'x'], idColumn: 0, limits: { ...DEFAULT_LIMITS, maxRecordBytes, maxFieldBytes: Math.min(maxRecordBytes, 12) } };
          const { items, restarts } = await handed(text, delimiter, firstLine, source);
          expect(restarts).toBeLessThanOrEqual(1);
          restarted += restarts;
          expect(items).toEqual(await chunkRecords(text, delimiter, firstLine, source));
        },
      ),
      { numRuns: 2000, seed: 4181 },
    );
    // Some texts must have made the fast parser give up after handing records on.
    expect(restarted).toBeGreaterThan(50);
  });

  it('restarts when the fast parser gives up after some records, and hands on csv-parse\'s items', async () => {
    const source = { file: 'f.csv', header: ['a', 'b'] };
    const { items, restarts } = await handed('a,b\nc"d,e\nf,g\n', ',', 10, source);
    expect(restarts).toBe(1);
    expect(items).toEqual(await chunkRecords('a,b\nc"d,e\nf,g\n', ',', 10, source));
    expect(items.map((i) => i.rejection?.code ?? 'record')).toEqual(['record', 'csv-parse', 'record']);
  });

  it('hands on an oversized chunk as its one rejection, and a chunk with no header known as chunkRecords does', async () => {
    const oversized = await handed('t1,' + 'x'.repeat(50), ',', 7, { file: 'f.csv', header: ['id', 'x'], idColumn: 0 }, 80_000);
    expect(oversized.restarts).toBe(0);
    expect(oversized.items).toEqual([{ line: 7, rejection: expect.objectContaining({ code: 'record-too-large', id: 't1', line: 7 }) }]);
    const headed = await handed('id,x\nt1,y\n', ',', 1, { file: 'f.csv' });
    expect(headed.items).toEqual(await chunkRecords('id,x\nt1,y\n', ',', 1, { file: 'f.csv' }));
  });
});
