/**
 * charts/automation-sensitivity: what each plan would have cost over the replayed period had the
 * AI resolved a larger or smaller share of the tickets (summary.whatIf.automation, one line per
 * plan from 0 to 100 %), this history's share as a vertical rule, and the shares where two plans
 * cost the same (summary.breakEven.automation) as labelled circles.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../engine/summary.js';
import { whatIfChart } from './crossings.js';
import { formatCount } from './theme.js';

/** "32.6%": a share as a label, with a decimal only when it has one. */
export const shareLabel = (share: number): string => {
  // One decimal always, as the report's tables print shares (32.0%, not 32%).
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
};

/**
 * Automation sensitivity: x = AI-resolved share (%), y = cost over the period (USD), a line per
 * plan, a rule at this history's share and up to six crossings labelled. Null without what-if
 * curves.
 */
export function automationSensitivity(summary: Summary): TopLevelSpec | null {
  const automation = summary.whatIf?.automation;
  if (!automation) return null;
  return whatIfChart({
    title: 'Cost against the AI-resolved share',
    about: `What each plan would have cost for the ${formatCount(summary.counts.replayed)} tickets of ${summary.period.from} to ${summary.period.to} had the AI resolved 0 to 100 % of them`,
    summary,
    xs: automation.aiShare,
    series: automation.plans.map((p) => ({ id: p.id, ys: p.usd })),
    x: { title: 'AI-resolved share (%)', format: '.0%', tooltip: 'AI-resolved share' },
    y: { title: 'Cost over the period (USD)', tooltip: 'Cost over the period (USD)' },
    actual: automation.actualShare,
    actualText: `this history: ${shareLabel(automation.actualShare)}`,
    pairs: (summary.breakEven?.automation ?? []).map((p) => ({ a: p.a, b: p.b, at: p.aiShare })),
    crossingLabel: shareLabel,
    nearest: "this history's share",
    crossingNoun: 'share',
    clippedAt: 'over the period',
  });
}
