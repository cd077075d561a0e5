/**
 * `flex-credits`: Salesforce Agentforce Flex Credits (research/pricing.md §1.1–1.5). Every metered
 * action costs credits (20 in production, 16 in a sandbox, 30 for a voice action); credits cost
 * the pack rate ($500 per 100,000 [S1], as of 2026-10-07). Escalation to a human, setting
 * variables and switching topic are utilities and cost nothing (isMetered, [S2]).
 *
 * Allowances are used in this order: one-time free credits (Foundations), then the term's
 * included credits, then what is paid for. Two ways to pay:
 * - `metered`: credits beyond the allowances, billed monthly in arrears at the pack rate ([S1]:
 *   "no overage penalty", the contracted rate monthly in arrears);
 * - `packs`: whole packs bought whenever the balance cannot cover the next action; the balance
 *   carries from month to month and expires at the end of the contract term ([S7]: credits must
 *   be used by the contract end date; no rollover [S11]).
 */

import { z } from 'zod';
import { isMetered } from '../actions.js';
import { priceMicros, roundMicrosToCents, usdToMicros } from '../money.js';
import type { Channel } from '../ticket.js';
import type { Environment, MonthlyBill, PricingModel, Units } from './model.js';
import { count, planIdentity, planProvenance, positiveCount, usd } from './schema.js';
import { unitsByMonth } from './usage.js';

/** A contract year, unless the plan says otherwise (Salesforce sells annual terms [S7], [S11]). */
export const DEFAULT_TERM_MONTHS = 12;

export const FlexCreditsSchema = z.strictObject({
  ...planIdentity,
  model: z.literal('flex-credits'),
  creditsPerAction: z.strictObject({ production: count, sandbox: count, voice: count.optional() }),
  pack: z.strictObject({ credits: positiveCount, usd }),
  billing: z.enum(['metered', 'packs']),
  /** One-time credits (Foundations), used before anything else; they do not expire. */
  freeCredits: count.optional(),
  /** Credits included per year (Agentforce 1 editions); pro-rated to the term, expiring at its end. */
  includedCreditsPerYear: count.optional(),
  termMonths: positiveCount.default(DEFAULT_TERM_MONTHS),
  /**
   * Digital Wallet consumption alerts under pack billing, in % of the term's entitlement
   * (Salesforce lets admins set them [S9]; default 50/75/90/100).
   */
  alertThresholds: z.array(z.number().positive().max(1000)).min(1).optional(),
  ...planProvenance,
});

export type FlexCreditsPlan = z.output<typeof FlexCreditsSchema>;

/**
 * Credits one action costs on a channel in an environment (voice pricing is production-only).
 * Takes anything carrying the rates, so per-user's metered traffic shares the rule.
 */
export function creditsPerAction(plan: Pick<FlexCreditsPlan, 'creditsPerAction'>, channel: Channel, environment: Environment): number {
  const rates = plan.creditsPerAction;
  if (environment === 'sandbox') return rates.sandbox;
  return channel === 'voice' && rates.voice !== undefined ? rates.voice : rates.production;
}

/** Included credits granted at the start of each term: the yearly amount pro-rated, rounded down. */
export function includedPerTerm(plan: FlexCreditsPlan): number {
  return Math.floor(((plan.includedCreditsPerYear ?? 0) * plan.termMonths) / 12);
}

export const flexCredits: PricingModel<FlexCreditsPlan> = {
  model: 'flex-credits',
  description: 'Salesforce Flex Credits: credits per metered action, billed metered or in prepaid packs',
  schema: FlexCreditsSchema,

  meter(ticket, plan, ctx) {
    const actions = ticket.actions.filter(isMetered).length;
    return { actions, credits: actions * creditsPerAction(plan, ticket.channel, ctx.environment) };
  },

  ticketMicros(units, plan) {
    return priceMicros(units.credits ?? 0, plan.pack.usd, plan.pack.credits);
  },

  bill(usage, plan, ctx) {
    return billFlexCredits(unitsByMonth(usage, ctx.months, ['actions', 'credits']), ctx.months, plan);
  },
};

/**
 * The months of a Flex Credits contract, in order. Terms start at the first month of the period;
 * a term that runs past the period's end keeps its balance (nothing expires inside the period).
 */
export function billFlexCredits(units: Units[], months: readonly string[], plan: FlexCreditsPlan): MonthlyBill[] {
  const { pack } = plan;
  let free = plan.freeCredits ?? 0;
  let included = 0;
  let balance = 0;
  return months.map((month, i): MonthlyBill => {
    if (i % plan.termMonths === 0) included = includedPerTerm(plan);
    const used = units[i].credits;
    const freeUsed = Math.min(free, used);
    free -= freeUsed;
    const includedUsed = Math.min(included, used - freeUsed);
    included -= includedUsed;
    const due = used - freeUsed - includedUsed;

    let packsBought = 0;
    let creditsBilled = due;
    let micros: number;
    if (plan.billing === 'packs') {
      // Buying packs action by action, whenever the balance cannot cover the next one, ends with
      // exactly the fewest whole packs that cover the month: a pack is only ever bought while the
      // credits bought so far fall short of the credits used, so no purchase is unneeded.
      packsBought = due > balance ? Math.ceil((due - balance) / pack.credits) : 0;
      creditsBilled = packsBought * pack.credits;
      balance += creditsBilled - due;
      micros = packsBought * usdToMicros(pack.usd);
    } else {
      micros = priceMicros(due, pack.usd, pack.credits);
    }

    let creditsExpired = 0;
    if ((i + 1) % plan.termMonths === 0) {
      creditsExpired = balance + included;
      balance = 0;
      included = 0;
    }
    const line = plan.billing === 'packs'
      ? { label: 'Flex Credit packs', quantity: packsBought, micros }
      : { label: 'Flex Credits beyond allowances', quantity: due, micros };
    return {
      month,
      micros: roundMicrosToCents(micros),
      units: units[i],
      lines: [line],
      invoice: {
        unit: 'credits', usage: used, included: freeUsed + includedUsed, overage: due,
        packsBought, balanceCarried: balance, feesMicros: 0, usageMicros: micros,
      },
      details: {
        creditsUsed: used,
        freeCreditsUsed: freeUsed,
        includedCreditsUsed: includedUsed,
        creditsBilled,
        packsBought,
        balanceCarried: balance,
        creditsExpired,
      },
    };
  });
}
