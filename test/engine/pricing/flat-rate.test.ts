import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FlatRateSchema, flatRate, type FlatRatePlan } from '../../../engine/pricing/flat-rate.js';
import type { MonthUsage } from '../../../engine/pricing/model.js';
import { messages } from '../../../engine/messages.js';
import { expectConsistentInvoice } from '../../helpers/invoice.js';

const USD = 1_000_000;
const PROD = { environment: 'production' as const };
const TIERS = [
  { name: 'Business', usdPerMonth: 639, includedInteractions: 3000 },
  { name: 'Team', usdPerMonth: 239, includedInteractions: 1000 },
];

function plan(overage: unknown, extra: Record<string, unknown> = {}): FlatRatePlan {
  return FlatRateSchema.parse({ id: 'flat', name: 'Flat', model: 'flat-rate', tiers: TIERS, overage, ...extra });
}

const PROMO = { name: 'Promo', usdPerMonth: 199, includedInteractions: 2000 };

/** Bills one month per volume given. */
function bill(p: FlatRatePlan, volumes: number[]) {
  const months = volumes.map((_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
  const usage: MonthUsage[] = volumes.map((v, i) => ({ month: months[i], tickets: v, units: { interactions: v } }));
  return flatRate.bill(usage, p, { environment: 'production', months });
}

describe('flat-rate schema', () => {
  it('sorts tiers by allowance and subscribes to the smallest by default', () => {
    const p = plan('cap');
    expect(p.tiers.map((t) => t.name)).toEqual(['Team', 'Business']);
    expect(p.tier).toBe('Team');
    expect(plan('cap', { tier: 'Business' }).tier).toBe('Business');
  });

  it('rejects an unknown tier, duplicate tier names, a bad overage and negative prices', () => {
    const issue = (extra: Record<string, unknown>, overage: unknown = 'cap') =>
      FlatRateSchema.safeParse({ id: 'f', name: 'F', model: 'flat-rate', tiers: TIERS, overage, ...extra }).error?.issues[0];
    expect(issue({ tier: 'Gold' })).toMatchObject({ path: ['tier'], message: messages.unknownTier('Gold', ['Business', 'Team']) });
    expect(issue({ tiers: [...TIERS, TIERS[1]] })).toMatchObject({ path: ['tiers', 2, 'name'], message: messages.duplicateTier('Team') });
    expect(issue({}, 'upgrade')).toMatchObject({ path: ['overage'], message: messages.flatRateOverage() });
    expect(issue({}, { usdPerInteraction: -1 })).toMatchObject({ path: ['overage', 'usdPerInteraction'] });
    expect(issue({ tiers: [{ name: 'T', usdPerMonth: -1, includedInteractions: 10 }] })).toMatchObject({ path: ['tiers', 0, 'usdPerMonth'] });
    expect(issue({ tiers: [{ name: 'T', usdPerMonth: 1, includedInteractions: 0 }] })).toMatchObject({ path: ['tiers', 0, 'includedInteractions'] });
  });
});

describe('flat-rate meter and ticket price', () => {
  it('meters AI replies as interactions and prices them at the tier fee ÷ its allowance', () => {
    const units = flatRate.meter({ channel: 'chat', actions: ['Get Cases'], customerTurns: [0, 1], aiReplies: 3, resolution: 'handoff' }, plan('cap'), PROD);
    expect(units).toEqual({ interactions: 3 });
    expect(flatRate.ticketMicros(units, plan('cap'), PROD)).toBe(717_000); // 3 × $239 / 1,000
    expect(flatRate.ticketMicros(units, plan('cap', { tier: 'Business' }), PROD)).toBe(639_000); // 3 × $639 / 3,000
  });
});

describe('flat-rate billing', () => {
  it('charges the tier fee in every month, including months with no tickets', () => {
    const bills = bill(plan('cap'), [0, 400, 1000]);
    expect(bills.map((b) => b.micros)).toEqual([239 * USD, 239 * USD, 239 * USD]);
    expect(bills[0]).toMatchObject({ units: { interactions: 0 }, details: { tier: 'Team', includedInteractions: 1000, cappedInteractions: 0 } });
    const none = flatRate.bill([], plan('cap'), { environment: 'production', months: ['2025-01', '2025-02'] });
    expect(none.map((b) => [b.month, b.micros])).toEqual([['2025-01', 239 * USD], ['2025-02', 239 * USD]]);
  });

  it('overage per interaction: the fee plus the interactions over the allowance', () => {
    const bills = bill(plan({ usdPerInteraction: 0.25 }), [1000, 1200]);
    expect(bills.map((b) => b.micros)).toEqual([239 * USD, 289 * USD]);
    expect(bills[1].details).toEqual({ tier: 'Team', includedInteractions: 1000, overageInteractions: 200 });
    expect(bills[1].lines).toEqual([
      { label: 'Team tier', quantity: 1, micros: 239 * USD },
      { label: 'Interactions over the allowance', quantity: 200, micros: 50 * USD },
    ]);
  });

  it('cap: the fee only, reporting the interactions that went to humans', () => {
    const [month] = bill(plan('cap'), [1200]);
    expect(month.micros).toBe(239 * USD);
    expect(month.details).toEqual({ tier: 'Team', includedInteractions: 1000, cappedInteractions: 200 });
    expect(month.units).toEqual({ interactions: 1200 });
  });

  it('next-tier: the smallest tier that covers the month, then copies of the largest', () => {
    const bills = bill(plan('next-tier'), [999, 1000, 1001, 3000, 3001, 7000]);
    expect(bills.map((b) => b.micros / USD)).toEqual([239, 239, 639, 639, 1278, 1917]);
    expect(bills.map((b) => b.details.tier)).toEqual(['Team', 'Team', 'Business', 'Business', 'Business ×2', 'Business ×3']);
    expect(bills[5].details).toEqual({ tier: 'Business ×3', includedInteractions: 9000, tierCopies: 3 });
    expect(bills[5].lines).toEqual([{ label: 'Business tier', quantity: 3, micros: 1917 * USD }]);
  });

  it('next-tier never bills below the subscribed tier', () => {
    const bills = bill(plan('next-tier', { tier: 'Business' }), [0, 500]);
    expect(bills.map((b) => [b.details.tier, b.micros / USD])).toEqual([['Business', 639], ['Business', 639]]);
  });

  it('a fixed larger tier includes its own allowance', () => {
    const [month] = bill(plan({ usdPerInteraction: 0.25 }, { tier: 'Business' }), [3100]);
    expect(month.micros).toBe(664 * USD); // $639 + 100 × $0.25
  });
});

describe('flat-rate tier: auto', () => {
  const auto = (overage: unknown, extra: Record<string, unknown> = {}) => plan(overage, { tier: 'auto', ...extra });

  it('is accepted and kept; a tier named "auto" is rejected, naming it', () => {
    expect(auto('cap').tier).toBe('auto');
    expect(auto('cap').tiers.map((t) => t.name)).toEqual(['Team', 'Business']);
    const result = FlatRateSchema.safeParse({
      id: 'f', name: 'F', model: 'flat-rate', overage: 'cap', tiers: [...TIERS, { name: 'auto', usdPerMonth: 1, includedInteractions: 5 }],
    });
    expect(result.error?.issues[0]).toMatchObject({ path: ['tiers', 2, 'name'], message: messages.autoTierName() });
  });

  it('bills each month at the cheapest tier that covers it, then copies of the largest under next-tier', () => {
    const bills = bill(auto('next-tier'), [0, 1000, 1001, 3000, 3001, 6000, 6001]);
    expect(bills.map((b) => b.micros / USD)).toEqual([239, 239, 639, 639, 1278, 1278, 1917]);
    expect(bills.map((b) => b.details.tier)).toEqual(['Team', 'Team', 'Business', 'Business', 'Business ×2', 'Business ×2', 'Business ×3']);
    expect(bills[4].details).toEqual({ tier: 'Business ×2', includedInteractions: 6000, tierCopies: 2 });
  });

  it('chooses by fee, not by allowance: a cheaper tier with a larger allowance wins', () => {
    const p = auto('next-tier', { tiers: [...TIERS, PROMO] });
    const bills = bill(p, [0, 1000, 2000, 2001]);
    expect(bills.map((b) => [b.details.tier, b.micros / USD])).toEqual([['Promo', 199], ['Promo', 199], ['Promo', 199], ['Business', 639]]);
  });

  it('beyond the largest allowance, uses the cheapest of the tiers that share it', () => {
    const tiers = [{ name: 'Gold', usdPerMonth: 900, includedInteractions: 3000 }, { name: 'Silver', usdPerMonth: 700, includedInteractions: 3000 }];
    const bills = bill(plan('next-tier', { tiers, tier: 'auto' }), [3000, 3001]);
    expect(bills.map((b) => [b.details.tier, b.micros / USD])).toEqual([['Silver', 700], ['Silver ×2', 1400]]);
  });

  it('overage per interaction: only beyond the largest tier (1,001 moves to Business rather than paying overage on Team)', () => {
    const bills = bill(auto({ usdPerInteraction: 0.25 }), [1000, 1001, 3000, 3100]);
    expect(bills.map((b) => b.micros / USD)).toEqual([239, 639, 639, 664]); // 3,100: $639 + 100 × $0.25
    expect(bills[3].details).toEqual({ tier: 'Business', includedInteractions: 3000, overageInteractions: 100 });
    expect(bills[3].invoice).toEqual({
      unit: 'interactions', usage: 3100, included: 3000, overage: 100, packsBought: 0, balanceCarried: 0, feesMicros: 639 * USD, usageMicros: 25 * USD,
    });
  });

  it('cap: the largest tier, capping what it cannot cover', () => {
    const bills = bill(auto('cap'), [999, 2999, 3000, 3001]);
    expect(bills.map((b) => [b.details.tier, b.micros / USD, b.details.cappedInteractions])).toEqual([
      ['Team', 239, 0], ['Business', 639, 0], ['Business', 639, 0], ['Business', 639, 1],
    ]);
  });

  it('prices a ticket at the rate of the tier an empty month is billed at', () => {
    expect(flatRate.ticketMicros({ interactions: 3 }, auto('cap'), PROD)).toBe(717_000); // 3 × $239 / 1,000
    expect(flatRate.ticketMicros({ interactions: 3 }, auto('cap', { tiers: [...TIERS, PROMO] }), PROD)).toBe(298_500); // 3 × $199 / 2,000
  });

  it('under next-tier, never bills more than subscribing to any one tier', () => {
    const tiers = fc.array(fc.record({ cents: fc.nat(100_000), allowance: fc.integer({ min: 1, max: 5_000 }) }), { minLength: 1, maxLength: 4 })
      .map((list) => list.map(({ cents, allowance }, i) => ({ name: `T${i}`, usdPerMonth: cents / 100, includedInteractions: allowance })));
    fc.assert(
      fc.property(tiers, fc.nat(20_000), (list, volume) => {
        const [autoMonth] = bill(plan('next-tier', { tiers: list, tier: 'auto' }), [volume]);
        for (const t of list) expect(autoMonth.micros).toBeLessThanOrEqual(bill(plan('next-tier', { tiers: list, tier: t.name }), [volume])[0].micros);
      }),
    );
  });
});

describe('flat-rate billing: annual', () => {
  const annual = (overage: unknown, extra: Record<string, unknown> = {}) => plan(overage, { billing: 'annual', annualDiscountPercent: 20, ...extra });

  it('defaults to monthly billing with no discount, and rejects out-of-range values naming the field', () => {
    expect(plan('cap')).toMatchObject({ billing: 'monthly', annualDiscountPercent: 0 });
    const issue = (extra: Record<string, unknown>) =>
      FlatRateSchema.safeParse({ id: 'f', name: 'F', model: 'flat-rate', tiers: TIERS, overage: 'cap', ...extra }).error?.issues[0].path;
    expect(issue({ annualDiscountPercent: 101 })).toEqual(['annualDiscountPercent']);
    expect(issue({ annualDiscountPercent: -1 })).toEqual(['annualDiscountPercent']);
    expect(issue({ billing: 'quarterly' })).toEqual(['billing']);
    expect(issue({ annualDiscountPercent: 100, billing: 'annual' })).toBeUndefined();
  });

  it('takes the discount off every tier fee, copies included (20%: $239 → $191.20, $639 → $511.20)', () => {
    const bills = bill(annual('next-tier'), [0, 1000, 1001, 3000, 3001]);
    expect(bills.map((b) => b.micros)).toEqual([191_200_000, 191_200_000, 511_200_000, 511_200_000, 1_022_400_000]);
    expect(bills[0].lines).toEqual([{ label: 'Team tier, billed annually (20% off)', quantity: 1, micros: 191_200_000 }]);
    expect(bills[0].details).toEqual({ tier: 'Team', includedInteractions: 1000, tierCopies: 1, annualDiscountPercent: 20 });
    expect(bills[0].invoice).toMatchObject({ feesMicros: 191_200_000, usageMicros: 0 });
  });

  it('does not discount overage', () => {
    const bills = bill(annual({ usdPerInteraction: 0.25 }), [1000, 1200]);
    expect(bills.map((b) => b.micros)).toEqual([191_200_000, 241_200_000]); // $191.20 + 200 × $0.25
    expect(bills[1].invoice).toMatchObject({ feesMicros: 191_200_000, usageMicros: 50 * USD, included: 1000, overage: 200 });
  });

  it('ignores the discount under monthly billing; 0% and 100% are the bounds', () => {
    expect(bill(plan('cap', { annualDiscountPercent: 20 }), [10])[0].micros).toBe(239 * USD);
    const none = bill(annual('cap', { annualDiscountPercent: 0 }), [10])[0];
    expect([none.micros, none.lines[0].label]).toEqual([239 * USD, 'Team tier, billed annually']);
    expect(bill(annual({ usdPerInteraction: 0.25 }, { annualDiscountPercent: 100 }), [1200])[0].micros).toBe(50 * USD);
  });

  it('keeps the discounted fee exact and rounds the month once (12.5% of $239 → $209.125 → $209.13)', () => {
    const [month] = bill(annual('cap', { annualDiscountPercent: 12.5 }), [0]);
    expect(month.lines[0].micros).toBe(209_125_000);
    expect(month.micros).toBe(209_130_000);
  });

  it('combines with auto: the cheapest covering tier, discounted', () => {
    const bills = bill(annual('next-tier', { tier: 'auto' }), [1000, 1001]);
    expect(bills.map((b) => [b.details.tier, b.micros])).toEqual([['Team', 191_200_000], ['Business', 511_200_000]]);
  });

  it('prices a ticket at the discounted rate', () => {
    expect(flatRate.ticketMicros({ interactions: 3 }, annual('cap'), PROD)).toBe(573_600); // 3 × $191.20 / 1,000
  });
});

describe('flat-rate properties', () => {
  const plans = fc
    .record({
      fees: fc.array(fc.nat(500_000), { minLength: 1, maxLength: 4 }),
      allowances: fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 4, maxLength: 4 }),
      overage: fc.oneof(fc.constant('next-tier'), fc.constant('cap'), fc.nat(500).map((c) => ({ usdPerInteraction: c / 100 }))),
      pick: fc.nat(4),
      billing: fc.constantFrom('monthly', 'annual'),
      annualDiscountPercent: fc.integer({ min: 0, max: 1000 }).map((n) => n / 10),
    })
    .map(({ fees, allowances, overage, pick, ...rest }) => {
      // Fees grow with the allowance, as every vendor's do (auto does not need it).
      const sortedFees = [...fees].sort((a, b) => a - b);
      const sortedAllowances = allowances.slice(0, fees.length).sort((a, b) => a - b);
      const tiers = sortedFees.map((cents, i) => ({ name: `T${i}`, usdPerMonth: cents / 100, includedInteractions: sortedAllowances[i] }));
      return plan(overage, { tiers, tier: pick < tiers.length ? tiers[pick].name : 'auto', ...rest });
    });
  const volumes = fc.array(fc.nat(30_000), { minLength: 1, maxLength: 12 });

  it('never bills less when usage grows; each invoice is its lines, fees first, rounded once', () => {
    fc.assert(
      fc.property(plans, volumes, volumes, (p, base, extra) => {
        const less = bill(p, base);
        const more = bill(p, base.map((n, i) => n + (extra[i] ?? 0)));
        less.forEach((b, i) => {
          expect(more[i].micros).toBeGreaterThanOrEqual(b.micros);
          expectConsistentInvoice(b, true);
        });
      }),
    );
  });

  it('annual billing never costs more than monthly', () => {
    fc.assert(
      fc.property(plans, volumes, (p, base) => {
        const total = (q: FlatRatePlan) => bill(q, base).reduce((s, b) => s + b.micros, 0);
        expect(total({ ...p, billing: 'annual' })).toBeLessThanOrEqual(total({ ...p, billing: 'monthly' }));
      }),
    );
  });
});
