/**
 * Fuzzing what runs before any adapter reads a record: decoding (engine/ingest/decode.ts) and
 * auto-detection (engine/ingest/ingest.ts). Any bytes, in any encoding `--encoding` accepts,
 * decode without throwing and the same whatever the stream's chunks; every adapter's `detect`
 * gives a score in [0, 1] with string evidence and never throws; `planInputs` picks an adapter
 * or fails with a ReplayError naming the file.
 */

import { readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../adapters/index.js';
import { ReplayError } from '../../engine/errors.js';
import { decodeHead, decodeStream } from '../../engine/ingest/decode.js';
import { detectAdapter, planInputs } from '../../engine/ingest/ingest.js';
import { FUZZ_TIMEOUT, checkOutcome, fuzz, streamOf } from './harness.js';
import { fixture, inputArb } from './inputs.js';

const FILE = 'fuzz-input.txt';
const RUNS = 10_000;
/** Detection looks at one head per file, whatever the adapter: fewer cases than an adapter's suffice. */

/** Every committed export fixture: each adapter's formats, to mutate into near misses of the others. */
const FIXTURES = ['generic-csv', 'zendesk-csv', 'zendesk-json', 'freshdesk', 'intercom', 'salesforce', 'salesforce/service-cloud', 'presets', 'detect']
  .flatMap((dir) => readdirSync(`test/fixtures/${dir}`).filter((f) => /\.(csv|tsv|json|ndjson)$/.test(f)).sort().map((f) => `test/fixtures/${dir}/${f}`));
const heads = inputArb(fc.constantFrom(...FIXTURES.map(fixture)), 'any');
const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'latin1', 'windows-1252', 'iso-8859-15', 'shift_jis'] as const;

async function text(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('fuzz: decoding', () => {
  it(`decodes any bytes the same whatever the chunks (${RUNS / 10} cases)`, async () => {
    const arb = fc.tuple(heads, fc.constantFrom(...ENCODINGS), fc.array(fc.nat({ max: 4096 }), { maxLength: 8 }));
    await fuzz('decode', arb, async ([bytes, encoding, cuts]) => {
      // Streaming mode: Node 20 decodes windows-1252 (and its aliases latin1, iso-8859-1) as ISO-8859-1 in one-shot mode (0x80 → U+0080, not €).
      const decoder = new TextDecoder(encoding);
      const whole = decoder.decode(bytes, { stream: true }) + decoder.decode();
      const streamed = (await text(decodeStream(streamOf(bytes, cuts), encoding))).toString('utf8');
      // UTF-8 passes through untouched; every other encoding is re-encoded as UTF-8.
      expect(streamed).toBe(encoding === 'utf-8' ? Buffer.from(bytes).toString('utf8') : whole);
      expect(typeof decodeHead(bytes, encoding)).toBe('string');
    }, RUNS / 10);
  }, FUZZ_TIMEOUT);
});

describe('fuzz: auto-detection', () => {
  it(`every adapter's detect scores any head in [0, 1] without throwing; detectAdapter picks one or fails naming the file (${RUNS / 4} cases)`, async () => {
    await fuzz('detect', heads, async (bytes) => {
      const head = decodeHead(bytes, 'utf-8');
      for (const adapter of ADAPTERS) {
        const { score, evidence } = adapter.detect({ file: FILE, text: head });
        if (!(Number.isFinite(score) && score >= 0 && score <= 1)) throw new Error(`${adapter.name} scored ${score}`);
        if (!Array.isArray(evidence) || evidence.some((e) => typeof e !== 'string')) throw new Error(`${adapter.name} evidence ${JSON.stringify(evidence)}`);
      }
      try {
        expect(ADAPTERS).toContain(detectAdapter(FILE, head));
      } catch (error) {
        checkOutcome({ items: [], error }, [FILE]);
        expect((error as ReplayError).code).toBe('DETECT');
      }
    }, RUNS / 4);
  }, FUZZ_TIMEOUT);

  it(`planInputs chooses an adapter and an encoding for any file, or fails naming it (${RUNS / 10} cases)`, async () => {
    const arb = fc.tuple(heads, fc.constantFrom(undefined, ...ENCODINGS));
    await fuzz('plan-inputs', arb, async ([bytes, encoding]) => {
      const source = { name: FILE, open: async () => streamOf(bytes), size: bytes.length };
      try {
        const [planned] = await planInputs([source], { adapter: 'auto', tz: 'UTC', encoding });
        expect(ADAPTERS).toContain(planned.adapter);
        expect(() => new TextDecoder(planned.encoding)).not.toThrow();
      } catch (error) {
        checkOutcome({ items: [], error }, [FILE]);
        expect(['DETECT', 'INPUT']).toContain((error as ReplayError).code);
      }
    }, RUNS / 10);
  }, FUZZ_TIMEOUT);
});
