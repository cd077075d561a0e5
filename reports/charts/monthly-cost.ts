/**
 * charts/monthly-cost: what each plan would have billed, month by month (lines with points).
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../engine/summary.js';
import { THEME, USD, USD_AXIS, VL_SCHEMA, planColorScale, planLabels } from './theme.js';

/**
 * Monthly cost per plan: x = billing month, y = USD billed that month, one coloured line per plan.
 *
 * @example writeFile('monthly-cost.vl.json', JSON.stringify(monthlyCost(summary)))
 */
export function monthlyCost(summary: Summary): TopLevelSpec {
  const labels = planLabels(summary);
  const tickets = new Map(summary.months.map((m) => [m.month, m.tickets]));
  const values = summary.plans.flatMap((p, i) =>
    p.monthly.map((m) => ({ month: `${m.month}-01`, plan: labels[i], usd: m.usd, tickets: tickets.get(m.month) ?? 0 })),
  );
  // Month names on the axis, the year under January and under the first month; one tick a month
  // up to 14 months, then every 2nd, 3rd, 6th or 12th month so labels never collide.
  const n = summary.months.length;
  const step = n <= 14 ? 1 : n <= 28 ? 2 : n <= 42 ? 3 : n <= 84 ? 6 : 12;
  const first = summary.months.length > 0 ? Date.parse(`${summary.months[0].month}-01T00:00:00Z`) : 0;
  const labelExpr = `[utcFormat(datum.value, '%b'), utcmonth(datum.value) == 0 || time(datum.value) == ${first} ? utcFormat(datum.value, '%Y') : '']`;
  return {
    $schema: VL_SCHEMA,
    title: {
      text: 'Monthly cost per plan',
      subtitle: `What each plan would have billed for the tickets of ${summary.period.from} to ${summary.period.to}`,
    },
    width: 640,
    height: 320,
    data: { values },
    encoding: {
      x: {
        field: 'month', type: 'temporal', timeUnit: 'utcyearmonth', title: 'Billing month',
        axis: { labelExpr, labelAngle: 0, labelLineHeight: 14, tickCount: { interval: 'month', step }, grid: false },
      },
      y: { field: 'usd', type: 'quantitative', title: 'Cost per month (USD)', axis: { format: USD_AXIS } },
      color: {
        field: 'plan', type: 'nominal', title: 'Plan', scale: planColorScale(labels),
        legend: { orient: 'bottom', direction: 'vertical', columns: 1, labelLimit: 600 },
      },
      tooltip: [
        { field: 'plan', type: 'nominal', title: 'Plan' },
        { field: 'month', type: 'temporal', timeUnit: 'utcyearmonth', title: 'Month', format: '%B %Y' },
        { field: 'usd', type: 'quantitative', title: 'Cost (USD)', format: USD },
        { field: 'tickets', type: 'quantitative', title: 'Tickets that month', format: ',d' },
      ],
    },
    mark: { type: 'line', point: true },
    config: THEME,
  };
}
