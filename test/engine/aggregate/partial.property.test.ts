import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyPartial, mergePartials, type Partial } from '../../../engine/aggregate/partial.js';

const counts = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'Get Cases', 'x\u0001y'), fc.nat(1000));
const partial: fc.Arbitrary<Partial> = fc
  .record({
    tickets: fc.nat(1000),
    aiResolved: fc.nat(1000),
    handedOff: fc.nat(1000),
    firstAt: fc.option(fc.nat(1e12), { nil: null }),
    lastAt: fc.option(fc.nat(1e12), { nil: null }),
    handoffReasons: counts,
    actions: counts,
    intents: counts,
    channels: counts,
    months: fc.dictionary(fc.constantFrom('2025-01', '2025-02'), fc.record({ tickets: fc.nat(99), aiResolved: fc.nat(99), handedOff: fc.nat(99) })),
    days: fc.dictionary(fc.constantFrom('2025-01-01', '2025-01-31', '2025-02-14'), fc.nat(99)),
    plans: fc.array(
      fc.record({
        usage: fc.dictionary(fc.constantFrom('2025-01', '2025-02'), counts),
        daily: fc.dictionary(fc.constantFrom('2025-01-01', '2025-01-31', '2025-02-14'), counts),
        byResolution: fc.record({ ai: counts, handoff: counts }),
        byChannel: fc.dictionary(fc.constantFrom('email', 'chat'), counts),
        tags: fc.dictionary(fc.constantFrom('group\u0001a\u00012025-01', 'intent\u0001b\u00012025-02'), fc.record({ tickets: fc.nat(99), weight: fc.nat(1e6), handoffs: fc.nat(99) })),
        histogram: counts,
      }),
      { minLength: 2, maxLength: 2 },
    ),
  });

/** Key order does not matter to the result; compare canonical JSON. */
const canon = (p: Partial) => JSON.stringify(p, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort((x, y) => (x[0] < y[0] ? -1 : 1))) : v));

describe('mergePartials', () => {
  it('is commutative', () => {
    fc.assert(fc.property(partial, partial, (a, b) => {
      expect(canon(mergePartials(a, b))).toBe(canon(mergePartials(b, a)));
    }));
  });

  it('is associative', () => {
    fc.assert(
      fc.property(partial, partial, partial, (a, b, c) => {
        expect(canon(mergePartials(mergePartials(a, b), c))).toBe(canon(mergePartials(a, mergePartials(b, c))));
      }),
    );
  });

  it('has the empty partial as identity and leaves its inputs unchanged', () => {
    fc.assert(
      fc.property(partial, (a) => {
        const before = canon(a);
        expect(canon(mergePartials(a, emptyPartial(2)))).toBe(before);
        expect(canon(a)).toBe(before);
      }),
    );
  });
});
