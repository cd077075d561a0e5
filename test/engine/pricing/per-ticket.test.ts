import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { usdToMicros } from '../../../engine/money.js';
import type { MeterInput, MonthUsage } from '../../../engine/pricing/model.js';
import { PerTicketSchema, maxTicketsPerMonth, perTicket, type PerTicketPlan } from '../../../engine/pricing/per-ticket.js';
import { expectConsistentInvoice } from '../../helpers/invoice.js';

const USD = 1_000_000;
const PROD = { environment: 'production' as const };

function plan(extra: Record<string, unknown>): PerTicketPlan {
  return PerTicketSchema.parse({ id: 'tix', name: 'Tickets', model: 'per-ticket', ...extra });
}

/** eesel AI [S40][S41]: $0.40 a helpdesk ticket, default spend cap $250 a month. */
const EESEL = plan({ usdPerTicket: 0.4, spendCapUsdPerMonth: 250 });

const MONTHS = Array.from({ length: 24 }, (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);

/** Bills one month per volume given. */
function bill(p: PerTicketPlan, volumes: number[]) {
  const months = MONTHS.slice(0, volumes.length);
  const usage: MonthUsage[] = volumes.map((v, i) => ({ month: months[i], tickets: v, units: { tickets: v } }));
  return perTicket.bill(usage, p, { environment: 'production', months });
}

const ticket = (resolution: 'ai' | 'handoff', aiReplies: number, actions: string[]): MeterInput => ({
  channel: 'email', actions, customerTurns: [0, 1, 2], aiReplies, resolution,
});

describe('per-ticket meter and ticket price', () => {
  it('meters one ticket whatever its messages, actions or outcome', () => {
    expect(perTicket.meter(ticket('ai', 5, ['Identify Customer', 'Get Cases', 'Add Comment']), EESEL, PROD)).toEqual({ tickets: 1 });
    expect(perTicket.meter(ticket('handoff', 0, []), EESEL, PROD)).toEqual({ tickets: 1 });
    expect(perTicket.meter(ticket('handoff', 1, ['Escalate to Human']), EESEL, { environment: 'sandbox' })).toEqual({ tickets: 1 });
  });

  it('prices a ticket at $0.40, ignoring the cap', () => {
    expect(perTicket.ticketMicros({ tickets: 1 }, EESEL, PROD)).toBe(400_000);
    expect(perTicket.ticketMicros({ tickets: 700 }, EESEL, PROD)).toBe(280 * USD);
    expect(perTicket.ticketMicros({}, EESEL, PROD)).toBe(0);
  });
});

describe('per-ticket billing', () => {
  it('eesel at $0.40 with a $250 cap: 625 → $250.00, 626 → $250.00 with 1 capped, 100 → $40.00', () => {
    const bills = bill(EESEL, [625, 626, 100]);
    expect(bills.map((b) => b.micros)).toEqual([250 * USD, 250 * USD, 40 * USD]);
    expect(bills.map((b) => b.details)).toEqual([{ cappedTickets: 0 }, { cappedTickets: 1 }, { cappedTickets: 0 }]);
    expect(bills[1].lines).toEqual([{ label: 'Tickets', quantity: 625, micros: 250 * USD }]);
    expect(bills[1].units).toEqual({ tickets: 626 });
    expect(bills[1].invoice).toEqual({
      unit: 'tickets', usage: 626, included: 0, overage: 1,
      packsBought: 0, balanceCarried: 0, feesMicros: 0, usageMicros: 250 * USD,
    });
    expect(bills[2].invoice).toMatchObject({ usage: 100, included: 0, overage: 0, usageMicros: 40 * USD });
  });

  it('resets the cap every month', () => {
    expect(bill(EESEL, [1000, 1000, 10]).map((b) => [b.micros / USD, b.details.cappedTickets])).toEqual([[250, 375], [250, 375], [4, 0]]);
  });

  it('bills nothing in months with no tickets', () => {
    const bills = perTicket.bill([{ month: '2025-03', tickets: 5, units: { tickets: 5 } }], EESEL, {
      environment: 'production', months: ['2025-01', '2025-02', '2025-03'],
    });
    expect(bills.map((b) => [b.month, b.micros])).toEqual([['2025-01', 0], ['2025-02', 0], ['2025-03', 2 * USD]]);
    expect(bills[0]).toMatchObject({
      units: { tickets: 0 }, lines: [{ label: 'Tickets', quantity: 0, micros: 0 }], details: { cappedTickets: 0 },
      invoice: { usage: 0, included: 0, overage: 0, feesMicros: 0, usageMicros: 0 },
    });
    expect(perTicket.bill([], EESEL, { environment: 'production', months: ['2025-01'] }).map((b) => b.micros)).toEqual([0]);
  });

  it('without a cap, bills every ticket', () => {
    const [month] = bill(plan({ usdPerTicket: 0.4 }), [10_000]);
    expect([month.micros, month.details.cappedTickets, month.invoice.overage]).toEqual([4_000 * USD, 0, 0]);
  });

  it('a cap that is not a whole number of tickets stops before it: $1 at $0.40 → 2 tickets', () => {
    const [month] = bill(plan({ usdPerTicket: 0.4, spendCapUsdPerMonth: 1 }), [3]);
    expect([month.micros, month.lines[0].quantity, month.details.cappedTickets]).toEqual([800_000, 2, 1]);
  });

  it('divides in exact micro-dollars, where 0.3 / 0.1 in floating point falls short of 3', () => {
    expect(Math.floor(0.3 / 0.1)).toBe(2); // the trap
    expect(maxTicketsPerMonth(plan({ usdPerTicket: 0.1, spendCapUsdPerMonth: 0.3 }))).toBe(3);
    expect(maxTicketsPerMonth(plan({ usdPerTicket: 0.1, spendCapUsdPerMonth: 0.7 }))).toBe(7);
    const [month] = bill(plan({ usdPerTicket: 0.1, spendCapUsdPerMonth: 0.3 }), [4]);
    expect([month.micros, month.details.cappedTickets]).toEqual([300_000, 1]);
  });

  it('a price of 0 never reaches the cap; a cap of 0 pauses every ticket', () => {
    expect(maxTicketsPerMonth(plan({ usdPerTicket: 0, spendCapUsdPerMonth: 0 }))).toBe(Infinity);
    expect(maxTicketsPerMonth(plan({ usdPerTicket: 0.4 }))).toBe(Infinity);
    expect(maxTicketsPerMonth(EESEL)).toBe(625);
    expect(bill(plan({ usdPerTicket: 0, spendCapUsdPerMonth: 250 }), [5]).map((b) => [b.micros, b.details.cappedTickets])).toEqual([[0, 0]]);
    expect(bill(plan({ usdPerTicket: 0.4, spendCapUsdPerMonth: 0 }), [5]).map((b) => [b.micros, b.details.cappedTickets])).toEqual([[0, 5]]);
  });

  it('rounds a month to whole cents once', () => {
    const [month] = bill(plan({ usdPerTicket: 0.125 }), [1]);
    expect([month.micros, month.lines[0].micros]).toEqual([130_000, 125_000]);
  });
});

describe('per-ticket schema', () => {
  const base = { id: 't', name: 'T', model: 'per-ticket', usdPerTicket: 0.4 };
  const issues = (extra: Record<string, unknown>) => PerTicketSchema.safeParse({ ...base, ...extra }).error?.issues;

  it('accepts a plan without a cap and fills no defaults', () => {
    expect(PerTicketSchema.parse(base)).toEqual(base);
  });

  it('rejects bad prices and caps, naming the field', () => {
    expect(issues({ usdPerTicket: -0.4 })?.[0].path).toEqual(['usdPerTicket']);
    expect(issues({ usdPerTicket: undefined })?.[0].path).toEqual(['usdPerTicket']);
    expect(issues({ usdPerTicket: '0.40' })?.[0].path).toEqual(['usdPerTicket']);
    expect(issues({ spendCapUsdPerMonth: -250 })?.[0].path).toEqual(['spendCapUsdPerMonth']);
    expect(issues({ spendCapUsdPerMonth: Infinity })?.[0].path).toEqual(['spendCapUsdPerMonth']);
  });

  it('rejects unknown fields and another model', () => {
    expect(issues({ spendCap: 250 })?.[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['spendCap'] });
    expect(issues({ model: 'per-resolution' })?.[0].path).toEqual(['model']);
  });
});

describe('per-ticket properties', () => {
  const dollars = (maxCents: number) => fc.integer({ min: 0, max: maxCents }).map((c) => c / 100);
  const plans = fc
    .record({ usdPerTicket: dollars(500), spendCapUsdPerMonth: fc.option(dollars(100_000), { nil: undefined }) })
    .map((p) => plan(p));
  const volumes = fc.array(fc.nat(10_000), { minLength: 1, maxLength: MONTHS.length });

  it('never bills a month less when its tickets grow', () => {
    fc.assert(
      fc.property(plans, volumes, fc.array(fc.nat(10_000), { minLength: MONTHS.length, maxLength: MONTHS.length }), (p, base, extra) => {
        const more = bill(p, base.map((n, i) => n + extra[i]));
        bill(p, base).forEach((b, i) => expect(more[i].micros).toBeGreaterThanOrEqual(b.micros));
      }),
    );
  });

  it('states its invoice consistently and never spends past the cap', () => {
    fc.assert(
      fc.property(plans, volumes, (p, base) => {
        const bills = bill(p, base);
        expect(bills.map((b) => b.month)).toEqual(MONTHS.slice(0, base.length));
        const price = usdToMicros(p.usdPerTicket);
        bills.forEach((b, i) => {
          const { invoice } = b;
          expectConsistentInvoice(b);
          expect(invoice.usage).toBe(b.units.tickets);
          expect(invoice.usage).toBe(base[i]);
          expect(invoice.overage).toBe(b.details.cappedTickets);
          const billed = base[i] - invoice.overage;
          expect(invoice.usageMicros).toBe(billed * price);
          if (p.spendCapUsdPerMonth !== undefined) {
            const cap = usdToMicros(p.spendCapUsdPerMonth);
            expect(invoice.usageMicros).toBeLessThanOrEqual(cap);
            // Tickets pause only when one more would pass the cap.
            if (invoice.overage > 0) expect(invoice.usageMicros + price).toBeGreaterThan(cap);
          } else {
            expect(invoice.overage).toBe(0);
          }
        });
      }),
    );
  });
});
