import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPairTable, pairValue } from '../../../engine/infer/pair-table.js';

describe('pair table', () => {
  it('finds each pair in its order, and no other', () => {
    const table = buildPairTable([3, 5, 0], [7, 2, 0], [0, 1, 2]);
    expect([pairValue(table, 3, 7), pairValue(table, 5, 2), pairValue(table, 0, 0)]).toEqual([0, 1, 2]);
    expect([pairValue(table, 7, 3), pairValue(table, 3, 2), pairValue(table, 1, 1)]).toEqual([-1, -1, -1]);
    expect(table.size).toBe(3);
  });

  it('is empty with no entries', () => {
    const table = buildPairTable([], [], []);
    expect([table.size, pairValue(table, 0, 0)]).toEqual([0, -1]);
  });

  it('agrees with a Map, whatever the numbers', () => {
    const n = fc.integer({ min: 0, max: 2 ** 31 - 2 });
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(n, n), { selector: ([a, b]) => `${a} ${b}`, maxLength: 200 }), fc.array(fc.tuple(n, n)), (entries, probes) => {
      const table = buildPairTable(entries.map(([a]) => a), entries.map(([, b]) => b), entries.map((_, i) => i));
      const map = new Map(entries.map(([a, b], i) => [`${a} ${b}`, i]));
      for (const [a, b] of [...entries, ...probes]) expect(pairValue(table, a, b)).toBe(map.get(`${a} ${b}`) ?? -1);
    }));
  });
});
