/**
 * charts/cost-per-ticket: the average cost of a ticket under each plan (bars with labels), and
 * beside it, on the same rows, how single tickets' list prices are spread (one dot per price,
 * sized by how many tickets cost that much).
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../engine/summary.js';
import { SPLIT_LINES, THEME, USD, VL_SCHEMA, planColorScale, planLabels, wrapLabel } from './theme.js';

const ROW = { step: 62 };

/** One row key per plan: its label wrapped onto up to three lines, numbered if two would collide. */
function rowKeys(labels: string[]): string[] {
  const rows = labels.map((l) => wrapLabel(l));
  return new Set(rows).size === rows.length ? rows : labels.map((l, i) => wrapLabel(`${i + 1}. ${l}`));
}

/** Up to three round legend values (one significant digit) between 1 and `max`. */
function sizeLegendValues(max: number): number[] {
  const round = (x: number) => {
    const p = 10 ** Math.floor(Math.log10(x));
    return Math.max(1, Math.round(x / p) * p);
  };
  return [...new Set([0.1, 0.4, 1].map((f) => round(max * f)))].filter((v) => v <= Math.max(1, max));
}

/**
 * Cost per ticket by plan: bars of `usdPerTicket` (cheapest first), and the
 * `ticketCostHistogram` of every plan as a dot strip on the same rows.
 */
export function costPerTicket(summary: Summary): TopLevelSpec {
  const labels = planLabels(summary);
  const color = { field: 'plan', type: 'nominal' as const, scale: planColorScale(labels), legend: null };
  const rows = rowKeys(labels);
  const order = summary.plans.map((p, i) => ({ row: rows[i], usd: p.usdPerTicket, i }))
    .sort((a, b) => a.usd - b.usd || a.i - b.i).map((r) => r.row);
  const y = { field: 'row', type: 'nominal' as const, sort: order, title: null };
  const bars = summary.plans.map((p, i) => ({ plan: labels[i], row: rows[i], usd: p.usdPerTicket, total: p.totalUsd, model: p.model }));
  const maxBar = Math.max(0.01, ...bars.map((b) => b.usd));
  const dots = summary.plans.flatMap((p, i) => {
    const n = p.ticketCostHistogram.reduce((a, h) => a + h.tickets, 0);
    return p.ticketCostHistogram.map((h) => ({ plan: labels[i], row: rows[i], usd: h.usd, tickets: h.tickets, share: n > 0 ? h.tickets / n : 0 }));
  });
  const maxTickets = Math.max(1, ...dots.map((d) => d.tickets));
  const spec = {
    $schema: VL_SCHEMA,
    title: {
      text: 'Cost per ticket by plan',
      subtitle: `Average over ${summary.counts.replayed.toLocaleString('en-US')} replayed tickets` +
        (dots.length === 0 ? '' : ' (left); list price of single tickets, before allowances and tiers (right)'),
    },
    hconcat: [
      {
        width: 240,
        height: ROW,
        data: { values: bars },
        encoding: {
          y: { ...y, axis: { labelExpr: SPLIT_LINES, labelLimit: 300, labelFontSize: 12, labelLineHeight: 15 } },
          x: {
            field: 'usd', type: 'quantitative', title: 'Average cost per ticket (USD)',
            scale: { domain: [0, maxBar * 1.3], nice: false }, axis: { format: '$.2f', tickCount: 4 },
          },
          tooltip: [
            { field: 'plan', type: 'nominal', title: 'Plan' },
            { field: 'model', type: 'nominal', title: 'Pricing model' },
            { field: 'usd', type: 'quantitative', title: 'Per ticket (USD)', format: '$,.4f' },
            { field: 'total', type: 'quantitative', title: 'Total (USD)', format: USD },
          ],
        },
        layer: [
          { mark: { type: 'bar', height: { band: 0.7 } }, encoding: { color } },
          { mark: { type: 'text', align: 'left', dx: 4, fontWeight: 'bold' }, encoding: { text: { field: 'usd', type: 'quantitative', format: '$,.2f' } } },
        ],
      },
      {
        width: 360,
        height: ROW,
        data: { values: dots },
        mark: { type: 'circle', opacity: 0.75, stroke: 'white', strokeWidth: 1 },
        encoding: {
          y: { ...y, axis: { labels: false, ticks: false, domain: false } },
          x: { field: 'usd', type: 'quantitative', title: 'Cost of a single ticket (USD)', scale: { padding: 14 }, axis: { format: '$,.2f', tickCount: 6 } },
          size: {
            field: 'tickets', type: 'quantitative', title: 'Tickets at that price',
            scale: { range: [20, 900] }, legend: { orient: 'bottom', format: ',d', values: sizeLegendValues(maxTickets) },
          },
          color,
          tooltip: [
            { field: 'plan', type: 'nominal', title: 'Plan' },
            { field: 'usd', type: 'quantitative', title: 'Ticket cost (USD)', format: USD },
            { field: 'tickets', type: 'quantitative', title: 'Tickets', format: ',d' },
            { field: 'share', type: 'quantitative', title: 'Share of tickets', format: '.1%' },
          ],
        },
      },
    ],
    spacing: 28,
    config: THEME,
  } satisfies TopLevelSpec;
  // Without a distribution (no ticket was priced) the strip would be an empty frame.
  if (dots.length === 0) spec.hconcat.splice(1);
  return spec;
}
