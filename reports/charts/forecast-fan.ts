/**
 * charts/forecast-fan: each plan's bill over the last months of the history and the forecast
 * months, the forecast as a fan (P10–P90 band, P50 line, P99 as a dotted line), one small panel per
 * plan so the bands never hide each other, with the monthly budget as a rule. null without a
 * forecast.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../engine/summary.js';
import { THEME, USD, USD_AXIS, VL_SCHEMA, planColorScale, planLabels, wrapLabel } from './theme.js';

/** History months shown before the forecast (enough to see the level, few enough to see the fan). */
const HISTORY_MONTHS = 6;

export function forecastFan(summary: Summary): TopLevelSpec | null {
  const f = summary.forecast;
  if (!f || f.plans.length === 0 || f.months === 0) return null;
  const labels = planLabels(summary);
  const panel = (i: number) => wrapLabel(labels[i], 40, 2);
  const byId = new Map(summary.plans.map((p, i) => [p.id, i]));
  const history = summary.plans.flatMap((p, i) =>
    p.monthly.slice(-HISTORY_MONTHS).map((m) => ({ plan: labels[i], panel: panel(i), month: `${m.month}-01`, usd: m.usd, kind: 'billed' })));
  const fan = f.plans.flatMap((p) => {
    const i = byId.get(p.id) ?? 0;
    const last = summary.plans[i].monthly.at(-1);
    // The fan starts from the last billed month, so the band joins the history line.
    const start = last ? [{ month: `${last.month}-01`, p10: last.usd, p50: last.usd, p90: last.usd, p99: last.usd, pOverBudget: null as number | null }] : [];
    return [...start, ...p.months.map((m) => ({ month: `${m.month}-01`, p10: m.p10, p50: m.p50, p90: m.p90, p99: m.p99, pOverBudget: m.pOverBudget }))]
      .map((m) => ({ plan: labels[i], panel: panel(i), ...m, overBudget: m.pOverBudget === null ? '—' : `${(m.pOverBudget * 100).toFixed(1)}%` }));
  });
  const color = { field: 'plan', type: 'nominal' as const, scale: planColorScale(labels), legend: null };
  const x = { field: 'month', type: 'temporal' as const, timeUnit: 'utcyearmonth' as const, title: null, axis: { format: '%b %y', labelAngle: 0, tickCount: { interval: 'month' as const, step: 2 }, grid: false } };
  const budget = summary.budget?.usdPerMonth;
  const subtitle = [
    `P10–P90 band and P50 line of ${f.paths.toLocaleString('en-US')} simulated paths per month (dotted: P99), after the last ${HISTORY_MONTHS} billed months (solid)`,
    `Weeks of this history resampled, trend ${(f.trendPerMonth * 100).toFixed(1)} % a month${f.surge ? `, surges of ×${f.surge.size} with ${(f.surge.probability * 100).toFixed(0)} % chance a month` : ''}${budget !== undefined ? `; dashed: the $${budget.toLocaleString('en-US')} monthly budget` : ''}`,
  ];
  const tooltip = [
    { field: 'plan', type: 'nominal' as const, title: 'Plan' },
    { field: 'month', type: 'temporal' as const, timeUnit: 'utcyearmonth' as const, title: 'Month', format: '%B %Y' },
    { field: 'p10', type: 'quantitative' as const, title: 'P10 (USD)', format: USD },
    { field: 'p50', type: 'quantitative' as const, title: 'P50 (USD)', format: USD },
    { field: 'p90', type: 'quantitative' as const, title: 'P90 (USD)', format: USD },
    { field: 'p99', type: 'quantitative' as const, title: 'P99 (USD)', format: USD },
    { field: 'overBudget', type: 'nominal' as const, title: 'Chance over budget' },
  ];
  // One dataset: billed rows carry `usd`, fan rows the quantiles; each layer draws the rows that
  // have its fields (vega-lite leaves out rows whose field is missing), so no layer needs a filter.
  const layers: Record<string, unknown>[] = [
    { mark: { type: 'area', opacity: 0.25 }, encoding: { x, y: { field: 'p10', type: 'quantitative', title: 'Bill per month (USD)', axis: { format: USD_AXIS, tickCount: 4 } }, y2: { field: 'p90' }, color, tooltip } },
    { mark: { type: 'line', strokeDash: [2, 3], strokeWidth: 1.5 }, encoding: { x, y: { field: 'p99', type: 'quantitative' }, color, tooltip } },
    { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'p50', type: 'quantitative' }, color, tooltip } },
    {
      mark: { type: 'line', point: { filled: true }, strokeWidth: 2.5 },
      encoding: { x, y: { field: 'usd', type: 'quantitative' }, color, tooltip: [tooltip[0], tooltip[1], { field: 'usd', type: 'quantitative', title: 'Billed (USD)', format: USD }] },
    },
  ];
  if (budget !== undefined) {
    layers.push({ mark: { type: 'rule', color: '#B00020', strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y: { datum: budget, type: 'quantitative' } } });
  }
  return {
    $schema: VL_SCHEMA,
    title: { text: `Forecast of the next ${f.months} month${f.months === 1 ? '' : 's'}, per plan`, subtitle },
    data: { values: [...history, ...fan.map((m) => ({ ...m, kind: 'fan' }))] },
    facet: { field: 'panel', type: 'nominal', title: null, sort: summary.plans.map((_, i) => panel(i)), header: { labelExpr: "split(datum.value, '\\n')", labelFontWeight: 'bold', labelAnchor: 'start', labelFontSize: 12 } },
    columns: 3,
    resolve: { scale: { y: 'independent' } },
    spec: { width: 250, height: 140, layer: layers },
    config: THEME,
  } as unknown as TopLevelSpec;
}
