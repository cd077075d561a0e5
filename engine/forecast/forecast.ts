/**
 * The forecast of summary.json: builds the plain ForecastInput from the merged partial, runs the
 * paths in batches (in the worker pool during a run, in-process in tests and the back-test), and
 * turns the paths' bills into P10 / P50 / P90 / P99 per plan and month, with the probability of
 * going over the monthly budget.
 */

import type { Partial } from '../aggregate/partial.js';
import type { Environment, Units } from '../pricing/model.js';
import type { Plan } from '../pricing/plans.js';
import type { ForecastSummary, ScenarioSummary } from '../summary.js';
import { applyScenario, describeChanges, type Scenario } from './scenarios.js';
import { fitTrend, mergePathCosts, monthsAfter, simulatePaths, type ForecastInput, type PathCosts, type Surge } from './simulate.js';

/** The history days the paths are drawn from, and the trend fitted on: the last year's. */
export const RECENT_DAYS = 365;

/** Paths per batch sent to a worker. */
export const PATHS_PER_BATCH = 250;

export interface ForecastOptions {
  months: number;
  paths: number;
  seed: number;
  surge?: Surge;
  budget?: number;
}

/** Every day from `from` to `to` (`YYYY-MM-DD`), inclusive. */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * The forecast's input from a partial: the history's days of the last year, to the last ticket's
 * day (days without tickets included, so quiet days are drawn as often as they happened), and the
 * months billed so far (all of them: billing carries on from the whole history).
 */
export function forecastInput(
  partial: Partial, plans: readonly Plan[], months: readonly string[], period: { from: string; to: string },
  environment: Environment, humanUsd: number | undefined, options: ForecastOptions,
): ForecastInput {
  // The last year of the history at most: recent weeks stand for the coming months better than
  // years-old ones (a history that shrank or grew must not be resampled at its old level).
  const yearBefore = new Date(Date.parse(`${period.to}T00:00:00Z`) - RECENT_DAYS * 86_400_000 + 86_400_000).toISOString().slice(0, 10);
  const days = dayRange(period.from > yearBefore ? period.from : yearBefore, period.to);
  const dayTickets = days.map((d) => partial.days[d] ?? 0);
  return {
    plans: [...plans],
    environment,
    humanUsd: plans.map((p) => p.humanUsdPerHandoff ?? humanUsd),
    months: [...months],
    monthUnits: plans.map((_, i) => months.map((m) => ({ ...(partial.plans[i].usage[m] ?? {}) }))),
    days,
    dayTickets,
    dayUnits: plans.map((_, i) => days.map((d): Units => ({ ...(partial.plans[i].daily[d] ?? {}) }))),
    handoffShare: partial.tickets > 0 ? partial.handedOff / partial.tickets : 0,
    horizon: monthsAfter(months[months.length - 1], options.months),
    trend: fitTrend(months, days, dayTickets),
    ...(options.surge ? { surge: options.surge } : {}),
    seed: options.seed,
  };
}

/** The `q` quantile of sorted values, linearly interpolated between ranks (Hyndman & Fan type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Per plan and coming month: the quantiles of the bill (USD, to the cent) and the budget risk. */
export function summarizePaths(input: ForecastInput, costs: PathCosts, options: ForecastOptions): ForecastSummary {
  const budgetCents = options.budget === undefined ? undefined : Math.round(options.budget * 100);
  const usd = (cents: number) => Math.round(cents) / 100;
  const total = (p: number) => {
    const sums = costs[p][0].map((_, path) => costs[p].reduce((s, month) => s + month[path], 0)).sort((a, b) => a - b);
    return { p10: usd(quantile(sums, 0.1)), p50: usd(quantile(sums, 0.5)), p90: usd(quantile(sums, 0.9)) };
  };
  return {
    months: input.horizon.length,
    paths: options.paths,
    seed: options.seed,
    trendPerMonth: Math.round(input.trend.perMonth * 10_000) / 10_000,
    ...(input.surge ? { surge: input.surge } : {}),
    plans: input.plans.map((plan, p) => ({
      id: plan.id,
      months: input.horizon.map((month, k) => {
        const sorted = [...costs[p][k]].sort((a, b) => a - b);
        const mean = sorted.reduce((s, c) => s + c, 0) / Math.max(1, sorted.length);
        return {
          month,
          p10: usd(quantile(sorted, 0.1)),
          p50: usd(quantile(sorted, 0.5)),
          p90: usd(quantile(sorted, 0.9)),
          p99: usd(quantile(sorted, 0.99)),
          mean: usd(mean),
          pOverBudget: budgetCents === undefined ? null : Math.round((sorted.filter((c) => c > budgetCents).length / Math.max(1, sorted.length)) * 10_000) / 10_000,
        };
      }),
      total: input.horizon.length > 0 && costs[p][0].length > 0 ? total(p) : { p10: 0, p50: 0, p90: 0 },
    })),
  };
}

/** Runs every path through `runBatch` (a worker, or in-process) and summarizes them. */
export async function forecast(
  input: ForecastInput, options: ForecastOptions,
  runBatch: (from: number, to: number) => Promise<PathCosts> = async (from, to) => simulatePaths(input, from, to),
): Promise<ForecastSummary> {
  const batches: Promise<PathCosts>[] = [];
  for (let from = 0; from < options.paths; from += PATHS_PER_BATCH) batches.push(runBatch(from, Math.min(options.paths, from + PATHS_PER_BATCH)));
  return summarizePaths(input, mergePathCosts(await Promise.all(batches)), options);
}

/**
 * The baseline and every scenario, forecast with the same seed and paths (so they differ only by
 * their changes): per plan the horizon's bill, P10 / P50 / P90.
 */
export async function forecastScenarios(
  base: ForecastInput, baseline: ForecastSummary, scenarios: readonly Scenario[], partial: Partial, options: ForecastOptions,
  runBatch: (input: ForecastInput, from: number, to: number) => Promise<PathCosts> = async (input, from, to) => simulatePaths(input, from, to),
): Promise<ScenarioSummary[]> {
  const totals = (f: ForecastSummary, keep: readonly number[]) => keep.map((i) => ({ id: f.plans[i].id, ...f.plans[i].total }));
  const out: ScenarioSummary[] = [{ name: 'Baseline', changes: 'as forecast', plans: totals(baseline, base.plans.map((_, i) => i)) }];
  for (const scenario of scenarios) {
    const { input, keep } = applyScenario(base, scenario, partial);
    const f = await forecast(input, options, (from, to) => runBatch(input, from, to));
    out.push({ name: scenario.name, ...(scenario.description ? { description: scenario.description } : {}), changes: describeChanges(scenario), plans: totals(f, keep) });
  }
  return out;
}
