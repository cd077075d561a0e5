/**
 * `flat-rate`: a monthly subscription to a tier that includes a number of AI interactions (an
 * interaction is one AI reply, as eesel defines it: research/pricing.md §4, [S43]). The fee is
 * due every month of the period, with or without tickets. Over the allowance, per `overage`:
 * - `{ usdPerInteraction }`: the tier fee plus a price per interaction over it;
 * - `'next-tier'`: the month is billed at the smallest tier, from the plan's own tier up, that
 *   covers it. Beyond the largest tier, as many copies of the largest tier as the volume needs
 *   (`Business ×2`): vendors quote a higher allowance there ([S43]), and copies keep the price
 *   growing with volume instead of silently capping it;
 * - `'cap'`: the tier fee only; interactions over the allowance go to humans, are not billed
 *   here, and are reported as `cappedInteractions`.
 */

import { z } from 'zod';
import { messages } from '../messages.js';
import { priceMicros, roundMicrosToCents, usdToMicros } from '../money.js';
import type { InvoiceLine, MonthlyBill, PricingModel } from './model.js';
import { planIdentity, planProvenance, positiveCount, text, usd } from './schema.js';
import { unitsByMonth } from './usage.js';

const TierSchema = z.strictObject({ name: text, usdPerMonth: usd, includedInteractions: positiveCount });

const OverageSchema = z.union(
  [z.literal('next-tier'), z.literal('cap'), z.strictObject({ usdPerInteraction: usd })],
  { error: () => messages.flatRateOverage() },
);

export const FlatRateSchema = z
  .strictObject({
    ...planIdentity,
    model: z.literal('flat-rate'),
    tiers: z.array(TierSchema).min(1),
    /** The subscribed tier; default the smallest. */
    tier: text.optional(),
    overage: OverageSchema,
    ...planProvenance,
  })
  .superRefine((plan, ctx) => {
    const names = plan.tiers.map((t) => t.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'name'], message: messages.duplicateTier(name) });
    });
    if (plan.tier !== undefined && !names.includes(plan.tier)) {
      ctx.addIssue({ code: 'custom', path: ['tier'], message: messages.unknownTier(plan.tier, names) });
    }
  })
  // Normalized: tiers from the smallest allowance up (ties: the cheaper first), `tier` filled in.
  .transform((plan) => {
    const tiers = [...plan.tiers].sort((a, b) => a.includedInteractions - b.includedInteractions || a.usdPerMonth - b.usdPerMonth);
    return { ...plan, tiers, tier: plan.tier ?? tiers[0].name };
  });

export type FlatRatePlan = z.output<typeof FlatRateSchema>;
export type Tier = FlatRatePlan['tiers'][number];

/** The subscribed tier's position in the (sorted) tiers. */
function tierIndex(plan: FlatRatePlan): number {
  return Math.max(0, plan.tiers.findIndex((t) => t.name === plan.tier));
}

export const flatRate: PricingModel<FlatRatePlan> = {
  model: 'flat-rate',
  description: 'a monthly tier fee with included AI interactions; overage per interaction, next tier, or capped',
  schema: FlatRateSchema,

  meter(ticket) {
    return { interactions: ticket.aiReplies };
  },

  /** The subscribed tier's effective rate: fee ÷ included interactions. */
  ticketMicros(units, plan) {
    const tier = plan.tiers[tierIndex(plan)];
    return priceMicros(units.interactions ?? 0, tier.usdPerMonth, tier.includedInteractions);
  },

  bill(usage, plan, ctx) {
    const months = unitsByMonth(usage, ctx.months, ['interactions']);
    return ctx.months.map((month, i) => ({ month, units: months[i], ...billMonth(months[i].interactions, plan) }));
  },
};

/** One month at `interactions` AI interactions. */
export function billMonth(interactions: number, plan: FlatRatePlan): Pick<MonthlyBill, 'micros' | 'lines' | 'details'> {
  const base = tierIndex(plan);
  let tier = plan.tiers[base];
  let copies = 1;
  const lines: InvoiceLine[] = [];
  const details: MonthlyBill['details'] = {};
  if (plan.overage === 'next-tier') {
    const covering = plan.tiers.slice(base).find((t) => t.includedInteractions >= interactions);
    tier = covering ?? plan.tiers[plan.tiers.length - 1];
    copies = covering ? 1 : Math.ceil(interactions / tier.includedInteractions);
    details.tierCopies = copies;
  }
  lines.push({ label: `${tier.name} tier`, quantity: copies, micros: copies * usdToMicros(tier.usdPerMonth) });
  const included = copies * tier.includedInteractions;
  const over = Math.max(0, interactions - included);
  if (plan.overage === 'cap') details.cappedInteractions = over;
  else if (plan.overage !== 'next-tier') {
    details.overageInteractions = over;
    lines.push({ label: 'Interactions over the allowance', quantity: over, micros: priceMicros(over, plan.overage.usdPerInteraction) });
  }
  const micros = lines.reduce((sum, line) => sum + line.micros, 0);
  return {
    micros: roundMicrosToCents(micros),
    lines,
    details: { tier: copies > 1 ? `${tier.name} ×${copies}` : tier.name, includedInteractions: included, ...details },
  };
}
