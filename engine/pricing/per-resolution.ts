/**
 * `per-resolution`: a price per AI-resolved conversation (research/pricing.md §2, §3). At most one
 * resolution is billed per conversation however many questions the AI answers ([S20][S21]; Zendesk
 * counts automated resolutions per conversation [S31]), and a conversation a human had to take over
 * bills nothing. A replayed ticket is one conversation, so it meters 1 resolution if the AI resolved
 * it, else 0.
 *
 * Each month's resolutions are billed in this order:
 * 1. the free allowance: `includedPerMonth` (Intercom Fin standalone: 50 a month, no rollover [S24])
 *    plus `includedPerAgentPerMonth` × `agents` (Zendesk: 5, 10 or 15 per agent per month by plan
 *    [S30][S33]); unused resolutions do not carry over;
 * 2. the `commitment`: a volume bought ahead at a lower price (Zendesk $1.50 committed [S30][S33]),
 *    paid every month whether used or not;
 * 3. pay-as-you-go at `usdPerResolution` (Fin $0.99 [S20][S24]; Zendesk $2.00 [S30][S33]).
 * `monthlyFeeUsd` (Fin standalone's $49 subscription [S24]) is due every month of the period, with or
 * without tickets.
 */

import { z } from 'zod';
import { messages } from '../messages.js';
import { priceMicros, roundMicrosToCents, usdToMicros } from '../money.js';
import type { InvoiceLine, MonthlyBill, PricingModel } from './model.js';
import { count, planIdentity, planProvenance, positiveCount, usd } from './schema.js';
import { unitsByMonth } from './usage.js';

const CommitmentSchema = z.strictObject({
  /** Resolutions bought ahead for every month, used or not. */
  resolutionsPerMonth: positiveCount,
  /** The committed price of one of them. */
  usdPerResolution: usd,
});

export const PerResolutionSchema = z
  .strictObject({
    ...planIdentity,
    model: z.literal('per-resolution'),
    /** The pay-as-you-go price of a resolution beyond the allowance and the commitment. */
    usdPerResolution: usd,
    /** Free resolutions every month, not carried over. */
    includedPerMonth: count.optional(),
    /** Free resolutions per agent every month; needs `agents`. */
    includedPerAgentPerMonth: count.optional(),
    /** Agents the per-agent allowance is counted for; needs `includedPerAgentPerMonth`. */
    agents: positiveCount.optional(),
    /** A subscription fee due every month of the period. */
    monthlyFeeUsd: usd.optional(),
    commitment: CommitmentSchema.optional(),
    ...planProvenance,
  })
  .superRefine((plan, ctx) => {
    // The per-agent allowance is a product: either factor alone means nothing, so name the missing one.
    const missing = plan.includedPerAgentPerMonth !== undefined && plan.agents === undefined ? 'agents'
      : plan.agents !== undefined && plan.includedPerAgentPerMonth === undefined ? 'includedPerAgentPerMonth'
        : undefined;
    if (missing) {
      const given = missing === 'agents' ? 'includedPerAgentPerMonth' : 'agents';
      ctx.addIssue({ code: 'custom', message: messages.perAgentAllowance(missing, given), path: [missing] });
    }
  });

export type PerResolutionPlan = z.output<typeof PerResolutionSchema>;

/** Free resolutions per month: `includedPerMonth` + `includedPerAgentPerMonth` × `agents`. */
export function monthlyAllowance(plan: PerResolutionPlan): number {
  return (plan.includedPerMonth ?? 0) + (plan.includedPerAgentPerMonth ?? 0) * (plan.agents ?? 0);
}

/**
 * @example
 * // Fin standalone ($49, 50 included, $0.99): 51 resolutions → $49 + 1 × $0.99 = $49.99
 * // Zendesk (5 × 4 agents, 100 committed at $1.50, $2.00 PAYG): 121 → $150 + 1 × $2.00 = $152.00
 */
export const perResolution: PricingModel<PerResolutionPlan> = {
  model: 'per-resolution',
  description: 'a price per AI-resolved conversation, after a monthly allowance and an optional committed volume',
  schema: PerResolutionSchema,

  meter(ticket) {
    return { resolutions: ticket.resolution === 'ai' ? 1 : 0 };
  },

  /** The pay-as-you-go list price, ignoring allowances and commitments. */
  ticketMicros(units, plan) {
    return priceMicros(units.resolutions ?? 0, plan.usdPerResolution);
  },

  bill(usage, plan, ctx) {
    const months = unitsByMonth(usage, ctx.months, ['resolutions']);
    return ctx.months.map((month, i) => ({ month, units: months[i], ...billMonth(months[i].resolutions, plan) }));
  },
};

/** One month at `resolutions` AI resolutions: allowance first, then the commitment, then pay-as-you-go. */
function billMonth(resolutions: number, plan: PerResolutionPlan): Pick<MonthlyBill, 'micros' | 'lines' | 'invoice' | 'details'> {
  const allowance = Math.min(resolutions, monthlyAllowance(plan));
  const volume = plan.commitment?.resolutionsPerMonth ?? 0;
  const committed = Math.min(resolutions - allowance, volume);
  const payg = resolutions - allowance - committed;

  const fees: InvoiceLine[] = [];
  if (plan.monthlyFeeUsd !== undefined) fees.push({ label: 'Subscription', quantity: 1, micros: usdToMicros(plan.monthlyFeeUsd) });
  if (plan.commitment) {
    fees.push({ label: 'Committed resolutions', quantity: volume, micros: priceMicros(volume, plan.commitment.usdPerResolution) });
  }
  const usageMicros = priceMicros(payg, plan.usdPerResolution);
  const feesMicros = fees.reduce((sum, line) => sum + line.micros, 0);
  return {
    micros: roundMicrosToCents(feesMicros + usageMicros),
    lines: [...fees, { label: 'Pay-as-you-go resolutions', quantity: payg, micros: usageMicros }],
    invoice: {
      unit: 'resolutions', usage: resolutions, included: allowance + committed, overage: payg,
      packsBought: 0, balanceCarried: 0, feesMicros, usageMicros,
    },
    // Resolutions covered by the allowance, by the commitment, and billed at the pay-as-you-go price.
    details: { allowance, committed, payg },
  };
}
