import { describe, expect, it } from 'vitest';
import { FlexCreditsSchema, flexCredits, type FlexCreditsPlan } from '../../../engine/pricing/flex-credits.js';
import type { BillContext, MeterInput, MonthUsage } from '../../../engine/pricing/model.js';
import type { Channel } from '../../../engine/ticket.js';

const USD = 1_000_000;

function plan(extra: Record<string, unknown> = {}): FlexCreditsPlan {
  return FlexCreditsSchema.parse({
    id: 'flex', name: 'Flex', model: 'flex-credits',
    creditsPerAction: { production: 20, sandbox: 16, voice: 30 },
    pack: { credits: 100_000, usd: 500 },
    billing: 'metered',
    ...extra,
  });
}

function ticket(actions: string[], channel: Channel = 'chat'): MeterInput {
  return { channel, actions, customerTurns: [0], aiReplies: 1, resolution: 'ai' };
}

const PROD = { environment: 'production' as const };
const SANDBOX = { environment: 'sandbox' as const };

// The SPEC's seed scenarios.
const SIMPLE_CASE = ['Identify Customer', 'Get Cases', 'Add Comment'];
const FIELD_SERVICE = [
  'Identify Customer', 'Get Work Types', 'Get Time Slots', 'Get Time Slots', 'Schedule Appointment', 'Answer Question with Knowledge',
];
const ONBOARDING = ['Answer Question with Knowledge'];

/** Credits per month, in order, as bill() receives them. */
function usage(months: string[], credits: number[]): MonthUsage[] {
  return months.map((month, i) => ({ month, tickets: 1, units: { actions: credits[i] / 20, credits: credits[i] } }));
}

function months(n: number): BillContext {
  const list = Array.from({ length: n }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
  return { environment: 'production', months: list };
}

describe('flex-credits meter and ticket price: the seed figures', () => {
  it.each([
    ['Simple Case Management', SIMPLE_CASE, 3, 60, 0.3],
    ['Field Service Appointment', FIELD_SERVICE, 6, 120, 0.6],
    ['Employee Onboarding Query', ONBOARDING, 1, 20, 0.1],
  ])('%s: %i actions = %i credits = $%d', (_, actions, n, credits, usd) => {
    const units = flexCredits.meter(ticket(actions), plan(), PROD);
    expect(units).toEqual({ actions: n, credits });
    expect(flexCredits.ticketMicros(units, plan(), PROD)).toBe(usd * USD);
  });

  it('meters 16 credits an action in a sandbox', () => {
    expect(flexCredits.meter(ticket(SIMPLE_CASE), plan(), SANDBOX)).toEqual({ actions: 3, credits: 48 });
    expect(flexCredits.meter(ticket(FIELD_SERVICE), plan(), SANDBOX)).toEqual({ actions: 6, credits: 96 });
    expect(flexCredits.meter(ticket(ONBOARDING), plan(), SANDBOX)).toEqual({ actions: 1, credits: 16 });
  });

  it('bills the three together at 200 credits = $1.00, or 160 credits = $0.80 in a sandbox', () => {
    const prod = [SIMPLE_CASE, FIELD_SERVICE, ONBOARDING].reduce((s, a) => s + flexCredits.meter(ticket(a), plan(), PROD).credits, 0);
    const sandbox = [SIMPLE_CASE, FIELD_SERVICE, ONBOARDING].reduce((s, a) => s + flexCredits.meter(ticket(a), plan(), SANDBOX).credits, 0);
    expect([prod, sandbox]).toEqual([200, 160]);
    const ctx = { environment: 'production' as const, months: ['2025-03'] };
    expect(flexCredits.bill(usage(['2025-03'], [200]), plan(), ctx)[0].micros).toBe(1 * USD);
    expect(flexCredits.bill(usage(['2025-03'], [160]), plan(), { ...ctx, environment: 'sandbox' })[0].micros).toBe(0.8 * USD);
  });
});

describe('flex-credits meter', () => {
  it('does not meter escalation, setting variables or switching topic', () => {
    const actions = ['Identify Customer', 'Set Variable', 'Switch Topic', 'Get Cases', 'Escalate to Human'];
    expect(flexCredits.meter(ticket(actions), plan(), PROD)).toEqual({ actions: 2, credits: 40 });
    expect(flexCredits.meter(ticket(['Escalate to Human']), plan(), PROD)).toEqual({ actions: 0, credits: 0 });
  });

  it('charges the voice rate on the voice channel in production only', () => {
    expect(flexCredits.meter(ticket(SIMPLE_CASE, 'voice'), plan(), PROD)).toEqual({ actions: 3, credits: 90 });
    expect(flexCredits.meter(ticket(SIMPLE_CASE, 'voice'), plan(), SANDBOX)).toEqual({ actions: 3, credits: 48 });
    expect(flexCredits.meter(ticket(SIMPLE_CASE, 'phone'), plan(), PROD)).toEqual({ actions: 3, credits: 60 });
  });

  it('falls back to the production rate on voice when the plan has no voice rate', () => {
    const noVoice = plan({ creditsPerAction: { production: 20, sandbox: 16 } });
    expect(flexCredits.meter(ticket(SIMPLE_CASE, 'voice'), noVoice, PROD)).toEqual({ actions: 3, credits: 60 });
  });
});

describe('flex-credits metered billing', () => {
  it('bills credits monthly at the pack rate, one invoice per month, zero for months without usage', () => {
    const ctx = months(3);
    const bills = flexCredits.bill([{ month: '2025-03', tickets: 5, units: { actions: 10, credits: 200 } }], plan(), ctx);
    expect(bills.map((b) => [b.month, b.micros])).toEqual([['2025-01', 0], ['2025-02', 0], ['2025-03', 1 * USD]]);
    expect(bills[0].units).toEqual({ actions: 0, credits: 0 });
    expect(bills[2].lines).toEqual([{ label: 'Flex Credits beyond allowances', quantity: 200, micros: 1 * USD }]);
  });

  it('rounds each month to whole cents, keeping lines exact', () => {
    // 1 credit = $0.005 → the month rounds half-up to $0.01; 3 credits = $0.015 → $0.02.
    const bills = flexCredits.bill(usage(['2025-01', '2025-02'], [1, 3]), plan(), months(2));
    expect(bills.map((b) => b.micros)).toEqual([10_000, 20_000]);
    expect(bills.map((b) => b.lines[0].micros)).toEqual([5_000, 15_000]);
  });

  it('uses free credits first, once', () => {
    const bills = flexCredits.bill(usage(['2025-01', '2025-02'], [60_000, 60_000]), plan({ freeCredits: 100_000 }), months(2));
    expect(bills.map((b) => b.micros)).toEqual([0, 100 * USD]); // 20,000 credits × $0.005
    expect(bills.map((b) => b.details.freeCreditsUsed)).toEqual([60_000, 40_000]);
    expect(bills[1].details).toMatchObject({ creditsUsed: 60_000, creditsBilled: 20_000, packsBought: 0, balanceCarried: 0 });
  });

  it('uses free credits before included credits, and included credits before billing', () => {
    const p = plan({ freeCredits: 10, includedCreditsPerYear: 100 });
    const [bill] = flexCredits.bill(usage(['2025-01'], [200]), p, months(1));
    expect(bill.details).toMatchObject({ freeCreditsUsed: 10, includedCreditsUsed: 100, creditsBilled: 90 });
    expect(bill.micros).toBe(450_000); // 90 × $0.005
  });

  it('grants included credits per term (pro-rated) and lets the unused ones expire at its end', () => {
    // 120,000 a year on 6-month terms: 60,000 each term.
    const p = plan({ includedCreditsPerYear: 120_000, termMonths: 6 });
    const credits = [50_000, 20_000, 0, 0, 0, 0, 10_000];
    const bills = flexCredits.bill(usage(months(7).months, credits), p, months(7));
    expect(bills.map((b) => b.details.includedCreditsUsed)).toEqual([50_000, 10_000, 0, 0, 0, 0, 10_000]);
    expect(bills.map((b) => b.micros)).toEqual([0, 50 * USD, 0, 0, 0, 0, 0]);
    expect(bills[5].details.creditsExpired).toBe(0);
    const q = plan({ includedCreditsPerYear: 120_000, termMonths: 2 }); // 20,000 a term
    const qb = flexCredits.bill(usage(months(3).months, [5_000, 0, 0]), q, months(3));
    expect(qb.map((b) => b.details.creditsExpired)).toEqual([0, 15_000, 0]);
  });
});

describe('flex-credits pack billing', () => {
  const packs = (extra: Record<string, unknown> = {}) => plan({ billing: 'packs', ...extra });

  it('buys exactly one pack for 100,000 credits and two for 100,020', () => {
    const [one] = flexCredits.bill(usage(['2025-01'], [100_000]), packs(), months(1));
    expect(one.micros).toBe(500 * USD);
    expect(one.details).toMatchObject({ packsBought: 1, balanceCarried: 0, creditsUsed: 100_000, creditsBilled: 100_000 });
    expect(one.lines).toEqual([{ label: 'Flex Credit packs', quantity: 1, micros: 500 * USD }]);
    const [two] = flexCredits.bill(usage(['2025-01'], [100_020]), packs(), months(1));
    expect(two.micros).toBe(1000 * USD);
    expect(two.details).toMatchObject({ packsBought: 2, balanceCarried: 99_980 });
  });

  it('buys nothing in a month without usage, and nothing while the balance covers it', () => {
    const bills = flexCredits.bill(usage(months(3).months, [20, 0, 99_980]), packs(), months(3));
    expect(bills.map((b) => b.details.packsBought)).toEqual([1, 0, 0]);
    expect(bills.map((b) => b.details.balanceCarried)).toEqual([99_980, 99_980, 0]);
    expect(bills.map((b) => b.micros)).toEqual([500 * USD, 0, 0]);
  });

  it('uses free credits before buying a pack', () => {
    const p = packs({ freeCredits: 100_000 });
    const bills = flexCredits.bill(usage(months(4).months, [60_000, 60_000, 80_000, 20]), p, months(4));
    expect(bills.map((b) => b.details.freeCreditsUsed)).toEqual([60_000, 40_000, 0, 0]);
    expect(bills.map((b) => b.details.packsBought)).toEqual([0, 1, 0, 1]);
    expect(bills.map((b) => b.details.balanceCarried)).toEqual([0, 80_000, 0, 99_980]);
    expect(bills.map((b) => b.micros)).toEqual([0, 500 * USD, 0, 500 * USD]);
  });

  it('carries the balance across months and lets it expire at the end of the term', () => {
    const p = packs({ termMonths: 3 });
    const bills = flexCredits.bill(usage(months(6).months, [20, 20, 20, 20, 0, 0]), p, months(6));
    expect(bills.map((b) => b.details.packsBought)).toEqual([1, 0, 0, 1, 0, 0]);
    expect(bills.map((b) => b.details.balanceCarried)).toEqual([99_980, 99_960, 0, 99_980, 99_980, 0]);
    expect(bills.map((b) => b.details.creditsExpired)).toEqual([0, 0, 99_940, 0, 0, 99_980]);
    expect(bills.reduce((s, b) => s + b.micros, 0)).toBe(1000 * USD);
  });

  it('starts terms at the first month of the period, 12 months by default', () => {
    const bills = flexCredits.bill(usage(months(13).months, [20, ...Array(11).fill(0), 20]), packs(), months(13));
    expect(bills.map((b) => b.details.packsBought)).toEqual([1, ...Array(11).fill(0), 1]);
    expect(bills[11].details.creditsExpired).toBe(99_980);
  });

  it('buys several packs in one month when the month needs them', () => {
    const [bill] = flexCredits.bill(usage(['2025-01'], [250_000]), packs(), months(1));
    expect(bill.details).toMatchObject({ packsBought: 3, balanceCarried: 50_000 });
    expect(bill.micros).toBe(1500 * USD);
  });
});

describe('flex-credits schema', () => {
  it('fills the term and rejects negative prices and fractional credits', () => {
    expect(plan().termMonths).toBe(12);
    expect(FlexCreditsSchema.safeParse({ ...plan(), pack: { credits: 100_000, usd: -500 } }).success).toBe(false);
    expect(FlexCreditsSchema.safeParse({ ...plan(), creditsPerAction: { production: 20.5, sandbox: 16 } }).success).toBe(false);
    expect(FlexCreditsSchema.safeParse({ ...plan(), pack: { credits: 0, usd: 500 } }).success).toBe(false);
    expect(FlexCreditsSchema.safeParse({ ...plan(), billing: 'prepaid' }).success).toBe(false);
  });
});
