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

/**
 * The plan legend: under the chart, one plan a line, so nine or more long plan names stay whole
 * and never crowd the plot.
 */
export const PLAN_LEGEND = { orient: 'bottom', direction: 'vertical', columns: 1, labelLimit: 600, symbolStrokeWidth: 3 } as const;

/**
 * The plan colour scale of only some plans (the ones a chart has data for), each keeping the
 * colour it has everywhere else, so the legend lists only what is drawn.
 *
 * @example planColorSubset(planLabels(s), [0, 2]) // { domain: [label0, label2], range: [PLAN_PALETTE[0], PLAN_PALETTE[2]] }
 */
export function planColorSubset(labels: readonly string[], keep: readonly number[]): { domain: string[]; range: string[] } {
  const all = planColorScale(labels);
  return { domain: keep.map((i) => all.domain[i]), range: keep.map((i) => all.range[i]) };
}

/**
 * The x axis of billing months (`YYYY-MM-01` values under `timeUnit: 'utcyearmonth'`): month
 * names, the year under January and under the first month; one tick a month up to 14 months,
 * then every 2nd, 3rd, 6th or 12th month so labels never collide.
 */
export function monthAxis(months: readonly string[]) {
  const n = months.length;
  const step = n <= 14 ? 1 : n <= 28 ? 2 : n <= 42 ? 3 : n <= 84 ? 6 : 12;
  const first = n > 0 ? Date.parse(`${months[0]}-01T00:00:00Z`) : 0;
  const labelExpr = `[utcFormat(datum.value, '%b'), utcmonth(datum.value) == 0 || time(datum.value) == ${first} ? utcFormat(datum.value, '%Y') : '']`;
  return { labelExpr, labelAngle: 0, labelLineHeight: 14, tickCount: { interval: 'month', step }, grid: false } as const;
}

/** A count for labels: 1,234. */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Money for labels and subtitles: $1,234 (whole dollars) or $1,234.50. */
export const formatMoney = (usd: number, centsToo = false): string =>
  `${usd < 0 ? '-' : ''}$${Math.abs(usd).toLocaleString('en-US', { minimumFractionDigits: centsToo ? 2 : 0, maximumFractionDigits: centsToo ? 2 : 0 })}`;

/**
 * A text layer drawn twice: first as a thick white outline, then as itself, so labels stay
 * readable where they cross lines and grid.
 */
export function withHalo<L extends { mark: Record<string, unknown> }>(layer: L): L[] {
  return [{ ...layer, mark: { ...layer.mark, stroke: 'white', strokeWidth: 4, strokeJoin: 'round', strokeOpacity: 0.95, color: 'white' } }, layer];
}
