import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MeterInput, MonthUsage } from '../../../engine/pricing/model.js';
import { PerUserSchema, perUser, type PerUserPlan } from '../../../engine/pricing/per-user.js';
import type { Channel } from '../../../engine/ticket.js';
import { expectConsistentInvoice } from '../../helpers/invoice.js';

const USD = 1_000_000;
const PROD = { environment: 'production' as const };
const SANDBOX = { environment: 'sandbox' as const };
const METERED = { creditsPerAction: { production: 20, sandbox: 16, voice: 30 }, pack: { credits: 100_000, usd: 500 } };

function plan(extra: Record<string, unknown> = {}): PerUserPlan {
  return PerUserSchema.parse({ id: 'seats', name: 'Agentforce add-on', model: 'per-user', usdPerUserPerMonth: 125, users: 10, ...extra });
}

function ticket(actions: string[], channel: Channel = 'chat'): MeterInput {
  return { channel, actions, customerTurns: [0], aiReplies: 2, resolution: 'ai' };
}

/** Bills one month per credit count given (actions = credits ÷ 20, rounded down). */
function bill(p: PerUserPlan, credits: number[]) {
  const months = credits.map((_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
  const usage: MonthUsage[] = credits.map((c, i) => ({ month: months[i], tickets: 1, units: { actions: Math.floor(c / 20), credits: c } }));
  return perUser.bill(usage, p, { environment: 'production', months });
}

const SIMPLE_CASE = ['Identify Customer', 'Get Cases', 'Add Comment'];

describe('per-user schema', () => {
  it('keeps the price and the seat count, with no metering unless asked', () => {
    expect(plan()).toMatchObject({ model: 'per-user', usdPerUserPerMonth: 125, users: 10 });
    expect(plan().metered).toBeUndefined();
    expect(plan({ metered: METERED }).metered).toEqual(METERED);
  });

  it('rejects a missing or non-positive seat count, a negative price and malformed metering, naming the field', () => {
    const issue = (extra: Record<string, unknown>) =>
      PerUserSchema.safeParse({ id: 's', name: 'S', model: 'per-user', usdPerUserPerMonth: 125, users: 10, ...extra }).error?.issues[0].path;
    expect(issue({ users: 0 })).toEqual(['users']);
    expect(issue({ users: 2.5 })).toEqual(['users']);
    expect(issue({ users: undefined })).toEqual(['users']);
    expect(issue({ usdPerUserPerMonth: -1 })).toEqual(['usdPerUserPerMonth']);
    expect(issue({ seats: 3 })).toEqual([]); // unknown key: reported on the plan itself
    expect(issue({ metered: { ...METERED, pack: { credits: 0, usd: 500 } } })).toEqual(['metered', 'pack', 'credits']);
    expect(issue({ metered: { ...METERED, creditsPerAction: { production: 20 } } })).toEqual(['metered', 'creditsPerAction', 'sandbox']);
    expect(issue({ metered: { pack: METERED.pack } })).toEqual(['metered', 'creditsPerAction']);
  });
});

describe('per-user meter and ticket price', () => {
  it('meters nothing without metering: seats do not depend on tickets', () => {
    const units = perUser.meter(ticket(SIMPLE_CASE), plan(), PROD);
    expect(units).toEqual({});
    expect(perUser.ticketMicros(units, plan(), PROD)).toBe(0);
  });

  it('metered: credits per metered action at the pack rate (3 actions = 60 credits = $0.30)', () => {
    const p = plan({ metered: METERED });
    const units = perUser.meter(ticket(SIMPLE_CASE), p, PROD);
    expect(units).toEqual({ actions: 3, credits: 60 });
    expect(perUser.ticketMicros(units, p, PROD)).toBe(300_000);
  });

  it('metered: escalation to a human is free; sandbox and voice rates apply', () => {
    const p = plan({ metered: METERED });
    expect(perUser.meter(ticket([...SIMPLE_CASE, 'Escalate to Human']), p, PROD)).toEqual({ actions: 3, credits: 60 });
    expect(perUser.meter(ticket(['Escalate to Human']), p, PROD)).toEqual({ actions: 0, credits: 0 });
    expect(perUser.meter(ticket(SIMPLE_CASE), p, SANDBOX)).toEqual({ actions: 3, credits: 48 });
    expect(perUser.meter(ticket(SIMPLE_CASE, 'voice'), p, PROD)).toEqual({ actions: 3, credits: 90 });
    expect(perUser.meter(ticket(SIMPLE_CASE, 'voice'), p, SANDBOX)).toEqual({ actions: 3, credits: 48 });
  });
});

describe('per-user billing', () => {
  it('bills seats × price in every month, including months with no tickets', () => {
    const bills = perUser.bill([], plan(), { environment: 'production', months: ['2025-01', '2025-02'] });
    expect(bills.map((b) => [b.month, b.micros])).toEqual([['2025-01', 1250 * USD], ['2025-02', 1250 * USD]]);
    expect(bills[0]).toEqual({
      month: '2025-01',
      micros: 1250 * USD,
      units: {},
      lines: [{ label: 'Seats', quantity: 10, micros: 1250 * USD }],
      invoice: { unit: 'users', usage: 10, included: 10, overage: 0, packsBought: 0, balanceCarried: 0, feesMicros: 1250 * USD, usageMicros: 0 },
      details: { users: 10 },
    });
  });

  it('unmetered: the bill ignores the volume of tickets', () => {
    const usage: MonthUsage[] = [{ month: '2025-01', tickets: 50_000, units: {} }];
    const [month] = perUser.bill(usage, plan({ users: 1 }), { environment: 'production', months: ['2025-01'] });
    expect(month.micros).toBe(125 * USD);
  });

  it('metered: seats plus the month\'s credits at $500 per 100,000, billed in arrears', () => {
    const bills = bill(plan({ metered: METERED }), [0, 20_000, 100_000]);
    expect(bills.map((b) => b.micros / USD)).toEqual([1250, 1350, 1750]);
    expect(bills[1].lines).toEqual([
      { label: 'Seats', quantity: 10, micros: 1250 * USD },
      { label: 'Flex Credits (customer-facing)', quantity: 20_000, micros: 100 * USD },
    ]);
    expect(bills[1].invoice).toEqual({
      unit: 'credits', usage: 20_000, included: 0, overage: 20_000, packsBought: 0, balanceCarried: 0, feesMicros: 1250 * USD, usageMicros: 100 * USD,
    });
    expect(bills[0].units).toEqual({ actions: 0, credits: 0 });
    expect(bills[0].lines[1]).toEqual({ label: 'Flex Credits (customer-facing)', quantity: 0, micros: 0 });
  });

  it('rounds the month to whole cents once, keeping exact lines', () => {
    // 3 users at $0.333 = $0.999; 1 credit at $500 per 100,000 = $0.005: $1.004 → $1.00.
    const [month] = bill(plan({ users: 3, usdPerUserPerMonth: 0.333, metered: METERED }), [1]);
    expect(month.lines.map((l) => l.micros)).toEqual([999_000, 5_000]);
    expect(month.micros).toBe(1_000_000);
    // One more credit: $1.009 → $1.01.
    expect(bill(plan({ users: 3, usdPerUserPerMonth: 0.333, metered: METERED }), [2])[0].micros).toBe(1_010_000);
  });

  it('never bills less for more credits; each invoice is its lines, rounded once', () => {
    const plans = fc
      .record({
        users: fc.integer({ min: 1, max: 10_000 }),
        cents: fc.integer({ min: 0, max: 100_000 }),
        pack: fc.option(fc.record({ credits: fc.integer({ min: 1, max: 200_000 }), cents: fc.integer({ min: 0, max: 1_000_000 }) }), { nil: undefined }),
      })
      .map(({ users, cents, pack }) => plan({
        users, usdPerUserPerMonth: cents / 100,
        ...(pack && { metered: { ...METERED, pack: { credits: pack.credits, usd: pack.cents / 100 } } }),
      }));
    const volumes = fc.array(fc.nat(1_000_000), { minLength: 1, maxLength: 12 });
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
});
