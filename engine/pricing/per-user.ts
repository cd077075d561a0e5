/**
 * `per-user`: a price per user (seat) per month, as Salesforce sells its Agentforce add-ons:
 * $125/user/month for unmetered use by employees ([S1] pricing page as of 2026-10-07;
 * research/pricing.md §1.4). Seats are due every month of the period, tickets or not, so an
 * unmetered plan's bill does not depend on the tickets at all.
 *
 * Optional `metered`: the hybrid [S19a] describes (secondary, consistent with "for employees" in
 * [S1]): the seats cover employees, while customer-facing traffic is still metered in Flex
 * Credits, at the same rates and pack price as the flex-credits model, billed monthly in arrears
 * at the pack rate ([S1]: "no overage penalty", the contracted rate monthly in arrears). Only
 * metered actions count: escalation to a human and the other utilities are free (isMetered, [S2]).
 */

import { z } from 'zod';
import { isMetered } from '../actions.js';
import { priceMicros, roundMicrosToCents } from '../money.js';
import { creditsPerAction, FlexCreditsSchema } from './flex-credits.js';
import type { InvoiceLine, PricingModel, Units } from './model.js';
import { planIdentity, planProvenance, positiveCount, usd } from './schema.js';
import { unitsByMonth } from './usage.js';

export const PerUserSchema = z.strictObject({
  ...planIdentity,
  model: z.literal('per-user'),
  usdPerUserPerMonth: usd,
  users: positiveCount,
  /** Customer-facing traffic in Flex Credits: the flex-credits model's rates and pack. */
  metered: z
    .strictObject({ creditsPerAction: FlexCreditsSchema.shape.creditsPerAction, pack: FlexCreditsSchema.shape.pack })
    .optional(),
  ...planProvenance,
});

export type PerUserPlan = z.output<typeof PerUserSchema>;

/**
 * Seats × price every month, plus, when `metered` is set, the month's credits at the pack rate.
 *
 * @example
 * // 10 users at $125: $1,250.00 a month, with or without tickets;
 * // metered at 20 credits an action, $500 per 100,000: 1,000 actions add 20,000 credits, $100.00
 */
export const perUser: PricingModel<PerUserPlan> = {
  model: 'per-user',
  description: 'a price per user per month (unmetered for employees); optionally customer-facing actions metered in Flex Credits',
  schema: PerUserSchema,

  meter(ticket, plan, ctx): Units {
    if (!plan.metered) return {};
    const actions = ticket.actions.filter(isMetered).length;
    return { actions, credits: actions * creditsPerAction(plan.metered, ticket.channel, ctx.environment) };
  },

  /** The metered list price of the ticket's credits; seats do not depend on tickets, so 0 unmetered. */
  ticketMicros(units, plan) {
    return plan.metered ? priceMicros(units.credits ?? 0, plan.metered.pack.usd, plan.metered.pack.credits) : 0;
  },

  bill(usage, plan, ctx) {
    const { metered, users } = plan;
    const months = unitsByMonth(usage, ctx.months, metered ? ['actions', 'credits'] : []);
    const feesMicros = priceMicros(users, plan.usdPerUserPerMonth);
    return ctx.months.map((month, i) => {
      const lines: InvoiceLine[] = [{ label: 'Seats', quantity: users, micros: feesMicros }];
      if (!metered) {
        return {
          month,
          micros: roundMicrosToCents(feesMicros),
          units: months[i],
          lines,
          invoice: { unit: 'users', usage: users, included: users, overage: 0, packsBought: 0, balanceCarried: 0, feesMicros, usageMicros: 0 },
          details: { users },
        };
      }
      const credits = months[i].credits;
      const usageMicros = priceMicros(credits, metered.pack.usd, metered.pack.credits);
      lines.push({ label: 'Flex Credits (customer-facing)', quantity: credits, micros: usageMicros });
      return {
        month,
        micros: roundMicrosToCents(feesMicros + usageMicros),
        units: months[i],
        lines,
        invoice: { unit: 'credits', usage: credits, included: 0, overage: credits, packsBought: 0, balanceCarried: 0, feesMicros, usageMicros },
        details: { users },
      };
    });
  },
};
