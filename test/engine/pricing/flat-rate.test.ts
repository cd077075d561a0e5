import { describe, expect, it } from 'vitest';
import { FlatRateSchema, flatRate, type FlatRatePlan } from '../../../engine/pricing/flat-rate.js';
import type { MonthUsage } from '../../../engine/pricing/model.js';
import { messages } from '../../../engine/messages.js';

const USD = 1_000_000;
const PROD = { environment: 'production' as const };
const TIERS = [
  { name: 'Business', usdPerMonth: 639, includedInteractions: 3000 },
  { name: 'Team', usdPerMonth: 239, includedInteractions: 1000 },
];

function plan(overage: unknown, extra: Record<string, unknown> = {}): FlatRatePlan {
  return FlatRateSchema.parse({ id: 'flat', name: 'Flat', model: 'flat-rate', tiers: TIERS, overage, ...extra });
}

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
