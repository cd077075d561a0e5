/**
 * Monte Carlo forecast of the coming months' bills, as pure functions over plain data (workers run
 * batches of paths; the main thread merges them):
 * 1. a path builds each coming month from the history's own days, a week at a time: a block of 7
 *    consecutive days is drawn from those that start on the same weekday, so weekday seasonality and
 *    the intent and channel mix of real days are kept (a moving-block bootstrap);
 * 2. the month is scaled by the trend fitted on the history (log-linear in the month's tickets per
 *    day) and, with probability `surge.probability`, by `surge.size`;
 * 3. every plan bills the path's months as the continuation of the history (allowances, tiers, packs
 *    and balances carry on), plus the human cost of the hand-offs where one is set.
 * Every draw comes from the seed and the path's number, so a result never depends on how paths are
 * split between workers.
 */

import { hash32, mulberry32 } from '../random.js';
import { microsToCents } from '../money.js';
import { humanCents } from '../pricing/bill.js';
import { getModel } from '../pricing/index.js';
import type { Environment, PricingModel, Units } from '../pricing/model.js';
import type { Plan } from '../pricing/plans.js';
import { daysOfMonths } from '../pricing/wallet.js';

export interface Surge {
  /** Chance that a coming month is a surge month. */
  probability: number;
  /** What a surge multiplies the month's volume by (1.5 = half as much again). */
  size: number;
}

/** Everything a batch of paths needs: plain, structured-cloneable data. */
export interface ForecastInput {
  plans: Plan[];
  environment: Environment;
  /** Per plan, USD per handed-off ticket (undefined: no human cost). */
  humanUsd: (number | undefined)[];
  /** The history's months, in order, and per plan the usage billed in each. */
  months: string[];
  monthUnits: Units[][];
  /** The history's days (`YYYY-MM-DD`, consecutive), tickets per day and per plan units per day. */
  days: string[];
  dayTickets: number[];
  dayUnits: Units[][];
  /** Share of tickets handed off in the history. */
  handoffShare: number;
  /** The coming months to forecast, in order. */
  horizon: string[];
  /** Log-linear trend per month, and the month index (0 = the history's first) the days' level stands for. */
  trend: { perMonth: number; center: number };
  surge?: Surge;
  /** Per plan, what its prices are multiplied by (what-if scenarios; bills are linear in prices). */
  priceFactor?: number[];
  seed: number;
}

/** A batch's result: per plan, per coming month, the bill in cents of each path of the batch. */
export type PathCosts = number[][][];

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

/** The `n` months after `month`. */
export function monthsAfter(month: string, n: number): string[] {
  const [y, m] = month.split('-').map(Number);
  return Array.from({ length: n }, (_, i) => {
    const k = m + i;
    return `${y + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

/**
 * The trend of the history: the least-squares slope of log(tickets per day) over the month index,
 * months weighted by their days with tickets data, clamped to ±20 % a month (a short history must
 * not extrapolate into absurdity); `center` is the day-weighted mean month index.
 */
export function fitTrend(months: readonly string[], days: readonly string[], dayTickets: readonly number[]): { perMonth: number; center: number } {
  const index = new Map(months.map((m, i) => [m, i]));
  const perMonth = new Map<number, { days: number; tickets: number }>();
  days.forEach((day, d) => {
    const i = index.get(day.slice(0, 7));
    if (i === undefined) return;
    const cell = perMonth.get(i) ?? { days: 0, tickets: 0 };
    cell.days++;
    cell.tickets += dayTickets[d];
    perMonth.set(i, cell);
  });
  const points = [...perMonth].filter(([, c]) => c.tickets > 0).map(([i, c]) => ({ x: i, y: Math.log(c.tickets / c.days), w: c.days }));
  const w = points.reduce((s, p) => s + p.w, 0);
  if (points.length < 3 || w === 0) {
    const center = points.length ? points.reduce((s, p) => s + p.x * p.w, 0) / w : 0;
    return { perMonth: 0, center };
  }
  const mx = points.reduce((s, p) => s + p.x * p.w, 0) / w;
  const my = points.reduce((s, p) => s + p.y * p.w, 0) / w;
  const sxx = points.reduce((s, p) => s + p.w * (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + p.w * (p.x - mx) * (p.y - my), 0);
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { perMonth: Math.max(-0.2, Math.min(0.2, slope)), center: mx };
}

/** Per weekday, the history day indexes a 7-day block can start at. */
function blockStarts(days: readonly string[]): number[][] {
  const starts: number[][] = Array.from({ length: 7 }, () => []);
  const last = days.length >= 7 ? days.length - 7 : 0;
  for (let i = 0; i <= last && i < days.length; i++) starts[weekday(days[i])].push(i);
  // A history shorter than a week still gives every weekday something to start from.
  for (let w = 0; w < 7; w++) if (starts[w].length === 0) starts[w] = [0];
  return starts;
}

/**
 * One path's months: for each coming month, the history day indexes it is made of (one per day of
 * the month, whole weeks drawn with matching weekdays) and its volume factor (trend × surge).
 */
export function samplePath(input: ForecastInput, path: number): { days: number[]; factor: number }[] {
  const random = mulberry32(hash32(`forecast\u0000${path}`, input.seed));
  const starts = blockStarts(input.days);
  const n = input.days.length;
  return input.horizon.map((month, k) => {
    const picked: number[] = [];
    let block = -1;
    let offset = 7;
    for (const day of daysOfMonths([month])) {
      if (offset >= 7 || block + offset >= n) {
        const options = starts[weekday(day)];
        block = options[Math.floor(random() * options.length)];
        offset = 0;
      }
      picked.push(Math.min(n - 1, block + offset));
      offset++;
    }
    const index = input.months.length + k;
    let factor = Math.exp(input.trend.perMonth * (index - input.trend.center));
    const surged = random();
    if (input.surge && surged < input.surge.probability) factor *= input.surge.size;
    return { days: picked, factor };
  });
}

/** The bills of paths [from, to) for every plan and coming month, in cents. */
export function simulatePaths(input: ForecastInput, from: number, to: number): PathCosts {
  const costs: PathCosts = input.plans.map(() => input.horizon.map(() => [] as number[]));
  const models = input.plans.map((p) => getModel(p.model) as PricingModel<Plan>);
  const allMonths = [...input.months, ...input.horizon];
  for (let path = from; path < to; path++) {
    const months = samplePath(input, path);
    const tickets = months.map((m) => Math.round(m.days.reduce((s, d) => s + input.dayTickets[d], 0) * m.factor));
    input.plans.forEach((plan, p) => {
      const simulated = months.map((m) => {
        const units: Units = {};
        for (const d of m.days) for (const [k, v] of Object.entries(input.dayUnits[p][d] ?? {})) units[k] = (units[k] ?? 0) + v;
        for (const k in units) units[k] = Math.round(units[k] * m.factor);
        return units;
      });
      const usage = allMonths.map((month, i) => ({
        month,
        tickets: i < input.months.length ? 0 : tickets[i - input.months.length],
        units: i < input.months.length ? input.monthUnits[p][i] : simulated[i - input.months.length],
      }));
      const bills = models[p].bill(usage, plan, { environment: input.environment, months: allMonths });
      const human = input.humanUsd[p];
      input.horizon.forEach((_, k) => {
        let cents = microsToCents(bills[input.months.length + k].micros * (input.priceFactor?.[p] ?? 1));
        if (human !== undefined) cents += humanCents(Math.round(tickets[k] * input.handoffShare), human);
        costs[p][k].push(cents);
      });
    });
  }
  return costs;
}

/** Concatenates batches' costs, in path order. */
export function mergePathCosts(batches: readonly PathCosts[]): PathCosts {
  const [first, ...rest] = batches;
  if (!first) return [];
  return first.map((plan, p) => plan.map((month, k) => month.concat(...rest.map((b) => b[p][k]))));
}
