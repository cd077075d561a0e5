import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstRecordLength, RecordFramer, type FramedChunk } from '../../../engine/ingest/frame.js';

const QUOTE = 0x22;
const NEWLINE = 0x0a;

/** Chunk lengths cut by a plain byte-by-byte parity scan: the first boundary making a chunk ≥ target. */
function referenceLengths(bytes: Uint8Array, target: number): number[] {
  const lengths: number[] = [];
  let start = 0;
  let odd = false;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === QUOTE) odd = !odd;
    else if (bytes[i] === NEWLINE && !odd && i + 1 - start >= target) {
      lengths.push(i + 1 - start);
      start = i + 1;
    }
  }
  if (start < bytes.length) lengths.push(bytes.length - start);
  return lengths;
}

/** Whether `bytes` is whole records: it ends with a '\n' and has an even number of quotes. */
function wholeRecords(bytes: Uint8Array): boolean {
  return bytes[bytes.length - 1] === NEWLINE && bytes.filter((b) => b === QUOTE).length % 2 === 0;
}

const newlines = (bytes: Uint8Array) => bytes.filter((b) => b === NEWLINE).length;

/** CSV-ish bytes: quotes, doubled quotes, line breaks, delimiters and multi-byte characters. */
const bytesArb = fc
  .array(fc.constantFrom('"', '""', '\n', '\r\n', ',', 'a', 'bc', 'é', '😀', '"x\ny"'), { maxLength: 80 })
  .map((tokens) => new Uint8Array(Buffer.from(tokens.join(''))));

/** `bytes` cut into pushes at the given points; some as Buffers, some as plain Uint8Array views. */
function pieces(bytes: Uint8Array, cuts: number[], plain: boolean): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const bounds = [0, ...at, bytes.length];
  return bounds.slice(1).map((end, k) => (plain ? bytes.subarray(bounds[k], end) : Buffer.from(bytes.buffer, bytes.byteOffset + bounds[k], end - bounds[k])));
}

function frame(input: Uint8Array[], options: { target: number; firstLine?: number; offset?: number }): FramedChunk[] {
  const framer = new RecordFramer(options);
  return [...input.flatMap((p) => framer.push(p)), ...framer.end()];
}

describe('RecordFramer', () => {
  it('cuts after the first record boundary that makes a chunk reach the target', () => {
    const text = 'id,body\n1,"a\nb"\n2,"say ""hi""\n"\n3,c\n';
    const chunks = frame([Buffer.from(text)], { target: 10, firstLine: 7, offset: 100 });
    expect(chunks.map((c) => ({ text: Buffer.from(c.bytes).toString(), offset: c.offset, firstLine: c.firstLine }))).toEqual([
      { text: 'id,body\n1,"a\nb"\n', offset: 100, firstLine: 7 },
      { text: '2,"say ""hi""\n"\n', offset: 116, firstLine: 10 },
      { text: '3,c\n', offset: 132, firstLine: 12 },
    ]);
    expect(chunks.map((c) => c.newlines)).toEqual([3, 2, 1]);
    expect(frame([], { target: 10 })).toEqual([]);
  });

  it('gives the input back in own, transferable chunks cut where a plain parity scan cuts, for any pushes', () => {
    fc.assert(
      fc.property(
        bytesArb,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.nat(1_000_000),
        (bytes, cuts, plain, target, firstLine, offset) => {
          const input = pieces(bytes, cuts, plain);
          const chunks = frame(input, { target, firstLine, offset });
          expect(Buffer.concat(chunks.map((c) => c.bytes))).toEqual(Buffer.from(bytes));
          expect(chunks.map((c) => c.bytes.length)).toEqual(referenceLengths(bytes, target));
          let nextOffset = offset;
          let nextLine = firstLine;
          chunks.forEach((chunk, k) => {
            expect(chunk.offset).toBe(nextOffset);
            expect(chunk.firstLine).toBe(nextLine);
            if (k < chunks.length - 1) {
              expect(wholeRecords(chunk.bytes)).toBe(true);
              expect(chunk.bytes.length).toBeGreaterThanOrEqual(target);
            }
            // Its own ArrayBuffer, all of it: transferring it detaches nothing else.
            expect(chunk.bytes.byteOffset).toBe(0);
            expect(chunk.bytes.buffer.byteLength).toBe(chunk.bytes.length);
            expect(chunk.bytes.buffer).not.toBe(bytes.buffer);
            nextOffset += chunk.bytes.length;
            nextLine += newlines(chunk.bytes);
          });
        },
      ),
      { numRuns: 2000, seed: 4180 },
    );
  });

  it('refuses a target that is not a positive integer', () => {
    expect(() => new RecordFramer({ target: 0 })).toThrow(RangeError);
    expect(() => new RecordFramer({ target: 1.5 })).toThrow(RangeError);
  });
});

describe('firstRecordLength', () => {
  it('is the length through the first newline at even quote parity, or -1', () => {
    expect(firstRecordLength(Buffer.from('a,"b\nc"\nd\n'))).toBe(8);
    expect(firstRecordLength(Buffer.from('a,"b\nc\n'))).toBe(-1);
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        const first = referenceLengths(bytes, 1)[0];
        const whole = first !== undefined && wholeRecords(bytes.subarray(0, first));
        expect(firstRecordLength(bytes)).toBe(whole ? first : -1);
      }),
      { numRuns: 1000, seed: 4180 },
    );
  });
});
