/**
 * The chart registry: chart name (the file name under charts/ in the output folder) → chart
 * function. Adding a chart means one file in this folder and one line here.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../engine/summary.js';
import { actionMix } from './action-mix.js';
import { costPerTicket } from './cost-per-ticket.js';
import { monthlyCost } from './monthly-cost.js';

/** A chart maps the run's summary to a Vega-Lite spec, purely. */
export type Chart = (summary: Summary) => TopLevelSpec;

/** Every chart, in report order. */
export const CHARTS = {
  'monthly-cost': monthlyCost,
  'cost-per-ticket': costPerTicket,
  'action-mix': actionMix,
} as const satisfies Record<string, Chart>;

export type ChartName = keyof typeof CHARTS;

/** Chart names in report order. */
export const CHART_NAMES = Object.keys(CHARTS) as ChartName[];

/** Human titles for links and alt text (the spec's own title is the chart's heading). */
export const CHART_TITLES: Record<ChartName, string> = {
  'monthly-cost': 'Monthly cost per plan',
  'cost-per-ticket': 'Cost per ticket by plan',
  'action-mix': 'Action mix',
};

/** Every chart's spec for this summary, in report order. */
export function chartSpecs(summary: Summary): [ChartName, TopLevelSpec][] {
  return CHART_NAMES.map((name) => [name, CHARTS[name](summary)]);
}
