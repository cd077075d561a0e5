import { describe, expect, it } from 'vitest';
import { PerConversationSchema, perConversation } from '../../../engine/pricing/per-conversation.js';
import type { MeterInput } from '../../../engine/pricing/model.js';

const h = 3_600_000;
const USD = 1_000_000;
const PROD = { environment: 'production' as const };
const plan = (extra: Record<string, unknown> = {}) =>
  PerConversationSchema.parse({ id: 'conv', name: 'Conversations', model: 'per-conversation', usdPerConversation: 2, ...extra });
const ticket = (customerTurns: number[]): MeterInput => ({ channel: 'chat', actions: [], customerTurns, aiReplies: 0, resolution: 'ai' });

describe('per-conversation', () => {
  it('defaults to 24-hour windows', () => {
    expect(plan().windowHours).toBe(24);
  });

  it('meters conversation windows and prices a ticket at $2 each', () => {
    const units = perConversation.meter(ticket([0, 23 * h, 24 * h, 50 * h]), plan(), PROD);
    expect(units).toEqual({ conversations: 3 });
    expect(perConversation.ticketMicros(units, plan(), PROD)).toBe(6 * USD);
    expect(perConversation.meter(ticket([0, 23 * h, 24 * h, 50 * h]), plan({ windowHours: 48 }), PROD)).toEqual({ conversations: 2 });
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

  it('rejects a negative price and a non-positive window', () => {
    expect(PerConversationSchema.safeParse({ ...plan(), usdPerConversation: -2 }).success).toBe(false);
    expect(PerConversationSchema.safeParse({ ...plan(), windowHours: 0 }).success).toBe(false);
  });
});
