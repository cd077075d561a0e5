import { describe, expect, it } from 'vitest';
import { addPartial, bump, emptyPartial, type Counts } from '../../../engine/aggregate/partial.js';

// Counts are keyed by names from the data: an `actions` column may hold any text.
const AWKWARD = ['constructor', '__proto__', 'toString', '__defineGetter__', 'hasOwnProperty', 'valueOf'];

describe('counts keyed by any name', () => {
  it('counts names that Object.prototype also has, as plain own keys', () => {
    const counts: Counts = {};
    for (const key of AWKWARD) bump(counts, key, 2);
    bump(counts, 'constructor');
    expect(Object.keys(counts).sort()).toEqual([...AWKWARD].sort());
    expect(counts.constructor).toBe(3);
    expect(Object.getPrototypeOf(counts)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(counts))).toEqual(Object.fromEntries(AWKWARD.map((k) => [k, k === 'constructor' ? 3 : 2])));
  });

  it('merges them across partials, through structured clone and JSON as workers and shard files pass them', () => {
    const a = emptyPartial(0);
    for (const key of AWKWARD) bump(a.actions, key);
    const viaClone = structuredClone(a);
    const viaJson = JSON.parse(JSON.stringify(a));
    const total = addPartial(addPartial(emptyPartial(0), viaClone), viaJson);
    expect(Object.entries(total.actions).sort()).toEqual(AWKWARD.map((k) => [k, 2]).sort());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
