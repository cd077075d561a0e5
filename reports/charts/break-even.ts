/**
 * charts/break-even: each plan's average monthly bill against a steady monthly ticket volume
 * (summary.whatIf.volume, one line per plan), the history's own volume as a vertical rule, and
 * the volumes where two plans cost the same (summary.breakEven.pairs) as labelled circles.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../engine/summary.js';
import { whatIfChart } from './crossings.js';
import { formatCount } from './theme.js';

/** "1,240/mo": a crossing's label. */
export const volumeLabel = (v: number): string => `${formatCount(v)}/mo`;

/**
 * Break-even by volume: x = tickets per month, y = average cost per month (USD), a line per plan,
 * a rule at the history's average month and up to six crossings (the nearest to it) labelled.
 * Null without what-if curves.
 */
export function breakEven(summary: Summary): TopLevelSpec | null {
  const volume = summary.whatIf?.volume;
  if (!volume) return null;
  const xs = volume.ticketsPerMonth;
  const last = xs[xs.length - 1] ?? 0;
  return whatIfChart({
    title: 'Break-even by monthly ticket volume',
    about: "Each plan's average monthly bill over a year of steady volume, with this history's usage per ticket",
    summary,
    xs,
    series: volume.plans.map((p) => ({ id: p.id, ys: p.usdPerMonth })),
    x: { title: 'Tickets per month', format: ',d', tooltip: 'Tickets per month' },
    y: { title: 'Average cost per month (USD)', tooltip: 'Cost per month (USD)' },
    actual: volume.actualTicketsPerMonth,
    actualText: `your volume: ${volumeLabel(volume.actualTicketsPerMonth)}`,
    pairs: (summary.breakEven?.pairs ?? []).map((p) => ({ a: p.a, b: p.b, at: p.ticketsPerMonth })),
    crossingLabel: volumeLabel,
    nearest: 'your volume',
    crossingNoun: 'volume',
    clippedAt: `a month at ${formatCount(last)} tickets`,
  });
}
