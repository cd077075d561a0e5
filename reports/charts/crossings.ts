/**
 * What the break-even and automation-sensitivity charts share: where two what-if curves cross
 * (from summary.breakEven), which crossings to label, and where to put each label so that none
 * sits on another, on a crossing's circle or on the chart's other labels.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../engine/summary.js';
import { PLAN_LEGEND, THEME, USD, USD_AXIS, VL_SCHEMA, formatMoney, planColorSubset, planLabels, withHalo } from './theme.js';

/** At most this many crossings are marked, the nearest to the history's own value. */
export const MAX_CROSSINGS = 6;

/** A what-if curve: plan `index` in summary.plans, its label, and y at each x. */
export interface Curve {
  index: number;
  plan: string;
  ys: number[];
}

/** A marked crossing, with its label's centre in data coordinates (label '' when a twin at the same point carries it). */
export interface Crossing {
  a: string;
  b: string;
  x: number;
  y: number;
  label: string;
  lx: number;
  ly: number;
}

/** The curves of the plans summary.plans knows, in summary order (ids it does not know are left out). */
export function curvesOf(summary: Summary, series: { id: string; ys: number[] }[]): Curve[] {
  const labels = planLabels(summary);
  const byId = new Map(series.map((s) => [s.id, s.ys]));
  return summary.plans.flatMap((p, index) => {
    const ys = byId.get(p.id);
    return ys ? [{ index, plan: labels[index], ys }] : [];
  });
}

/** y of a sampled curve at x, linear between samples (xs ascending). */
export function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  if (xs.length === 0) return 0;
  if (x <= xs[0]) return ys[0];
  for (let i = 1; i < xs.length; i++) {
    if (x <= xs[i]) {
      const t = xs[i] === xs[i - 1] ? 0 : (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
      return ys[i - 1] + t * (ys[i] - ys[i - 1]);
    }
  }
  return ys[ys.length - 1];
}

/** An axis maximum a little above `max`: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × a power of ten. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  return [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * magnitude).find((v) => v >= max * 1.02) ?? 10 * magnitude;
}

/** A box in pixels (x right, y down). */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** The plot a chart draws crossings on: its size in pixels and its linear domains. */
export interface Frame {
  width: number;
  height: number;
  x: [number, number];
  y: [number, number];
}

/** Roughly how wide DejaVu Sans draws a bold 11 px character. */
const CHAR_PX = 7.8;
const LABEL_PX_HEIGHT = 14;

/**
 * The crossings of `pairs` inside the sampled range, the `MAX_CROSSINGS` nearest to `actual`,
 * in x order, each with a label placed clear of the others (and of `avoid`, in pixels).
 */
export function markCrossings(
  curves: Curve[], xs: readonly number[], pairs: { a: string; b: string; at: number | null }[],
  summary: Summary, actual: number, frame: Frame, label: (x: number) => string, avoid: Box[] = [],
): { marked: Crossing[]; inRange: number } {
  const byId = new Map(curves.map((c) => [summary.plans[c.index].id, c]));
  const lo = xs[0] ?? 0;
  const hi = xs[xs.length - 1] ?? 0;
  const all = pairs.flatMap((p) => {
    const a = byId.get(p.a);
    const b = byId.get(p.b);
    if (p.at === null || !a || !b || p.at < lo || p.at > hi) return [];
    const y = (interpolate(xs, a.ys, p.at) + interpolate(xs, b.ys, p.at)) / 2;
    return [{ a: a.plan, b: b.plan, x: p.at, y, label: label(p.at) }];
  });
  const chosen = [...all].sort((p, q) => Math.abs(p.x - actual) - Math.abs(q.x - actual) || p.x - q.x).slice(0, MAX_CROSSINGS)
    .sort((p, q) => p.x - q.x || p.y - q.y);
  const px = (x: number) => ((x - frame.x[0]) / (frame.x[1] - frame.x[0] || 1)) * frame.width;
  const py = (y: number) => frame.height - ((y - frame.y[0]) / (frame.y[1] - frame.y[0] || 1)) * frame.height;
  // Circles first, so no label covers a crossing.
  const taken: Box[] = [...avoid, ...chosen.map((c) => ({ x1: px(c.x) - 6, y1: py(c.y) - 6, x2: px(c.x) + 6, y2: py(c.y) + 6 }))];
  const marked: Crossing[] = [];
  for (const c of chosen) {
    // Three plans meeting at one point make two crossings with the same label: label it once.
    const twin = marked.find((m) => m.label === c.label && Math.abs(py(m.y) - py(c.y)) < 24);
    if (twin) {
      marked.push({ ...c, label: '', lx: twin.lx, ly: twin.ly });
      continue;
    }
    const w = c.label.length * CHAR_PX + 4;
    const h = LABEL_PX_HEIGHT;
    const side = w / 2 + 12;
    const candidates: [number, number][] = [[0, -15], [0, 16], [side, -9], [-side, -9], [side, 10], [-side, 10], [0, -31], [0, 32], [side, -26], [-side, -26], [0, -47], [0, 48]];
    const box = ([dx, dy]: [number, number]): Box => {
      const cx = px(c.x) + dx;
      const cy = py(c.y) + dy;
      return { x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2 };
    };
    const inside = (b: Box) => b.x1 >= 0 && b.x2 <= frame.width && b.y1 >= 0 && b.y2 <= frame.height;
    // A crossing whose label cannot be placed clear of the others is left unmarked (the subtitle
    // still counts it): overlapping labels read as one wrong number.
    const spot = candidates.find((d) => inside(box(d)) && !taken.some((t) => overlaps(t, box(d))));
    if (!spot) continue;
    const b = box(spot);
    taken.push(b);
    const cx = (b.x1 + b.x2) / 2;
    const cy = (b.y1 + b.y2) / 2;
    marked.push({
      ...c,
      lx: frame.x[0] + (cx / frame.width) * (frame.x[1] - frame.x[0]),
      ly: frame.y[0] + ((frame.height - cy) / frame.height) * (frame.y[1] - frame.y[0]),
    });
  }
  return { marked, inRange: all.length };
}

/**
 * The y axis's top: the dearest curve's maximum, unless one curve towers over the others (more
 * than 2.5× the next one's maximum) and would squash them, and every crossing, into the floor;
 * then the others' scale, and `clipped` is the towering maximum (its line leaves the top).
 */
export function yDomain(curves: number[][]): { yMax: number; clipped: number | null } {
  const maxima = curves.map((ys) => Math.max(0, ...ys)).sort((a, b) => b - a);
  const [top = 0, next = 0] = maxima;
  if (maxima.length >= 2 && next > 0 && top > 2.5 * next) return { yMax: niceMax(next * 1.5), clipped: top };
  return { yMax: niceMax(top), clipped: null };
}

const WIDTH = 640;
const HEIGHT = 340;
/** Roughly how wide DejaVu Sans draws a bold 11 px character, for the rule's label. */
const RULE_CHAR_PX = 7;

/** What a what-if chart (cost against one varying condition) is made of. */
export interface WhatIfChart {
  title: string;
  /** The subtitle's first line: what the curves are. */
  about: string;
  summary: Summary;
  /** The condition's values, ascending, and each plan's cost at them. */
  xs: number[];
  series: { id: string; ys: number[] }[];
  x: { title: string; format: string; tooltip: string };
  y: { title: string; tooltip: string };
  /** Where this history stands, and the rule's label. */
  actual: number;
  actualText: string;
  pairs: { a: string; b: string; at: number | null }[];
  /** A crossing's label, e.g. "1,240/mo". */
  crossingLabel: (x: number) => string;
  /** "volume", "share": what the crossings are, in the subtitle. */
  crossingNoun: string;
  /** "your volume": what the marked crossings are the nearest to. */
  nearest: string;
  /** How the clipped maximum is described: "at 3,150 tickets". */
  clippedAt: string;
}

/**
 * A what-if chart: a line per plan, a dashed rule at this history's value, and the first
 * crossing of each pair of plans as a circle with its label (the `MAX_CROSSINGS` nearest the
 * rule). Null without curves.
 */
export function whatIfChart(c: WhatIfChart): TopLevelSpec | null {
  const { xs, summary } = c;
  if (xs.length < 2) return null;
  const curves = curvesOf(summary, c.series);
  if (curves.length === 0) return null;
  const x0 = xs[0];
  const x1 = xs[xs.length - 1];
  const { yMax, clipped } = yDomain(curves.map((k) => k.ys));
  const frame: Frame = { width: WIDTH, height: HEIGHT, x: [x0, x1], y: [0, yMax] };
  const actualPx = ((c.actual - x0) / (x1 - x0 || 1)) * WIDTH;
  const textPx = 10 + c.actualText.length * RULE_CHAR_PX;
  // The rule's label reads to the right of the rule, or to its left near the right edge.
  const right = actualPx + textPx < WIDTH;
  const avoid: Box[] = [
    right ? { x1: actualPx, y1: 0, x2: actualPx + textPx, y2: 18 } : { x1: actualPx - textPx, y1: 0, x2: actualPx, y2: 18 },
    { x1: actualPx - 3, y1: 0, x2: actualPx + 3, y2: HEIGHT },
  ];
  const { marked, inRange } = markCrossings(curves, xs, c.pairs, summary, c.actual, frame, c.crossingLabel, avoid);
  const values = curves.flatMap((k) => xs.map((v, i) => ({ plan: k.plan, x: v, usd: k.ys[i] })));
  const x = { field: 'x', type: 'quantitative' as const, title: c.x.title, scale: { domain: [x0, x1], nice: false }, axis: { format: c.x.format, tickCount: 8, labelFlush: false } };
  const y = { field: 'usd', type: 'quantitative' as const, title: c.y.title, scale: { domain: [0, yMax], nice: false }, axis: { format: USD_AXIS, tickCount: 6 } };
  const crossings = curves.length < 2 ? [] : [inRange === 0
    ? `No two plans cost the same in this range of ${c.crossingNoun}`
    : `Circles: the ${c.crossingNoun} where two plans first cost the same` +
      (inRange > marked.length ? ` (${marked.length} marked, nearest ${c.nearest}; all ${inRange} are in the break-even table)` : '')];
  const clippedNote = clipped === null ? [] : [`A line leaving the top keeps rising, to ${formatMoney(clipped)} ${c.clippedAt} (see the tooltips)`];
  return {
    $schema: VL_SCHEMA,
    title: { text: c.title, subtitle: [c.about, ...crossings, ...clippedNote] },
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values },
        mark: { type: 'line' as const, point: { size: 22, filled: true }, clip: true },
        encoding: {
          x, y,
          color: { field: 'plan', type: 'nominal' as const, title: 'Plan', scale: planColorSubset(planLabels(summary), curves.map((k) => k.index)), legend: PLAN_LEGEND },
          tooltip: [
            { field: 'plan', type: 'nominal' as const, title: 'Plan' },
            { field: 'x', type: 'quantitative' as const, title: c.x.tooltip, format: c.x.format },
            { field: 'usd', type: 'quantitative' as const, title: c.y.tooltip, format: USD },
          ],
        },
      },
      {
        data: { values: [{ x: c.actual, usd: yMax, label: c.actualText }] },
        layer: [
          {
            mark: { type: 'rule' as const, color: '#444', strokeDash: [4, 4], strokeWidth: 1.5 },
            encoding: { x, tooltip: [{ field: 'label', type: 'nominal' as const, title: 'This history' }] },
          },
          ...withHalo({
            mark: { type: 'text' as const, align: right ? 'left' as const : 'right' as const, baseline: 'top' as const, dx: right ? 5 : -5, dy: 3, color: '#333', fontWeight: 'bold' as const },
            encoding: { x, y, text: { field: 'label', type: 'nominal' as const } },
          }),
        ],
      },
      ...(marked.length === 0 ? [] : [{
        data: { values: marked.map((m) => ({ ...m, usd: m.y })) },
        layer: [
          {
            // A leader from each circle to its label, for labels pushed away by others.
            transform: [{ filter: "datum.label != ''" }],
            mark: { type: 'rule' as const, color: '#777', strokeWidth: 1 },
            encoding: { x, y, x2: { field: 'lx' }, y2: { field: 'ly' } },
          },
          {
            mark: { type: 'point' as const, shape: 'circle', size: 90, filled: true, color: 'white', stroke: '#222', strokeWidth: 2 },
            encoding: {
              x, y,
              tooltip: [
                { field: 'a', type: 'nominal' as const, title: 'Plan' },
                { field: 'b', type: 'nominal' as const, title: 'costs the same as' },
                { field: 'x', type: 'quantitative' as const, title: `at ${c.x.tooltip.toLowerCase()}`, format: c.x.format },
                { field: 'usd', type: 'quantitative' as const, title: c.y.tooltip, format: USD },
              ],
            },
          },
          ...withHalo({
            mark: { type: 'text' as const, align: 'center' as const, baseline: 'middle' as const, fontWeight: 'bold' as const, color: '#222' },
            encoding: {
              x: { field: 'lx', type: 'quantitative' as const },
              y: { field: 'ly', type: 'quantitative' as const },
              text: { field: 'label', type: 'nominal' as const },
            },
          }),
        ],
      }]),
    ],
    config: THEME,
  };
}
