/**
 * Mergeable partial aggregates: what a worker returns for a batch of tickets, and what the main
 * thread sums. Integer counts only, keyed by strings, so merging is associative and commutative
 * and the result never depends on batch order or worker count (STYLE rule 8).
 */

import type { Units } from '../pricing/model.js';

export type Counts = Record<string, number>;

export interface MonthCounts {
  tickets: number;
  aiResolved: number;
  handedOff: number;
}

/** Usage attributed to one tag value in one month, for cost-by-tag allocation. */
export interface TagCell {
  tickets: number;
  /** Sum of the tickets' list prices in micro-dollars (the allocation weight). */
  weight: number;
}

export interface PlanPartial {
  /** month → usage units. */
  usage: Record<string, Units>;
  /** `dimension \u0001 value \u0001 month` → cell. */
  tags: Record<string, TagCell>;
  /** Per-ticket list price rounded to cents → tickets. */
  histogram: Counts;
}

export interface Partial {
  tickets: number;
  aiResolved: number;
  handedOff: number;
  /** Earliest and latest createdAt (epoch ms); null before any ticket. */
  firstAt: number | null;
  lastAt: number | null;
  handoffReasons: Counts;
  actions: Counts;
  intents: Counts;
  channels: Counts;
  months: Record<string, MonthCounts>;
  /** Index-aligned with the run's plans. */
  plans: PlanPartial[];
}

export const TAG_SEPARATOR = '\u0001';

export function emptyPartial(planCount: number): Partial {
  return {
    tickets: 0, aiResolved: 0, handedOff: 0, firstAt: null, lastAt: null,
    handoffReasons: {}, actions: {}, intents: {}, channels: {}, months: {},
    plans: Array.from({ length: planCount }, () => ({ usage: {}, tags: {}, histogram: {} })),
  };
}

/** Adds `n` to counts[key]. */
export function bump(counts: Counts, key: string, n = 1): void {
  counts[key] = (counts[key] ?? 0) + n;
}

/** Adds every count of `from` into `into`. */
export function addCounts(into: Counts, from: Counts): void {
  for (const key in from) into[key] = (into[key] ?? 0) + from[key];
}

function addRecords<T extends object>(into: Record<string, T>, from: Record<string, T>): void {
  for (const key in from) {
    const target = into[key];
    if (target) addCounts(target as Counts, from[key] as Counts);
    else into[key] = { ...from[key] };
  }
}

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Merges `b` into a new partial; neither input is changed. */
export function mergePartials(a: Partial, b: Partial): Partial {
  const out = emptyPartial(Math.max(a.plans.length, b.plans.length));
  for (const p of [a, b]) {
    out.tickets += p.tickets;
    out.aiResolved += p.aiResolved;
    out.handedOff += p.handedOff;
    out.firstAt = minOf(out.firstAt, p.firstAt);
    out.lastAt = maxOf(out.lastAt, p.lastAt);
    addCounts(out.handoffReasons, p.handoffReasons);
    addCounts(out.actions, p.actions);
    addCounts(out.intents, p.intents);
    addCounts(out.channels, p.channels);
    addRecords(out.months, p.months);
    p.plans.forEach((plan, i) => {
      addRecords(out.plans[i].usage, plan.usage);
      addRecords(out.plans[i].tags, plan.tags);
      addCounts(out.plans[i].histogram, plan.histogram);
    });
  }
  return out;
}
