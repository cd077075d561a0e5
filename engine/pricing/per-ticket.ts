/**
 * `per-ticket`: a price per helpdesk ticket, as in eesel AI's current usage-based scheme
 * (research/pricing.md §4 A, [S40][S41]): $0.40 billed once per ticket, however many messages or
 * actions it involves and whatever its outcome. No seats, no subscription, no allowance.
 *
 * An optional monthly spend cap (eesel's default is $250, changeable [S40][S41]): once the month's
 * spend reaches it, new tickets pause until the next cycle. The AI then serves at most
 * ⌊cap ÷ price⌋ tickets a month; the rest go to humans, are not billed here, and are reported as
 * `cappedTickets` (and as the invoice's overage). A price of 0 never reaches a cap.
 */

import { z } from 'zod';
import { priceMicros, roundMicrosToCents, usdToMicros } from '../money.js';
import type { PricingModel } from './model.js';
import { planIdentity, planProvenance, usd } from './schema.js';
import { unitsByMonth } from './usage.js';

export const PerTicketSchema = z.strictObject({
  ...planIdentity,
  model: z.literal('per-ticket'),
  usdPerTicket: usd,
  /** The most the AI may spend in a month; tickets beyond it pause until the next month. */
  spendCapUsdPerMonth: usd.optional(),
  ...planProvenance,
});

export type PerTicketPlan = z.output<typeof PerTicketSchema>;

/**
 * The most tickets billed in a month: ⌊cap ÷ price⌋ in exact integer micro-dollars, or Infinity
 * without a cap or at a price of 0.
 */
export function maxTicketsPerMonth(plan: PerTicketPlan): number {
  const price = usdToMicros(plan.usdPerTicket);
  if (plan.spendCapUsdPerMonth === undefined || price === 0) return Infinity;
  return Number(BigInt(usdToMicros(plan.spendCapUsdPerMonth)) / BigInt(price));
}

/**
 * @example
 * // $0.40 a ticket, $250 cap: 626 tickets → 625 billed ($250.00), 1 capped
 */
export const perTicket: PricingModel<PerTicketPlan> = {
  model: 'per-ticket',
  description: 'a price per helpdesk ticket, whatever its messages, actions or outcome; optional monthly spend cap',
  schema: PerTicketSchema,

  meter() {
    return { tickets: 1 };
  },

  ticketMicros(units, plan) {
    return priceMicros(units.tickets ?? 0, plan.usdPerTicket);
  },

  bill(usage, plan, ctx) {
    const months = unitsByMonth(usage, ctx.months, ['tickets']);
    const max = maxTicketsPerMonth(plan);
    return ctx.months.map((month, i) => {
      const tickets = months[i].tickets;
      const billed = Math.min(tickets, max);
      const capped = tickets - billed;
      const micros = priceMicros(billed, plan.usdPerTicket);
      return {
        month,
        micros: roundMicrosToCents(micros),
        units: months[i],
        lines: [{ label: 'Tickets', quantity: billed, micros }],
        invoice: {
          unit: 'tickets', usage: tickets, included: 0, overage: capped,
          packsBought: 0, balanceCarried: 0, feesMicros: 0, usageMicros: micros,
        },
        details: { cappedTickets: capped },
      };
    });
  },
};
