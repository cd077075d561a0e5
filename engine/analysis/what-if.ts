/**
 * What the bills would be under other conditions, from this history's own usage per ticket. Two
 * questions a buyer asks of a usage price:
 * - at what monthly volume does plan A become cheaper than plan B? (`costAtVolume`: a year of
 *   steady months at V tickets, each plan billed by its own rules: allowances, tiers, packs);
 * - what if the AI resolved more, or fewer, of the tickets? (`costAtAiShare`: the replayed
 *   months again, each ticket costing what an AI-resolved or a handed-off ticket of this history
 *   costs on average, in the given proportion).
 * Usage per ticket is the history's mean, by unit, for AI-resolved and for handed-off tickets
 * separately; a month's units are rounded to whole units before billing (models bill integers).
 */

import type { Partial, PlanPartial } from '../aggregate/partial.js';
import { microsToCents } from '../money.js';
import { humanCents } from '../pricing/bill.js';
import { getModel } from '../pricing/index.js';
import type { Environment, PricingModel, Units } from '../pricing/model.js';
import type { Plan } from '../pricing/plans.js';
import { monthsAfter } from '../forecast/simulate.js';

/** A plan with what billing it needs: the model, the environment and the human cost per hand-off. */
export interface PlanContext {
  plan: Plan;
  environment: Environment;
  humanUsdPerHandoff?: number;
}

/** Mean usage per ticket for AI-resolved and for handed-off tickets (one class borrows the other's if empty). */
export interface TicketProfile {
  ai: Units;
  handoff: Units;
  /** The history's AI-resolved share. */
  aiShare: number;
}

export function ticketProfile(usage: PlanPartial['byResolution'], aiResolved: number, handedOff: number): TicketProfile {
  const mean = (units: Units, n: number): Units => Object.fromEntries(Object.entries(units).map(([k, v]) => [k, n > 0 ? v / n : 0]));
  const ai = mean(usage.ai, aiResolved);
  const handoff = mean(usage.handoff, handedOff);
  const total = aiResolved + handedOff;
  return {
    ai: aiResolved > 0 ? ai : handoff,
    handoff: handedOff > 0 ? handoff : ai,
    aiShare: total > 0 ? aiResolved / total : 0,
  };
}

/** The units of `tickets` tickets of which a share `aiShare` were AI-resolved, rounded per unit. */
export function unitsFor(profile: TicketProfile, tickets: number, aiShare: number): Units {
  const out: Units = {};
  for (const unit of new Set([...Object.keys(profile.ai), ...Object.keys(profile.handoff)])) {
    out[unit] = Math.round(tickets * (aiShare * (profile.ai[unit] ?? 0) + (1 - aiShare) * (profile.handoff[unit] ?? 0)));
  }
  return out;
}

/**
 * The bill in cents over `months`, month i having `tickets[i]` tickets of which a share `aiShare`
 * was AI-resolved, the rest handed off (and, with a human cost, paid for).
 */
export function billCents(ctx: PlanContext, profile: TicketProfile, months: readonly string[], tickets: readonly number[], aiShare: number): number {
  const model = getModel(ctx.plan.model) as PricingModel<Plan>;
  const usage = months.map((month, i) => ({ month, tickets: tickets[i], units: unitsFor(profile, tickets[i], aiShare) }));
  const bills = model.bill(usage, ctx.plan, { environment: ctx.environment, months: [...months] });
  let cents = 0;
  for (const bill of bills) cents += microsToCents(bill.micros);
  if (ctx.humanUsdPerHandoff !== undefined) {
    for (const n of tickets) cents += humanCents(Math.round(n * (1 - aiShare)), ctx.humanUsdPerHandoff);
  }
  return cents;
}

/** Twelve months from `first` (`YYYY-MM`). */
export function yearFrom(first: string): string[] {
  return [first, ...monthsAfter(first, 11)];
}

/**
 * The average monthly bill, in USD, over a year of steady months at `ticketsPerMonth` tickets
 * with this history's AI-resolved share (one-time free credits are spread over that year).
 */
export function costAtVolume(ctx: PlanContext, profile: TicketProfile, year: readonly string[], ticketsPerMonth: number): number {
  return billCents(ctx, profile, year, year.map(() => ticketsPerMonth), profile.aiShare) / 100 / year.length;
}

/** The bill over the replayed months, in USD, had a share `aiShare` of their tickets been AI-resolved. */
export function costAtAiShare(ctx: PlanContext, profile: TicketProfile, months: readonly string[], tickets: readonly number[], aiShare: number): number {
  return billCents(ctx, profile, months, tickets, aiShare) / 100;
}

/** Every plan's profile and context from the merged partial. */
export function planContexts(plans: readonly Plan[], partial: Partial, environment: Environment, humanUsdPerHandoff?: number): { ctx: PlanContext; profile: TicketProfile }[] {
  return plans.map((plan, i) => ({
    ctx: { plan, environment, humanUsdPerHandoff: plan.humanUsdPerHandoff ?? humanUsdPerHandoff },
    profile: ticketProfile(partial.plans[i].byResolution, partial.aiResolved, partial.handedOff),
  }));
}
