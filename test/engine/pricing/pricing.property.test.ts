/**
 * Properties of every billing rule, over random plans and usage: bills grow with usage, prepaid
 * packs never beat metered credits, and a period's invoices are exactly its months.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roundMicrosToCents } from '../../../engine/money.js';
import { countConversations } from '../../../engine/pricing/conversations.js';
import { FlatRateSchema, flatRate } from '../../../engine/pricing/flat-rate.js';
import { FlexCreditsSchema, flexCredits, type FlexCreditsPlan } from '../../../engine/pricing/flex-credits.js';
import type { MonthlyBill, MonthUsage, PricingModel } from '../../../engine/pricing/model.js';
import { PerConversationSchema, perConversation } from '../../../engine/pricing/per-conversation.js';
import type { Plan } from '../../../engine/pricing/plans.js';

const HALF_CENT = 5_000;
const MONTHS = Array.from({ length: 36 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);

const dollars = (maxCents: number) => fc.integer({ min: 0, max: maxCents }).map((c) => c / 100);

const flexPlan = (billing: 'metered' | 'packs') =>
  fc
    .record({
      credits: fc.integer({ min: 1, max: 200_000 }),
      usd: dollars(200_000),
      freeCredits: fc.option(fc.nat(300_000), { nil: undefined }),
      includedCreditsPerYear: fc.option(fc.nat(3_000_000), { nil: undefined }),
      termMonths: fc.integer({ min: 1, max: 24 }),
    })
    .map(({ credits, usd, ...rest }) => flex({ pack: { credits, usd }, billing, ...rest }));

function flex(extra: Record<string, unknown>): FlexCreditsPlan {
  return FlexCreditsSchema.parse({
    id: 'f', name: 'F', model: 'flex-credits', creditsPerAction: { production: 20, sandbox: 16 }, ...extra,
  });
}

const conversationPlan = dollars(1_000).map((usdPerConversation) =>
  PerConversationSchema.parse({ id: 'c', name: 'C', model: 'per-conversation', usdPerConversation }));

// Tiers whose fee grows with their allowance, as every vendor's do.
const flatPlan = fc
  .record({
    fees: fc.array(dollars(500_000), { minLength: 1, maxLength: 4 }),
    allowances: fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 4, maxLength: 4 }),
    overage: fc.oneof(fc.constant('next-tier'), fc.constant('cap'), dollars(500).map((usdPerInteraction) => ({ usdPerInteraction }))),
    pick: fc.nat(),
  })
  .map(({ fees, allowances, overage, pick }) => {
    const sortedFees = [...fees].sort((a, b) => a - b);
    const sortedAllowances = allowances.slice(0, fees.length).sort((a, b) => a - b);
    const tiers = sortedFees.map((usdPerMonth, i) => ({ name: `T${i}`, usdPerMonth, includedInteractions: sortedAllowances[i] }));
    return FlatRateSchema.parse({ id: 'r', name: 'R', model: 'flat-rate', tiers, overage, tier: tiers[pick % tiers.length].name });
  });

const FLEX = flexCredits as PricingModel<Plan>;
const CONVERSATIONS = perConversation as PricingModel<Plan>;
const FLAT = flatRate as PricingModel<Plan>;

interface Case { model: PricingModel<Plan>; plan: fc.Arbitrary<Plan>; unit: string }
const CASES: [string, Case][] = [
  ['flex-credits metered', { model: FLEX, plan: flexPlan('metered'), unit: 'credits' }],
  ['flex-credits packs', { model: FLEX, plan: flexPlan('packs'), unit: 'credits' }],
  ['per-conversation', { model: CONVERSATIONS, plan: conversationPlan, unit: 'conversations' }],
  ['flat-rate', { model: FLAT, plan: flatPlan, unit: 'interactions' }],
];

/** Monthly volumes for the first n months, plus a non-negative extra for each. */
const volumes = (max: number) =>
  fc.integer({ min: 1, max: MONTHS.length }).chain((n) =>
    fc.record({ base: fc.array(fc.nat(max), { minLength: n, maxLength: n }), extra: fc.array(fc.nat(max), { minLength: n, maxLength: n }) }));

function usage(unit: string, counts: number[]): MonthUsage[] {
  return counts.map((n, i) => ({ month: MONTHS[i], tickets: n, units: { [unit]: n } }));
}

function bill(model: PricingModel<Plan>, plan: Plan, unit: string, counts: number[]): MonthlyBill[] {
  return model.bill(usage(unit, counts), plan, { environment: 'production', months: MONTHS.slice(0, counts.length) });
}

const total = (bills: MonthlyBill[]) => bills.reduce((s, b) => s + b.micros, 0);

describe.each(CASES)('%s', (_, { model, plan, unit }) => {
  it('never bills less when usage grows', () => {
    fc.assert(
      fc.property(plan, volumes(300_000), (p, { base, extra }) => {
        const more = base.map((n, i) => n + extra[i]);
        expect(total(bill(model, p, unit, more))).toBeGreaterThanOrEqual(total(bill(model, p, unit, base)));
      }),
    );
  });

  it('returns one invoice per month, in order, each in whole cents and the rounded sum of its lines', () => {
    fc.assert(
      fc.property(plan, volumes(300_000), (p, { base }) => {
        const bills = bill(model, p, unit, base);
        expect(bills.map((b) => b.month)).toEqual(MONTHS.slice(0, base.length));
        for (const b of bills) {
          expect(b.micros % 10_000).toBe(0);
          expect(b.micros).toBe(roundMicrosToCents(b.lines.reduce((s, l) => s + l.micros, 0)));
        }
      }),
    );
  });

  it('does not depend on the order or the splitting of usage records', () => {
    fc.assert(
      fc.property(plan, volumes(300_000), (p, { base }) => {
        const months = MONTHS.slice(0, base.length);
        const split = usage(unit, base).flatMap((u) => [
          { ...u, units: { [unit]: Math.floor(u.units[unit] / 2) } },
          { ...u, units: { [unit]: Math.ceil(u.units[unit] / 2) } },
        ]);
        expect(model.bill(split.reverse(), p, { environment: 'production', months })).toEqual(bill(model, p, unit, base));
      }),
    );
  });
});

describe('stateless billing: the period is the concatenation of its months', () => {
  const stateless: [string, PricingModel<Plan>, fc.Arbitrary<Plan>, string][] = [
    ['per-conversation', CONVERSATIONS, conversationPlan, 'conversations'],
    ['flat-rate', FLAT, flatPlan, 'interactions'],
    ['flex-credits metered, no allowances', FLEX, flexPlan('metered').map(({ freeCredits, includedCreditsPerYear, ...p }) => p), 'credits'],
  ];
  it.each(stateless)('%s', (_, model, plan, unit) => {
    fc.assert(
      fc.property(plan, volumes(300_000), (p, { base }) => {
        const whole = bill(model, p, unit, base);
        const oneByOne = base.map((n, i) => {
          const month = { month: MONTHS[i], tickets: n, units: { [unit]: n } };
          return model.bill([month], p, { environment: 'production', months: [MONTHS[i]] })[0];
        });
        expect(whole).toEqual(oneByOne);
        expect(total(whole)).toBe(total(oneByOne));
      }),
    );
  });
});

describe('flex-credits: prepaid packs never cost less than metered credits for the same usage', () => {
  it('when every month is a whole number of cents (a credit priced in whole cents)', () => {
    const plans = fc
      .record({
        credits: fc.integer({ min: 1, max: 200_000 }),
        centsPerCredit: fc.integer({ min: 1, max: 5 }),
        freeCredits: fc.nat(300_000),
        termMonths: fc.integer({ min: 1, max: 24 }),
      })
      .map(({ credits, centsPerCredit, ...rest }) => ({ pack: { credits, usd: (credits * centsPerCredit) / 100 }, ...rest }));
    fc.assert(
      fc.property(plans, volumes(300_000), (extra, { base }) => {
        const metered = total(bill(FLEX, flex({ ...extra, billing: 'metered' }), 'credits', base));
        const packs = total(bill(FLEX, flex({ ...extra, billing: 'packs' }), 'credits', base));
        expect(packs).toBeGreaterThanOrEqual(metered);
      }),
    );
  });

  it('at the catalogue rates (20 credits an action, $500 per 100,000)', () => {
    const actions = fc.integer({ min: 1, max: MONTHS.length }).chain((n) => fc.array(fc.nat(20_000), { minLength: n, maxLength: n }));
    fc.assert(
      fc.property(fc.nat(300_000), fc.integer({ min: 1, max: 24 }), actions, (freeCredits, termMonths, perMonth) => {
        const credits = perMonth.map((a) => a * 20);
        const common = { pack: { credits: 100_000, usd: 500 }, freeCredits, termMonths };
        const metered = total(bill(FLEX, flex({ ...common, billing: 'metered' }), 'credits', credits));
        const packs = total(bill(FLEX, flex({ ...common, billing: 'packs' }), 'credits', credits));
        expect(packs).toBeGreaterThanOrEqual(metered);
      }),
    );
  });

  it('at any price, up to the half cent each metered month may round up', () => {
    // Metered months round to the cent; a term whose packs are used up exactly can then cost a
    // cent more metered (1 credit + 99,999 credits at $0.005 → $0.01 + $500.00 vs one $500 pack).
    const [one, rest] = [1, 99_999];
    const exact = { pack: { credits: 100_000, usd: 500 } };
    const m = total(bill(FLEX, flex({ ...exact, billing: 'metered' }), 'credits', [one, rest]));
    const p = total(bill(FLEX, flex({ ...exact, billing: 'packs' }), 'credits', [one, rest]));
    expect([m, p]).toEqual([500_010_000, 500_000_000]);
    fc.assert(
      fc.property(flexPlan('metered'), volumes(300_000), (metered, { base }) => {
        const packs = { ...metered, billing: 'packs' as const };
        const gap = total(bill(FLEX, metered, 'credits', base)) - total(bill(FLEX, packs, 'credits', base));
        expect(gap).toBeLessThanOrEqual(base.length * HALF_CENT);
      }),
    );
  });
});

describe('countConversations', () => {
  const turns = fc.array(fc.integer({ min: 0, max: 30 * 86_400_000 }), { maxLength: 40 });
  const hours = fc.integer({ min: 1, max: 72 });

  it('is at least 1, at most the number of turns, and ignores their order', () => {
    fc.assert(
      fc.property(turns, hours, (t, h) => {
        const n = countConversations(t, h);
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(Math.max(1, t.length));
        expect(countConversations([...t].reverse(), h)).toBe(n);
      }),
    );
  });

  it('never counts fewer conversations when a turn is added', () => {
    fc.assert(
      fc.property(turns, fc.integer({ min: 0, max: 30 * 86_400_000 }), hours, (t, extra, h) => {
        expect(countConversations([...t, extra], h)).toBeGreaterThanOrEqual(countConversations(t, h));
      }),
    );
  });
});
