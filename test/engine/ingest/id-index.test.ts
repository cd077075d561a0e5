import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex, idHashes, type IdEntry } from '../../../engine/ingest/id-index.js';

describe('IdIndex', () => {
  it('answers like a Map of ids to entries, through growth, and lists ids in the order first seen', () => {
    const op = fc.record({ id: fc.integer({ min: 0, max: 3000 }).map((n) => `T-${n}`), updatedAt: fc.integer({ min: 0, max: 1e12 }), source: fc.nat(3), ordinal: fc.nat(1e6) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 2500 }), (ops) => {
        const index = new IdIndex();
        const model = new Map<string, IdEntry>();
        for (const { id, ...entry } of ops) {
          index.set(id, entry);
          model.set(id, entry);
        }
        expect(index.size).toBe(model.size);
        for (const [id, entry] of model) expect(index.get(id)).toEqual(entry);
        expect(index.get('never-seen')).toBeUndefined();
        const listed: [number, number, IdEntry][] = [];
        index.forEach((h1, h2, e) => listed.push([h1, h2, e]));
        expect(listed).toEqual([...model].map(([id, e]) => [...idHashes(id), e]));
      }),
      { numRuns: 60 },
    );
  });

  it('holds a million ids in about 32 bytes each (one table of 25-byte slots took 52)', () => {
    const index = new IdIndex();
    for (let i = 0; i < 1_000_000; i++) index.set(`ZD-${i}`, { updatedAt: i, source: 0, ordinal: i });
    expect(index.size).toBe(1_000_000);
    expect(index.bytes / 1_000_000).toBeLessThan(34);
    expect(index.get('ZD-999999')).toEqual({ updatedAt: 999_999, source: 0, ordinal: 999_999 });
  });
});
