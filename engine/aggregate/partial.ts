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
  /** Tickets handed off to a human (the weight of the human-handling cost). */
  handoffs: number;
}

export interface PlanPartial {
  /** month → usage units. */
  usage: Record<string, Units>;
  /** `YYYY-MM-DD` → usage units: the credit wallet's day-by-day balance, the forecast's days. */
  daily: Record<string, Units>;
  /** Usage of the AI-resolved and of the handed-off tickets: what-if curves by AI-resolved share. */
  byResolution: { ai: Units; handoff: Units };
  /** Usage per channel: what-if scenarios that shift tickets between channels. */
  byChannel: Record<string, Units>;
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
  /** `YYYY-MM-DD` → tickets created that day. */
  days: Counts;
  /** Index-aligned with the run's plans. */
  plans: PlanPartial[];
}

export const TAG_SEPARATOR = '\u0001';

export function emptyPlanPartial(): PlanPartial {
  return { usage: {}, daily: {}, byResolution: { ai: {}, handoff: {} }, byChannel: {}, tags: {}, histogram: {} };
}

export function emptyPartial(planCount: number): Partial {
  return {
    tickets: 0, aiResolved: 0, handedOff: 0, firstAt: null, lastAt: null,
    handoffReasons: {}, actions: {}, intents: {}, channels: {}, months: {}, days: {},
    plans: Array.from({ length: planCount }, emptyPlanPartial),
  };
}

/*
 * Keys come from the data (action names from an `actions` column, a playbook's names), so a key
 * may be `constructor`, `toString` or `__proto__`: counts read only own properties, and
 * `__proto__` is defined as a plain property (assigning it would set the object's prototype).
 */

/** counts[key] as an own property, or undefined. */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets record[key] as an own, enumerable property, whatever the key. */
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}

/** Adds `n` to counts[key]. */
export function bump(counts: Counts, key: string, n = 1): void {
  setOwn(counts, key, (own(counts, key) ?? 0) + n);
}

/** Adds every count of `from` into `into`. */
export function addCounts(into: Counts, from: Counts): void {
  for (const key of Object.keys(from)) bump(into, key, from[key]);
}

function addRecords<T extends object>(into: Record<string, T>, from: Record<string, T>): void {
  for (const key of Object.keys(from)) {
    const target = own(into, key);
    if (target) addCounts(target as Counts, from[key] as Counts);
    else setOwn(into, key, { ...from[key] });
  }
}

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Merges `b` into a new partial; neither input is changed. */
export function mergePartials(a: Partial, b: Partial): Partial {
  const out = emptyPartial(Math.max(a.plans.length, b.plans.length));
  addPartial(out, a);
  return addPartial(out, b);
}

/**
 * Adds `p` into `into`, in place, and returns `into`: the pool folds each batch's partial this
 * way rather than copying the running total once per batch. `p` is not changed.
 */
export function addPartial(into: Partial, p: Partial): Partial {
  into.tickets += p.tickets;
  into.aiResolved += p.aiResolved;
  into.handedOff += p.handedOff;
  into.firstAt = minOf(into.firstAt, p.firstAt);
  into.lastAt = maxOf(into.lastAt, p.lastAt);
  addCounts(into.handoffReasons, p.handoffReasons);
  addCounts(into.actions, p.actions);
  addCounts(into.intents, p.intents);
  addCounts(into.channels, p.channels);
  addRecords(into.months, p.months);
  addCounts(into.days, p.days);
  p.plans.forEach((plan, i) => {
    const target = (into.plans[i] ??= emptyPlanPartial());
    addRecords(target.usage, plan.usage);
    addRecords(target.daily, plan.daily);
    addCounts(target.byResolution.ai, plan.byResolution.ai);
    addCounts(target.byResolution.handoff, plan.byResolution.handoff);
    addRecords(target.byChannel, plan.byChannel);
    addRecords(target.tags, plan.tags);
    addCounts(target.histogram, plan.histogram);
  });
  return into;
}

function scaleCounts(counts: Counts, k: number): void {
  for (const key in counts) counts[key] *= k;
}

/**
 * The partial with every count multiplied by `k` (−1 to take records back out of a sum).
 * firstAt and lastAt are kept: they are bounds, not sums.
 */
export function scalePartial(p: Partial, k: number): Partial {
  const out = mergePartials(emptyPartial(p.plans.length), p);
  out.tickets *= k;
  out.aiResolved *= k;
  out.handedOff *= k;
  for (const counts of [out.handoffReasons, out.actions, out.intents, out.channels, out.days]) scaleCounts(counts, k);
  for (const m of Object.values(out.months)) scaleCounts(m as unknown as Counts, k);
  for (const plan of out.plans) {
    for (const units of Object.values(plan.usage)) scaleCounts(units, k);
    for (const units of Object.values(plan.daily)) scaleCounts(units, k);
    scaleCounts(plan.byResolution.ai, k);
    scaleCounts(plan.byResolution.handoff, k);
    for (const units of Object.values(plan.byChannel)) scaleCounts(units, k);
    for (const cell of Object.values(plan.tags)) scaleCounts(cell as unknown as Counts, k);
    scaleCounts(plan.histogram, k);
  }
  return out;
}

/** Drops keys whose count fell to zero (after taking records back out), so outputs stay tidy. */
export function pruneZeros(p: Partial): Partial {
  const prune = (counts: Counts) => {
    for (const key in counts) if (counts[key] === 0) delete counts[key];
  };
  for (const counts of [p.handoffReasons, p.actions, p.intents, p.channels, p.days]) prune(counts);
  for (const [month, m] of Object.entries(p.months)) if (m.tickets === 0) delete p.months[month];
  for (const plan of p.plans) {
    prune(plan.histogram);
    for (const [day, units] of Object.entries(plan.daily)) if (!(day in p.days)) delete plan.daily[day];
    for (const [key, cell] of Object.entries(plan.tags)) if (cell.tickets === 0) delete plan.tags[key];
  }
  return p;
}
