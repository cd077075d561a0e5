/**
 * The one Vega-Lite look shared by every chart: fonts, label limits, USD formats and one colour
 * per plan, the same in every chart (colour follows the plan's position in summary.plans).
 */

import type { Config } from 'vega-lite';
import type { Summary } from '../../engine/summary.js';

/** The `$schema` every spec carries (never fetched; vega-embed only compares the major). */
export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * DejaVu Sans is what resvg draws PNGs with (research/rendering.md §4); Verdana has nearly the same
 * metrics, so the browser layout stays close to the one estimated in Node.
 */
export const CHART_FONT = 'DejaVu Sans, Verdana, Geneva, sans-serif';

/** d3-format for money in labels and tooltips: $1,234.50. */
export const USD = '$,.2f';
/** d3-format for money on axes: $1,235. */
export const USD_AXIS = '$,.0f';

/** Okabe & Ito's colour-blind-safe palette (yellow last: it is faint on white), then Tableau 10. */
export const PLAN_PALETTE = [
  '#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442',
  '#4E79A7', '#F28E2B', '#59A14F', '#E15759', '#B07AA1', '#9C755F', '#76B7B2', '#EDC948',
];

/** Action-mix colours: metered actions in blue, unmetered utilities in grey. */
export const METERED_COLOR = '#0072B2';
export const UNMETERED_COLOR = '#A0A0A0';

/** The shared config block (charts add it as `config`). */
export const THEME: Config = {
  font: CHART_FONT,
  background: 'white',
  padding: 12,
  view: { stroke: null },
  title: { fontSize: 16, fontWeight: 'bold', anchor: 'start', subtitleFontSize: 12, subtitleColor: '#555', offset: 12 },
  axis: {
    labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#333',
    labelColor: '#333', labelLimit: 360, gridColor: '#e6e6e6', domainColor: '#888', tickColor: '#888',
  },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 420, titleLimit: 420, symbolSize: 90, titleFontWeight: 'normal' },
  header: { labelFontSize: 12, titleFontSize: 12, labelLimit: 360 },
  line: { strokeWidth: 2.25 },
  point: { size: 45, filled: true },
  text: { fontSize: 11, color: '#222' },
};

/**
 * One display label per plan, in summary order: the plan's name, or `name (id)` when two plans
 * share a name (a colour domain needs distinct values).
 *
 * @example planLabels(summary) // ['Agentforce Flex Credits', 'Intercom Fin', ...]
 */
export function planLabels(summary: Summary): string[] {
  const seen = new Map<string, number>();
  for (const p of summary.plans) seen.set(p.name, (seen.get(p.name) ?? 0) + 1);
  return summary.plans.map((p) => ((seen.get(p.name) ?? 0) > 1 ? `${p.name} (${p.id})` : p.name));
}

/**
 * Word-wraps a label into lines of at most `width` characters (at most `lines` lines, the last
 * one ellipsed), joined by `\n`: axes split it back with `labelExpr: "split(datum.value, '\\n')"`,
 * so long plan names stay whole instead of being cut by `labelLimit`.
 *
 * @example wrapLabel('Agentforce Flex Credits (pay-as-you-go)', 24) // 'Agentforce Flex Credits\n(pay-as-you-go)'
 */
export function wrapLabel(text: string, width = 26, lines = 3): string {
  const out: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > width) {
      if (line) out.push(line);
      out.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  if (out.length <= lines) return out.join('\n');
  const last = out[lines - 1];
  return [...out.slice(0, lines - 1), `${last.slice(0, width - 1)}…`].join('\n');
}

/** The `labelExpr` that turns a wrapped label back into lines. */
export const SPLIT_LINES = "split(datum.value, '\\n')";

/**
 * A colour scale for plans: pass the plan keys in summary order (ids, or `planLabels(summary)`,
 * whichever the chart encodes) and every chart gives plan i the same colour.
 *
 * @example encoding.color = { field: 'plan', type: 'nominal', scale: planColorScale(planLabels(s)) }
 */
export function planColorScale(planIds: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...planIds], range: planIds.map((_, i) => PLAN_PALETTE[i % PLAN_PALETTE.length]) };
}
