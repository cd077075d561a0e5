/**
 * charts/cumulative-spend: what each plan would have cost in all by the end of each month
 * (lines), and with `--budget` the monthly budget accumulated the same way (a dashed crimson line),
 * so the month a plan's spend overtakes what was budgeted is where the lines cross.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../engine/summary.js';
import { PLAN_LEGEND, THEME, USD, USD_AXIS, VL_SCHEMA, formatMoney, monthAxis, planColorScale, planLabels, withHalo } from './theme.js';

/** Not a plan colour (the palette has black): the budget must never read as a plan. */
const BUDGET_COLOR = '#B00020';

/** Sums in cents, so a plan's last cumulative value is exactly its total. */
const addCents = (a: number, b: number) => Math.round(a * 100 + b * 100) / 100;

/**
 * Cumulative spend per plan: x = billing month, y = USD billed from the first month to the end of
 * that one, one coloured line per plan; the cumulative budget (budget × months elapsed) dashed.
 */
export function cumulativeSpend(summary: Summary): TopLevelSpec {
  const labels = planLabels(summary);
  const months = summary.months.length > 0 ? summary.months.map((m) => m.month) : (summary.plans[0]?.monthly.map((m) => m.month) ?? []);
  const values = summary.plans.flatMap((p, i) => {
    let total = 0;
    return p.monthly.map((m) => {
      total = addCents(total, m.usd);
      return { month: `${m.month}-01`, plan: labels[i], usd: total, monthUsd: m.usd };
    });
  });
  const budget = summary.budget;
  const budgetValues = budget ? months.map((month, i) => ({ month: `${month}-01`, usd: budget.usdPerMonth * (i + 1), monthUsd: budget.usdPerMonth })) : [];
  const x = { field: 'month', type: 'temporal' as const, timeUnit: 'utcyearmonth' as const, title: 'Billing month', axis: monthAxis(months) };
  const y = { field: 'usd', type: 'quantitative' as const, title: 'Cumulative cost (USD)', axis: { format: USD_AXIS } };
  const plansLayer = {
    data: { values },
    mark: { type: 'line' as const, point: true },
    encoding: {
      x, y,
      color: { field: 'plan', type: 'nominal' as const, title: 'Plan', scale: planColorScale(labels), legend: PLAN_LEGEND },
      tooltip: [
        { field: 'plan', type: 'nominal' as const, title: 'Plan' },
        { field: 'month', type: 'temporal' as const, timeUnit: 'utcyearmonth' as const, title: 'By the end of', format: '%B %Y' },
        { field: 'usd', type: 'quantitative' as const, title: 'Spent so far (USD)', format: USD },
        { field: 'monthUsd', type: 'quantitative' as const, title: 'That month (USD)', format: USD },
      ],
    },
  };
  const budgetLayers = budget ? [
    {
      data: { values: budgetValues },
      // A single month has no line to draw: a level mark at the budget instead.
      mark: budgetValues.length > 1
        ? { type: 'line' as const, color: BUDGET_COLOR, strokeDash: [7, 5], strokeWidth: 2 }
        : { type: 'point' as const, shape: 'stroke', filled: false, color: BUDGET_COLOR, size: 500, strokeWidth: 2.5, opacity: 1 },
      encoding: {
        x, y,
        tooltip: [
          { field: 'month', type: 'temporal' as const, timeUnit: 'utcyearmonth' as const, title: 'By the end of', format: '%B %Y' },
          { field: 'usd', type: 'quantitative' as const, title: 'Budget so far (USD)', format: USD },
          { field: 'monthUsd', type: 'quantitative' as const, title: 'Budget a month (USD)', format: USD },
        ],
      },
    },
    ...withHalo({
      data: { values: budgetValues.slice(-1).map((v) => ({ ...v, label: 'Budget' })) },
      mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, dx: 8, fontWeight: 'bold' as const, color: BUDGET_COLOR },
      encoding: {
        x, y,
        text: { field: 'label', type: 'nominal' as const },
        tooltip: [{ field: 'usd', type: 'quantitative' as const, title: 'Budget over the period (USD)', format: USD }],
      },
    }),
  ] : [];
  return {
    $schema: VL_SCHEMA,
    title: {
      text: 'Cumulative spend per plan',
      subtitle: [
        `What each plan would have cost in all by the end of each month, ${summary.period.from} to ${summary.period.to}`,
        ...(budget ? [`Dashed: the ${formatMoney(budget.usdPerMonth)} monthly budget, accumulated month by month`] : []),
      ],
    },
    width: 640,
    height: 320,
    layer: [plansLayer, ...budgetLayers],
    config: THEME,
  };
}
