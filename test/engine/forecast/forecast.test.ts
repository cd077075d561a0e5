import { describe, expect, it } from 'vitest';
import { emptyPartial, type Partial } from '../../../engine/aggregate/partial.js';
import { dayRange, forecast, forecastInput, quantile, summarizePaths } from '../../../engine/forecast/forecast.js';
import { backtest } from '../../../engine/forecast/backtest.js';
import { fitTrend, monthsAfter, samplePath, simulatePaths } from '../../../engine/forecast/simulate.js';
import { normalizePlans, type Plan } from '../../../engine/pricing/plans.js';

const plans: Plan[] = normalizePlans({
  file: 'test', lineOf: () => undefined,
  data: [
    { id: 'conv', name: 'Conversations', model: 'per-conversation', usdPerConversation: 2 },
    { id: 'flat', name: 'Flat', model: 'flat-rate', tiers: [{ name: 'T', usdPerMonth: 239, includedInteractions: 100_000 }], overage: 'cap' },
  ],
});

/** A history of whole months: `perDay(day index, date)` tickets a day, one conversation and one interaction each. */
function history(months: string[], perDay: (i: number, date: string) => number): { partial: Partial; period: { from: string; to: string } } {
  const p = emptyPartial(plans.length);
  const days = dayRange(`${months[0]}-01`, `${months.at(-1)}-${new Date(Date.UTC(Number(months.at(-1)!.slice(0, 4)), Number(months.at(-1)!.slice(5)), 0)).getUTCDate()}`);
  days.forEach((date, i) => {
    const n = perDay(i, date);
    if (n === 0) return;
    const month = date.slice(0, 7);
    p.tickets += n;
    p.aiResolved += n;
    p.days[date] = n;
    const m = (p.months[month] ??= { tickets: 0, aiResolved: 0, handedOff: 0 });
    m.tickets += n;
    m.aiResolved += n;
    (['conversations', 'interactions'] as const).forEach((unit, k) => {
      p.plans[k].daily[date] = { [unit]: n };
      const mu = (p.plans[k].usage[month] ??= {});
      mu[unit] = (mu[unit] ?? 0) + n;
    });
  });
  return { partial: p, period: { from: days[0], to: days.at(-1)! } };
}

const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
const OPTIONS = { months: 3, paths: 400, seed: 7 };

describe('quantile', () => {
  it('interpolates between ranks (type 7): 1..100 gives P10 10.9, P50 50.5, P90 90.1, P99 99.01', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(xs, 0.1)).toBeCloseTo(10.9, 10);
    expect(quantile(xs, 0.5)).toBeCloseTo(50.5, 10);
    expect(quantile(xs, 0.9)).toBeCloseTo(90.1, 10);
    expect(quantile(xs, 0.99)).toBeCloseTo(99.01, 10);
    expect(quantile([5], 0.9)).toBe(5);
  });

  it('recovers the quantiles of a known distribution from paths (uniform 0..$100 in cents)', () => {
    const input = forecastInput(history(MONTHS, () => 1).partial, plans, MONTHS, history(MONTHS, () => 1).period, 'production', undefined, OPTIONS);
    const paths = 10_001;
    const costs = [[Array.from({ length: paths }, (_, i) => i)], [Array.from({ length: paths }, () => 23_900)]];
    const one = { ...input, horizon: input.horizon.slice(0, 1) };
    const s = summarizePaths(one, costs, { ...OPTIONS, paths, budget: 90 });
    expect(s.plans[0].months[0]).toMatchObject({ p10: 10, p50: 50, p90: 90, p99: 99, pOverBudget: 0.1 });
    expect(s.plans[1].months[0]).toMatchObject({ p10: 239, p99: 239, pOverBudget: 1 });
  });
});

describe('the Monte Carlo forecast', () => {
  it('keeps the weekday pattern: weekdays drawn from weekdays, weekends from weekends', () => {
    // 10 tickets Monday to Friday, none at weekends.
    const h = history(MONTHS, (_, d) => ([0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()) ? 0 : 10));
    const input = forecastInput(h.partial, plans, MONTHS, h.period, 'production', undefined, OPTIONS);
    for (const path of [0, 1, 2, 3]) {
      for (const [k, month] of samplePath(input, path).entries()) {
        const days = dayRange(`${input.horizon[k]}-01`, `${input.horizon[k]}-28`);
        month.days.slice(0, 28).forEach((d, i) => {
          expect(new Date(`${input.days[d]}T00:00:00Z`).getUTCDay(), `${days[i]}`).toBe(new Date(`${days[i]}T00:00:00Z`).getUTCDay());
        });
      }
    }
  });

  it('is seeded: the same seed gives the same forecast however the paths are batched; another seed differs', async () => {
    const h = history(MONTHS, (i) => 20 + (i % 9));
    const input = forecastInput(h.partial, plans, MONTHS, h.period, 'production', undefined, OPTIONS);
    const whole = summarizePaths(input, simulatePaths(input, 0, OPTIONS.paths), OPTIONS);
    expect(await forecast(input, OPTIONS)).toEqual(whole); // batches of 250 paths
    const other = forecastInput(h.partial, plans, MONTHS, h.period, 'production', undefined, { ...OPTIONS, seed: 8 });
    expect((await forecast(other, { ...OPTIONS, seed: 8 })).plans[0].months).not.toEqual(whole.plans[0].months);
  });

  it('forecasts a flat history around its own level, with a band, and flat fees exactly', async () => {
    const h = history(MONTHS, (i) => 20 + (i % 9)); // 20..28 a day, mean 24, no trend
    const input = forecastInput(h.partial, plans, MONTHS, h.period, 'production', undefined, OPTIONS);
    expect(Math.abs(input.trend.perMonth)).toBeLessThan(0.01);
    const s = await forecast(input, { ...OPTIONS, budget: 1500 });
    const july = s.plans[0].months[0];
    expect(july.month).toBe('2025-07');
    // 31 days × 24 tickets × $2 = $1,488 expected.
    expect(july.p50).toBeGreaterThan(1488 * 0.97);
    expect(july.p50).toBeLessThan(1488 * 1.03);
    expect(july.p10).toBeLessThan(july.p50);
    expect(july.p90).toBeGreaterThan(july.p50);
    expect(july.p99).toBeGreaterThanOrEqual(july.p90);
    expect(july.pOverBudget).toBeGreaterThan(0);
    expect(july.pOverBudget).toBeLessThan(1);
    expect(s.plans[1].months.every((m) => m.p10 === 239 && m.p99 === 239)).toBe(true);
  });

  it('follows a trend: +10 % a month in the history carries on into the forecast', async () => {
    const h = history(MONTHS, (_, d) => Math.round(20 * 1.1 ** MONTHS.indexOf(d.slice(0, 7))));
    const input = forecastInput(h.partial, plans, MONTHS, h.period, 'production', undefined, OPTIONS);
    expect(input.trend.perMonth).toBeCloseTo(Math.log(1.1), 1);
    const s = await forecast(input, OPTIONS);
    const p50 = s.plans[0].months.map((m) => m.p50 / Number(new Date(Date.UTC(2025, 6 + s.plans[0].months.indexOf(m) + 1, 0)).getUTCDate()));
    // Per day: June had 20 × 1.1^5 = 32.2 tickets; July ≈ 35.4 → about $71 a day, rising.
    expect(p50[0]).toBeGreaterThan(2 * 32.2 * 1.03);
    expect(p50[2]).toBeGreaterThan(p50[0]);
  });

  it('adds surges: a certain surge of ×2 doubles the bill', async () => {
    const h = history(MONTHS, () => 10);
    const base = await forecast(forecastInput(h.partial, plans, MONTHS, h.period, 'production', undefined, OPTIONS), OPTIONS);
    const surged = { ...OPTIONS, surge: { probability: 1, size: 2 } };
    const s = await forecast(forecastInput(h.partial, plans, MONTHS, h.period, 'production', undefined, surged), surged);
    expect(s.plans[0].months[0].p50).toBe(base.plans[0].months[0].p50 * 2);
    expect(s.surge).toEqual({ probability: 1, size: 2 });
  });

  it('fits no trend on fewer than three months, and lists the coming months', () => {
    expect(fitTrend(['2025-01'], ['2025-01-01'], [5]).perMonth).toBe(0);
    expect(monthsAfter('2025-11', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });
});

describe('the back-test', () => {
  it('forecasts the hidden last months from the ones before and scores them against the actual bills', async () => {
    const h = history(MONTHS, (i) => 20 + (i % 9));
    const result = await backtest(h.partial, plans, MONTHS, 'production', { holdout: 2, paths: 300, seed: 3 });
    expect(result.months).toEqual(['2025-05', '2025-06']);
    const conv = result.plans[0];
    // Actual: May has 31 days, June 30, of 20..28 tickets at $2 each.
    expect(conv.months.map((m) => m.actual)).toEqual(['2025-05', '2025-06'].map((m) => 2 * Object.entries(h.partial.days).filter(([d]) => d.startsWith(m)).reduce((s, [, n]) => s + n, 0)));
    expect(conv.coverage).toBeGreaterThanOrEqual(0.5);
    expect(conv.mape).toBeLessThan(0.05);
    // A flat fee is forecast exactly: always inside the band, no error.
    expect(result.plans[1]).toMatchObject({ coverage: 1, mape: 0 });
  });
});
