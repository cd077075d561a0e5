/**
 * The what-if curves and the break-even points of summary.json (`whatIf`, `breakEven`):
 * - per plan, the average monthly bill at steady volumes from 0 to 3× the busiest month, and the
 *   bill over the period as the AI-resolved share goes from 0 to 100 % (the charts' curves);
 * - per pair of plans, the monthly volume where they cost the same (searched from 1 ticket a
 *   month to 100× the history's average, first crossing, to the ticket) and the AI-resolved share
 *   where they cost the same over the period (to 0.1 %); null when they never cross there.
 */

import type { Partial } from '../aggregate/partial.js';
import type { Environment } from '../pricing/model.js';
import type { Plan } from '../pricing/plans.js';
import type { BreakEvenSummary, WhatIfSummary } from '../summary.js';
import { costAtAiShare, costAtVolume, planContexts, yearFrom } from './what-if.js';

/** Points on the charts' volume axis, and on the share axis (0, 5 %, …, 100 %). */
const VOLUME_POINTS = 24;
const SHARE_POINTS = 21;
/** How far past the history the volume search looks, as a multiple of the average month. */
const SEARCH_FACTOR = 100;
/** Samples of the search range (log-spaced) before bisecting a bracket. */
const SEARCH_SAMPLES = 160;

export interface AnalysisInput {
  plans: readonly Plan[];
  partial: Partial;
  /** The billed months of the period. */
  months: readonly string[];
  environment: Environment;
  humanUsdPerHandoff?: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** A "nice" step for an axis from 0 to at least `max` in about `points` steps. */
function niceStep(max: number, points: number): number {
  const raw = Math.max(1, max / points);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
}

export function analyse(input: AnalysisInput): { whatIf: WhatIfSummary; breakEven: BreakEvenSummary } {
  const { plans, partial, months } = input;
  const plansCtx = planContexts(plans, partial, input.environment, input.humanUsdPerHandoff);
  const tickets = months.map((m) => partial.months[m]?.tickets ?? 0);
  const year = yearFrom(months[0]);
  const average = partial.tickets / Math.max(1, months.length);
  const busiest = Math.max(1, ...tickets);

  const step = Math.ceil(niceStep(3 * busiest, VOLUME_POINTS));
  const volumes = Array.from({ length: Math.ceil((3 * busiest) / step) + 1 }, (_, i) => i * step);
  const shares = Array.from({ length: SHARE_POINTS }, (_, i) => i / (SHARE_POINTS - 1));
  const volumeCost = (i: number, v: number) => costAtVolume(plansCtx[i].ctx, plansCtx[i].profile, year, v);
  const shareCost = (i: number, s: number) => costAtAiShare(plansCtx[i].ctx, plansCtx[i].profile, months, tickets, s);

  const whatIf: WhatIfSummary = {
    volume: {
      ticketsPerMonth: volumes,
      actualTicketsPerMonth: Math.round(average),
      plans: plans.map((p, i) => ({ id: p.id, usdPerMonth: volumes.map((v) => round2(volumeCost(i, v))) })),
    },
    automation: {
      aiShare: shares,
      actualShare: Math.round((partial.tickets > 0 ? partial.aiResolved / partial.tickets : 0) * 10_000) / 10_000,
      plans: plans.map((p, i) => ({ id: p.id, usd: shares.map((s) => round2(shareCost(i, s))) })),
    },
  };

  // Volume crossings: sample log-spaced volumes, then bisect the first bracket to the ticket.
  const top = Math.max(10, Math.ceil(SEARCH_FACTOR * Math.max(1, average)));
  const samples = [...new Set(Array.from({ length: SEARCH_SAMPLES }, (_, k) => Math.round(top ** (k / (SEARCH_SAMPLES - 1)))))];
  const sampled = plans.map((_, i) => samples.map((v) => volumeCost(i, v)));
  const shareSamples = Array.from({ length: 201 }, (_, k) => k / 200);
  const shareSampled = plans.map((_, i) => shareSamples.map((s) => shareCost(i, s)));
  const pairs: BreakEvenSummary['pairs'] = [];
  const automation: BreakEvenSummary['automation'] = [];
  for (let a = 0; a < plans.length; a++) {
    for (let b = a + 1; b < plans.length; b++) {
      const volume = firstCrossing(samples, (k) => sampled[a][k] - sampled[b][k], (v) => volumeCost(a, v) - volumeCost(b, v), 1);
      pairs.push({ a: plans[a].id, b: plans[b].id, ticketsPerMonth: volume === null ? null : Math.round(volume) });
      const share = firstCrossing(shareSamples, (k) => shareSampled[a][k] - shareSampled[b][k], (s) => shareCost(a, s) - shareCost(b, s), 0.001);
      automation.push({ a: plans[a].id, b: plans[b].id, aiShare: share === null ? null : Math.round(share * 1000) / 1000 });
    }
  }
  return { whatIf, breakEven: { pairs, automation } };
}

/**
 * The first x where the difference between two plans changes sign (or is exactly zero after
 * being non-zero), bisected to `precision`; null when the sign never changes over the samples.
 * Differences within half a cent count as zero.
 */
export function firstCrossing(xs: readonly number[], sampled: (k: number) => number, diff: (x: number) => number, precision: number): number | null {
  const sign = (d: number) => (Math.abs(d) < 0.005 ? 0 : Math.sign(d));
  let start = 0;
  while (start < xs.length && sign(sampled(start)) === 0) start++;
  if (start >= xs.length) return null; // the same cost everywhere: no crossing to speak of
  const first = sign(sampled(start));
  for (let k = start + 1; k < xs.length; k++) {
    const s = sign(sampled(k));
    if (s === first) continue;
    if (s === 0) return xs[k];
    let lo = xs[k - 1];
    let hi = xs[k];
    while (hi - lo > precision) {
      const mid = precision >= 1 ? Math.floor((lo + hi) / 2) : (lo + hi) / 2;
      if (mid === lo) break;
      if (sign(diff(mid)) === first) lo = mid;
      else hi = mid;
    }
    return hi;
  }
  return null;
}
