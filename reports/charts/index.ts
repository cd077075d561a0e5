/**
 * The chart registry: chart name (the file name under charts/ in the output folder) → chart
 * function. Adding a chart means one file in this folder and one line here.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../engine/summary.js';
import { actionMix } from './action-mix.js';
import { automationSensitivity } from './automation-sensitivity.js';
import { breakEven } from './break-even.js';
import { costByTag } from './cost-by-tag.js';
import { costPerTicket } from './cost-per-ticket.js';
import { cumulativeSpend } from './cumulative-spend.js';
import { forecastFan } from './forecast-fan.js';
import { monthlyCost } from './monthly-cost.js';
import { walletBalance } from './wallet-balance.js';

/**
 * A chart maps the run's summary to a Vega-Lite spec, purely; null when the summary has nothing
 * for it (no what-if curves, no plan with a credit wallet...), and the report leaves it out.
 */
export type Chart = (summary: Summary) => TopLevelSpec | null;

/** Every chart, in report order. */
export const CHARTS = {
  'monthly-cost': monthlyCost,
  'forecast-fan': forecastFan,
  'cumulative-spend': cumulativeSpend,
  'cost-per-ticket': costPerTicket,
  'cost-by-tag': costByTag,
  'action-mix': actionMix,
  'break-even': breakEven,
  'automation-sensitivity': automationSensitivity,
  'wallet-balance': walletBalance,
} as const satisfies Record<string, Chart>;

export type ChartName = keyof typeof CHARTS;

/** Chart names in report order (all of them, whether or not a given summary draws them). */
export const CHART_NAMES = Object.keys(CHARTS) as ChartName[];

/** Human titles for links and alt text (the spec's own title is the chart's heading). */
export const CHART_TITLES: Record<ChartName, string> = {
  'monthly-cost': 'Monthly cost per plan',
  'forecast-fan': 'Forecast of the coming months, per plan',
  'cumulative-spend': 'Cumulative spend per plan',
  'cost-per-ticket': 'Cost per ticket by plan',
  'cost-by-tag': 'Cost by group, channel, intent and tag',
  'action-mix': 'Action mix',
  'break-even': 'Break-even by monthly ticket volume',
  'automation-sensitivity': 'Cost against the AI-resolved share',
  'wallet-balance': 'Flex Credits wallet balance',
};

/** The spec of every chart this summary has data for, in report order (charts returning null are left out). */
export function chartSpecs(summary: Summary): [ChartName, TopLevelSpec][] {
  const out: [ChartName, TopLevelSpec][] = [];
  for (const name of CHART_NAMES) {
    const spec: TopLevelSpec | null = CHARTS[name](summary);
    if (spec !== null) out.push([name, spec]);
  }
  return out;
}
