/**
 * charts/cost-by-tag: where each plan's money goes, by helpdesk group, channel, intent and the
 * export's own tags (summary.plans[].byTag): one heatmap per dimension, a row per value (the ten
 * dearest across plans, the rest folded into one "other" row), a column per plan, the USD printed
 * in every cell.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../engine/summary.js';
import { SPLIT_LINES, THEME, USD, VL_SCHEMA, planLabels, wrapLabel } from './theme.js';

/** Dimensions in the order shown, with their panel titles. */
export const TAG_DIMENSIONS: [dimension: string, title: string][] = [
  ['group', 'By group (department)'], ['channel', 'By channel'], ['intent', 'By intent'], ['tag', 'By export tag'],
];
/** Values shown per dimension before the rest are folded into one row. */
export const TOP_VALUES = 10;

const ROW_STEP = 24;
const ROW_STEP_TWO_LINES = 34;
/**
 * Width kept for the value labels, the same in every panel so their titles line up: lines of up
 * to 30 characters (about 200 px in DejaVu Sans; vega's own estimate, 8.8 px a character, would
 * cut them, so the label limit is left loose).
 */
const Y_LABEL_WIDTH = 224;
const CELL_FORMAT = '$,.0f';

/** What a heatmap cell carries. */
export interface TagCell {
  dimension: string;
  /** The row: the value wrapped for the axis (numbered if two values would wrap alike). */
  row: string;
  value: string;
  /** Set on the row that sums the values beyond the top ten. */
  folded: number;
  /** The plan's column key (its label wrapped). */
  column: string;
  plan: string;
  usd: number | null;
  tickets: number;
  share: number | null;
}

const cents = (x: number) => Math.round(x * 100) / 100;

/** Unique wrapped keys: wrapped labels, numbered when two would come out the same. */
function uniqueKeys(labels: string[], width: number, lines: number): string[] {
  const keys = labels.map((l) => wrapLabel(l, width, lines));
  return new Set(keys).size === keys.length ? keys : labels.map((l, i) => wrapLabel(`${i + 1}. ${l}`, width, lines));
}

/**
 * The cells of one dimension: the top values by total cost across plans (ties by name), then one
 * "Other (n values)" row summing the rest; a plan with no rows in this dimension gets empty cells.
 */
export function tagCells(summary: Summary, dimension: string, columns: string[], top = TOP_VALUES): TagCell[] {
  const labels = planLabels(summary);
  const byValue = new Map<string, { tickets: number; usd: (number | null)[] }>();
  const hasDimension = summary.plans.map((p) => p.byTag.some((t) => t.dimension === dimension));
  summary.plans.forEach((p, i) => {
    for (const t of p.byTag) {
      if (t.dimension !== dimension) continue;
      const entry = byValue.get(t.value) ?? { tickets: t.tickets, usd: summary.plans.map((_, j) => (hasDimension[j] ? 0 : null)) };
      entry.usd[i] = cents((entry.usd[i] ?? 0) + t.usd);
      entry.tickets = Math.max(entry.tickets, t.tickets);
      byValue.set(t.value, entry);
    }
  });
  const total = (usd: (number | null)[]) => usd.reduce<number>((a, b) => a + (b ?? 0), 0);
  const ranked = [...byValue].sort((a, b) => total(b[1].usd) - total(a[1].usd) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // Folding a single value would only hide its name: fold two or more.
  const shown = ranked.length > top + 1 ? ranked.slice(0, top) : ranked;
  const rest = ranked.slice(shown.length);
  const rows = shown.map(([value, e]) => ({ value, folded: 0, ...e }));
  if (rest.length > 0) {
    rows.push({
      value: `Other (${rest.length} values)`,
      folded: rest.length,
      tickets: rest.reduce((n, [, e]) => n + e.tickets, 0),
      usd: summary.plans.map((_, i) => (hasDimension[i] ? cents(rest.reduce((n, [, e]) => n + (e.usd[i] ?? 0), 0)) : null)),
    });
  }
  const keys = uniqueKeys(rows.map((r) => r.value), 30, 2);
  const planTotals = summary.plans.map((_, i) => rows.reduce((n, r) => n + (r.usd[i] ?? 0), 0));
  return rows.flatMap((r, k) => summary.plans.map((_, i): TagCell => ({
    dimension, row: keys[k], value: r.value, folded: r.folded, column: columns[i], plan: labels[i], usd: r.usd[i], tickets: r.tickets,
    share: r.usd[i] === null || planTotals[i] <= 0 ? null : (r.usd[i] ?? 0) / planTotals[i],
  })));
}

/**
 * Cost by tag: a heatmap per dimension that has rows (vconcat), y = value, x = plan, colour =
 * USD (one sequential scale per panel), the USD in each cell. Null when no plan has any.
 */
export function costByTag(summary: Summary): TopLevelSpec | null {
  const labels = planLabels(summary);
  const n = labels.length;
  // Columns narrow as plans multiply, and plan names wrap to fit them.
  // Columns wide enough for a 14-character word, so plan names break between words, not inside them.
  const step = Math.max(100, Math.min(128, Math.floor(620 / Math.max(1, n))));
  // Vega draws a multi-line label downwards from its first line, so over the plot every plan name
  // is padded with leading empty lines to the same height and the block is lifted by it.
  const wrapped = uniqueKeys(labels, Math.floor((step - 8) / 6.4), 4);
  const lines = Math.max(1, ...wrapped.map((w) => w.split('\n').length));
  const columns = wrapped.map((w) => '\n'.repeat(lines - w.split('\n').length) + w);
  const panels = TAG_DIMENSIONS.map(([dimension, title]) => ({ dimension, title, cells: tagCells(summary, dimension, columns) }))
    .filter((p) => p.cells.length > 0);
  if (panels.length === 0) return null;
  const values = panels.flatMap((p) => p.cells);
  const rowCount = (p: (typeof panels)[number]) => new Set(p.cells.map((c) => c.row)).size;
  const distinct = (p: (typeof panels)[number]) => new Set(p.cells.filter((c) => c.folded === 0).map((c) => c.value)).size + Math.max(0, ...p.cells.map((c) => c.folded));
  return {
    $schema: VL_SCHEMA,
    title: {
      text: 'Cost by group, channel, intent and tag',
      subtitle: [
        `Each plan's bill for ${summary.period.from} to ${summary.period.to} split over the tickets' tags (USD; darker = more, within each panel)`,
        `Up to ${TOP_VALUES} values per dimension, the dearest across plans; the rest are summed as "Other". A column adds up to the plan's total.`,
      ],
    },
    data: { values },
    vconcat: panels.map((p, k) => {
      const max = Math.max(0, ...p.cells.map((c) => c.usd ?? 0));
      const shown = rowCount(p) - (p.cells.some((c) => c.folded > 0) ? 1 : 0);
      const all = distinct(p);
      return {
        title: { text: all > shown ? `${p.title} (top ${shown} of ${all})` : p.title, fontSize: 13, anchor: 'start' as const, offset: 8, frame: 'group' as const, dx: -Y_LABEL_WIDTH },
        width: { step },
        // Rows with a two-line label need the room of two lines.
        height: { step: p.cells.some((c) => c.row.includes('\n')) ? ROW_STEP_TWO_LINES : ROW_STEP },
        transform: [{ filter: { field: 'dimension', equal: p.dimension } }],
        encoding: {
          x: {
            field: 'column', type: 'nominal' as const, sort: columns, title: null,
            scale: { domain: columns },
            // Plan names over the first panel and, in a long chart, under the last one too.
            axis: k === 0 || (k === panels.length - 1 && panels.length > 2)
              ? {
                orient: k === 0 ? 'top' as const : 'bottom' as const, labelExpr: k === 0 ? SPLIT_LINES : "split(trim(datum.value), '\\n')",
                labelAngle: 0, labelLimit: 400, labelBaseline: k === 0 ? 'bottom' as const : 'top' as const, labelLineHeight: 13, ticks: false, domain: false,
                labelPadding: k === 0 ? 6 + (lines - 1) * 13 : 6,
              }
              : null,
          },
          y: {
            field: 'row', type: 'nominal' as const, title: null,
            sort: [...new Set(p.cells.map((c) => c.row))],
            // One label width for every panel, so their titles line up on the left.
            axis: { labelExpr: SPLIT_LINES, labelLimit: 400, minExtent: Y_LABEL_WIDTH, maxExtent: Y_LABEL_WIDTH, labelLineHeight: 12, ticks: false, domain: false, labelPadding: 6 },
          },
          tooltip: [
            { field: 'plan', type: 'nominal' as const, title: 'Plan' },
            { field: 'value', type: 'nominal' as const, title: p.title.replace(/^By /, '').replace(/^./, (c) => c.toUpperCase()) },
            { field: 'usd', type: 'quantitative' as const, title: 'Cost (USD)', format: USD },
            { field: 'share', type: 'quantitative' as const, title: "Share of the plan's total", format: '.1%' },
            { field: 'tickets', type: 'quantitative' as const, title: 'Tickets', format: ',d' },
          ],
        },
        layer: [
          {
            mark: { type: 'rect' as const, stroke: 'white', strokeWidth: 1.5 },
            encoding: {
              color: {
                field: 'usd', type: 'quantitative' as const, title: 'USD',
                scale: { scheme: 'blues', domain: [0, Math.max(1, max)], nice: false }, legend: null,
              },
            },
          },
          {
            mark: { type: 'text' as const, fontSize: 11 },
            encoding: {
              text: { condition: { test: 'datum.usd === null', value: '—' }, field: 'usd', type: 'quantitative' as const, format: CELL_FORMAT },
              color: { condition: { test: `datum.usd > ${cents(max * 0.55)}`, value: 'white' }, value: '#222' },
            },
          },
        ],
      };
    }),
    spacing: 22,
    resolve: { scale: { color: 'independent', y: 'independent' } },
    config: { ...THEME, axis: { ...THEME.axis, grid: false } },
  };
}
