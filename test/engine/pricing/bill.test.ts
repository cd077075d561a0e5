import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateCents, monthRange } from '../../../engine/pricing/bill.js';

describe('monthRange', () => {
  it('lists every month between two months, across years', () => {
    expect(monthRange('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthRange('2025-03', '2025-03')).toEqual(['2025-03']);
  });
});

describe('allocateCents', () => {
  it('splits by weight with the largest remainder', () => {
    expect(allocateCents(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateCents(1000, [3, 1])).toEqual([750, 250]);
    expect(allocateCents(5, [0, 0])).toEqual([3, 2]);
  });

  it('always adds up to the total, in whole cents, never negative', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.array(fc.nat(1_000_000), { minLength: 1, maxLength: 30 }), (total, weights) => {
        const shares = allocateCents(total, weights);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(shares.every((s) => Number.isInteger(s) && s >= 0)).toBe(true);
      }),
    );
  });
});
