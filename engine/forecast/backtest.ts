/**
 * Back-testing the forecast (`npm run eval`): hide the last months of a replayed history, forecast
 * them from the months before, and compare with what every plan actually billed for them: how often
 * the actual bill fell inside the P10–P90 band (`coverage`, ideally about 80 %) and the median
 * absolute percentage error of the P50.
 */

import type { Partial } from '../aggregate/partial.js';
import { billPlan } from '../pricing/bill.js';
import type { Environment } from '../pricing/model.js';
import type { Plan } from '../pricing/plans.js';
import { forecast, forecastInput, type ForecastOptions } from './forecast.js';

export interface BacktestResult {
  /** The months forecast (hidden from the history). */
  months: string[];
  plans: {
    id: string;
    /** Share of the hidden months whose actual bill fell within P10–P90. */
    coverage: number;
    /** Median over the hidden months of |P50 − actual| ÷ actual (months with a zero bill left out; null if all were). */
    mape: number | null;
    months: { month: string; actual: number; p10: number; p50: number; p90: number }[];
  }[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Forecasts the last `holdout` months of `months` from the ones before them. The history must have
 * at least `holdout + 2` months.
 */
export async function backtest(
  partial: Partial, plans: readonly Plan[], months: readonly string[], environment: Environment,
  options: { holdout: number; paths: number; seed: number },
): Promise<BacktestResult> {
  const history = months.slice(0, months.length - options.holdout);
  const hidden = months.slice(months.length - options.holdout);
  const lastDay = new Date(Date.parse(`${hidden[0]}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const firstDay = Object.keys(partial.days).sort()[0];
  const fOptions: ForecastOptions = { months: options.holdout, paths: options.paths, seed: options.seed };
  const input = forecastInput(partial, plans, history, { from: firstDay, to: lastDay }, environment, undefined, fOptions);
  const predicted = await forecast(input, fOptions);
  return {
    months: hidden,
    plans: plans.map((plan, i) => {
      const actual = billPlan(plan, i, partial, [...months], { environment }).monthly.slice(-options.holdout);
      const rows = predicted.plans[i].months.map((m, k) => ({ month: m.month, actual: actual[k].usd, p10: m.p10, p50: m.p50, p90: m.p90 }));
      const inside = rows.filter((r) => r.actual >= r.p10 && r.actual <= r.p90).length;
      const errors = rows.filter((r) => r.actual > 0).map((r) => Math.abs(r.p50 - r.actual) / r.actual);
      return { id: plan.id, coverage: inside / rows.length, mape: median(errors), months: rows };
    }),
  };
}
