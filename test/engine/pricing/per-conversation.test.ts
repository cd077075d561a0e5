import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roundMicrosToCents } from '../../../engine/money.js';
import { PerConversationSchema, perConversation } from '../../../engine/pricing/per-conversation.js';
import type { MeterInput } from '../../../engine/pricing/model.js';

const h = 3_600_000;
const USD = 1_000_000;
const PROD = { environment: 'production' as const };
const plan = (extra: Record<string, unknown> = {}) =>
  PerConversationSchema.parse({ id: 'conv', name: 'Conversations', model: 'per-conversation', usdPerConversation: 2, ...extra });
const ticket = (customerTurns: number[]): MeterInput => ({ channel: 'chat', actions: [], customerTurns, aiReplies: 0, resolution: 'ai' });

describe('per-conversation', () => {
  it('defaults to 24-hour windows measured from their start', () => {
    expect(plan().windowHours).toBe(24);
    expect(plan().window).toBe('from-start');
    expect(plan({ window: 'inactivity' }).window).toBe('inactivity');
  });

  it('meters conversation windows and prices a ticket at $2 each', () => {
    const units = perConversation.meter(ticket([0, 23 * h, 24 * h, 50 * h]), plan(), PROD);
    expect(units).toEqual({ conversations: 3 });
    expect(perConversation.ticketMicros(units, plan(), PROD)).toBe(6 * USD);
    expect(perConversation.meter(ticket([0, 23 * h, 24 * h, 50 * h]), plan({ windowHours: 48 }), PROD)).toEqual({ conversations: 2 });
  });

  it('window: inactivity extends a window with each customer message (0 h → 23 h → 24 h chained, 50 h new)', () => {
    const units = perConversation.meter(ticket([0, 23 * h, 24 * h, 50 * h]), plan({ window: 'inactivity' }), PROD);
    expect(units).toEqual({ conversations: 2 });
    expect(perConversation.ticketMicros(units, plan({ window: 'inactivity' }), PROD)).toBe(4 * USD);
    expect(perConversation.meter(ticket([0, 24 * h]), plan({ window: 'inactivity' }), PROD)).toEqual({ conversations: 2 });
    expect(perConversation.meter(ticket([0, 20 * h, 43 * h]), plan({ window: 'inactivity' }), PROD)).toEqual({ conversations: 1 });
    expect(perConversation.meter(ticket([0, 20 * h, 43 * h]), plan(), PROD)).toEqual({ conversations: 2 });
    expect(perConversation.meter(ticket([0, 20 * h, 43 * h]), plan({ window: 'inactivity', windowHours: 21 }), PROD)).toEqual({ conversations: 2 });
  });

  it('bills conversations × price per month, zero for months without tickets', () => {
    const bills = perConversation.bill(
      [{ month: '2025-03', tickets: 3, units: { conversations: 3 } }, { month: '2025-01', tickets: 1, units: { conversations: 1 } }],
      plan(),
      { environment: 'production', months: ['2025-01', '2025-02', '2025-03'] },
    );
    expect(bills.map((b) => [b.month, b.micros])).toEqual([['2025-01', 2 * USD], ['2025-02', 0], ['2025-03', 6 * USD]]);
    expect(bills[1].units).toEqual({ conversations: 0 });
    expect(bills[2].lines).toEqual([{ label: 'Conversations', quantity: 3, micros: 6 * USD }]);
  });

  it('rounds a month to whole cents', () => {
    const [bill] = perConversation.bill([{ month: '2025-01', tickets: 1, units: { conversations: 1 } }], plan({ usdPerConversation: 0.125 }), {
      environment: 'production', months: ['2025-01'],
    });
    expect([bill.micros, bill.lines[0].micros]).toEqual([130_000, 125_000]);
  });

  it('rejects a negative price, a non-positive window and an unknown window rule, naming the field', () => {
    const issue = (extra: Record<string, unknown>) => PerConversationSchema.safeParse({ ...plan(), ...extra }).error?.issues[0].path;
    expect(issue({ usdPerConversation: -2 })).toEqual(['usdPerConversation']);
    expect(issue({ windowHours: 0 })).toEqual(['windowHours']);
    expect(issue({ window: 'last-message' })).toEqual(['window']);
  });

  it('never bills less for more conversations; each invoice is its lines, rounded once', () => {
    const volumes = fc.array(fc.nat(100_000), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), volumes, volumes, (cents, base, extra) => {
        const p = plan({ usdPerConversation: cents / 1000 });
        const months = base.map((_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
        const run = (counts: number[]) => perConversation.bill(
          counts.map((n, i) => ({ month: months[i], tickets: n, units: { conversations: n } })), p, { environment: 'production', months });
        const less = run(base);
        const more = run(base.map((n, i) => n + (extra[i] ?? 0)));
        less.forEach((b, i) => {
          expect(more[i].micros).toBeGreaterThanOrEqual(b.micros);
          const { feesMicros, usageMicros } = b.invoice;
          expect(b.lines.reduce((s, l) => s + l.micros, 0)).toBe(feesMicros + usageMicros);
          expect(roundMicrosToCents(feesMicros + usageMicros)).toBe(b.micros);
        });
      }),
    );
  });
});
