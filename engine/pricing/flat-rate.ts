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
 *
 * `tier: 'auto'` subscribes to no tier in particular: each month is billed at the cheapest tier
 * (by fee) whose allowance covers it, as a buyer who resizes the plan every cycle would pay
 * (eesel applies plan changes from the next cycle [S42]). Only beyond the largest tier does the
 * overage rule apply, to that tier.
 *
 * `billing: 'annual'` takes `annualDiscountPercent` off every tier fee (eesel: 20% [S42]);
 * the fee is still shown month by month, and overage is not discounted.
 */

import { z } from 'zod';
import { messages } from '../messages.js';
import { MICROS_PER_USD, priceMicros, roundMicrosToCents, usdToMicros } from '../money.js';
import type { InvoiceLine, MonthlyBill, PricingModel } from './model.js';
import { planIdentity, planProvenance, positiveCount, text, usd } from './schema.js';
import { unitsByMonth } from './usage.js';

/** The `tier` value that bills each month at the cheapest tier covering it. */
export const AUTO = 'auto';

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
    /** The subscribed tier, or `auto` (the cheapest that covers each month); default the smallest. */
    tier: text.optional(),
    overage: OverageSchema,
    /** `annual` takes annualDiscountPercent off the tier fees; under `monthly` it is ignored. */
    billing: z.enum(['monthly', 'annual']).default('monthly'),
    annualDiscountPercent: z.number().min(0).max(100).default(0),
    ...planProvenance,
  })
  .superRefine((plan, ctx) => {
    const names = plan.tiers.map((t) => t.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'name'], message: messages.duplicateTier(name) });
      if (name === AUTO) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'name'], message: messages.autoTierName() });
    });
    if (plan.tier !== undefined && plan.tier !== AUTO && !names.includes(plan.tier)) {
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

/** The first of `tiers` with the lowest fee, if any. */
function cheapest(tiers: readonly Tier[]): Tier | undefined {
  return tiers.reduce<Tier | undefined>((best, t) => (best === undefined || t.usdPerMonth < best.usdPerMonth ? t : best), undefined);
}

/**
 * The tier a month of `interactions` is billed at, and in how many copies: the plan's own tier,
 * moved up by `next-tier`; under `auto`, the cheapest that covers the month, else the cheapest of
 * the largest allowance.
 */
export function billedTier(interactions: number, plan: FlatRatePlan): { tier: Tier; copies: number } {
  const { tiers } = plan;
  let tier: Tier;
  let covering: Tier | undefined;
  const largest = tiers[tiers.length - 1];
  if (plan.tier === AUTO) {
    covering = cheapest(tiers.filter((t) => t.includedInteractions >= interactions));
    // Sorted with the cheaper first on equal allowances: the first of the largest is the cheapest.
    tier = covering ?? tiers.find((t) => t.includedInteractions === largest.includedInteractions) ?? largest;
  } else {
    const base = tierIndex(plan);
    if (plan.overage !== 'next-tier') return { tier: tiers[base], copies: 1 };
    covering = tiers.slice(base).find((t) => t.includedInteractions >= interactions);
    tier = covering ?? largest;
  }
  const copies = covering || plan.overage !== 'next-tier' ? 1 : Math.ceil(interactions / tier.includedInteractions);
  return { tier, copies };
}

/** A tier's monthly fee in micro-dollars, less the annual discount under annual billing. */
export function tierFeeMicros(tier: Tier, plan: FlatRatePlan): number {
  const micros = usdToMicros(tier.usdPerMonth);
  return plan.billing === 'annual' ? Math.round((micros * (100 - plan.annualDiscountPercent)) / 100) : micros;
}

export const flatRate: PricingModel<FlatRatePlan> = {
  model: 'flat-rate',
  description: 'a monthly tier fee with included AI interactions (a fixed tier, or the cheapest that covers each month; optional annual discount); overage per interaction, next tier, or capped',
  schema: FlatRateSchema,

  meter(ticket) {
    return { interactions: ticket.aiReplies };
  },

  /**
   * The subscribed tier's effective rate: fee (after any annual discount) ÷ included interactions.
   * Under `auto`, the tier an empty month is billed at: the cheapest.
   */
  ticketMicros(units, plan) {
    const tier = plan.tier === AUTO ? billedTier(0, plan).tier : plan.tiers[tierIndex(plan)];
    return priceMicros(units.interactions ?? 0, tierFeeMicros(tier, plan) / MICROS_PER_USD, tier.includedInteractions);
  },

  bill(usage, plan, ctx) {
    const months = unitsByMonth(usage, ctx.months, ['interactions']);
    return ctx.months.map((month, i) => ({ month, units: months[i], ...billMonth(months[i].interactions, plan) }));
  },
};

/** One month at `interactions` AI interactions. */
export function billMonth(interactions: number, plan: FlatRatePlan): Pick<MonthlyBill, 'micros' | 'lines' | 'invoice' | 'details'> {
  const { tier, copies } = billedTier(interactions, plan);
  const lines: InvoiceLine[] = [];
  const details: MonthlyBill['details'] = {};
  if (plan.overage === 'next-tier') details.tierCopies = copies;
  const annual = plan.billing === 'annual';
  if (annual) details.annualDiscountPercent = plan.annualDiscountPercent;
  const label = annual ? `${tier.name} tier, billed annually${plan.annualDiscountPercent ? ` (${plan.annualDiscountPercent}% off)` : ''}` : `${tier.name} tier`;
  lines.push({ label, quantity: copies, micros: copies * tierFeeMicros(tier, plan) });
  const included = copies * tier.includedInteractions;
  const over = Math.max(0, interactions - included);
  if (plan.overage === 'cap') details.cappedInteractions = over;
  else if (plan.overage !== 'next-tier') {
    details.overageInteractions = over;
    lines.push({ label: 'Interactions over the allowance', quantity: over, micros: priceMicros(over, plan.overage.usdPerInteraction) });
  }
  const micros = lines.reduce((sum, line) => sum + line.micros, 0);
  const feesMicros = lines[0].micros;
  return {
    micros: roundMicrosToCents(micros),
    lines,
    invoice: {
      unit: 'interactions', usage: interactions, included: Math.min(interactions, included), overage: over,
      packsBought: 0, balanceCarried: 0, feesMicros, usageMicros: micros - feesMicros,
    },
    details: { tier: copies > 1 ? `${tier.name} ×${copies}` : tier.name, includedInteractions: included, ...details },
  };
}
