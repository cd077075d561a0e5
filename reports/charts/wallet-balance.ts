/**
 * charts/wallet-balance: the Flex Credits wallet of every plan billed in prepaid packs
 * (summary.plans[].wallet): the balance left at the end of each day, the days packs were bought,
 * the day the balance first ran out and the credits that expired at a term's end; under it, a
 * strip of the consumption alerts (50 %, 75 %... of the term's entitlement) on the same dates.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../engine/summary.js';
import { niceMax } from './crossings.js';
import { PLAN_LEGEND, THEME, VL_SCHEMA, formatCount, monthAxis, planColorSubset, planLabels, withHalo } from './theme.js';

const WIDTH = 640;
const MAIN_HEIGHT = 260;
const RUN_OUT_COLOR = '#B00020';
const EXPIRY_COLOR = '#666666';
/** Roughly how wide DejaVu Sans draws a bold 11 px character. */
const CHAR_PX = 7;

/** Labels grouped by what their mark fixes (colour, alignment), in order of first appearance. */
function labelGroups<T extends { color: string; align: string }>(labels: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const l of labels) groups.set(`${l.color}|${l.align}`, [...(groups.get(`${l.color}|${l.align}`) ?? []), l]);
  return [...groups.values()];
}

/**
 * Rows for labels pinned to dates along the top of the plot: each reads rightwards from its date,
 * or leftwards when it would run off the right edge, in the first row where it covers no other.
 */
function placeTopLabels<T extends { date: string; label: string }>(items: T[], px: (date: string) => number): (T & { row: number; align: 'left' | 'right'; dx: number })[] {
  const rows: [number, number][][] = [];
  return items.map((item) => {
    const at = px(item.date);
    const w = item.label.length * CHAR_PX + 6;
    const left = at + 5 + w <= WIDTH;
    const span: [number, number] = left ? [at, at + w + 5] : [at - w - 5, at];
    let row = rows.findIndex((r) => r.every(([a, b]) => span[1] <= a || b <= span[0]));
    if (row < 0) row = rows.push([]) - 1;
    rows[row].push(span);
    return { ...item, row, align: left ? 'left' as const : 'right' as const, dx: left ? 5 : -5 };
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "25 Feb 2025". */
export const dayLabel = (date: string): string => {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} ${MONTHS[m - 1] ?? ''} ${y}`;
};

/** `YYYY-MM-DD` as a Vega-Lite DateTime at UTC midnight. */
const dateTime = (date: string) => {
  const [year, month, day] = date.split('-').map(Number);
  return { year, month, date: day, utc: true };
};

/**
 * Wallet balance: x = day, y = credits left (area and line per plan), ▲ purchases, a dashed rule
 * on the first run-out day, ◆ expiries; below, the alerts by threshold. Null when no plan has a
 * wallet.
 */
export function walletBalance(summary: Summary): TopLevelSpec | null {
  const labels = planLabels(summary);
  const plans = summary.plans.flatMap((p, index) => (p.wallet && p.wallet.days.length > 0 ? [{ index, plan: labels[index], wallet: p.wallet }] : []));
  if (plans.length === 0) return null;
  // One wallet: run-outs in red and expiries in grey; several: each in its plan's colour.
  const scale = planColorSubset(labels, plans.map((p) => p.index));
  const several = plans.length > 1;
  const tint = (plan: string, own: string) => (several ? scale.range[scale.domain.indexOf(plan)] : own);
  const color = {
    field: 'plan', type: 'nominal' as const, title: 'Plan',
    scale, legend: { ...PLAN_LEGEND, symbolOpacity: 1 },
  };
  const days = plans.flatMap(({ plan, wallet }) => wallet.days.map((d) => ({ plan, date: d.date, balance: d.balance, used: d.used, consumed: d.consumedPercent / 100, packs: d.packsBought })));
  const balanceOn = new Map(days.map((d) => [`${d.plan}|${d.date}`, d.balance]));
  const purchases = plans.flatMap(({ plan, wallet }) => wallet.purchases.map((p) => ({
    plan, date: p.date, packs: p.packs, credits: p.credits, balance: balanceOn.get(`${plan}|${p.date}`) ?? p.credits, label: `+${p.packs}`,
  })));
  // An expiry: the credits lost, drawn as a grey drop to zero on the term's last day.
  const expiries = plans.flatMap(({ plan, wallet }) => wallet.expirations.filter((e) => e.credits > 0).map((e) => ({
    plan, date: e.date, credits: e.credits, balance: e.credits, zero: 0, label: `${formatCount(e.credits)} credits expired ${dayLabel(e.date)}`, color: tint(plan, EXPIRY_COLOR),
  })));
  const runOuts = plans.flatMap(({ plan, wallet }) => (wallet.runsOutOn ? [{ plan, date: wallet.runsOutOn, label: `first ran out ${dayLabel(wallet.runsOutOn)}`, color: tint(plan, RUN_OUT_COLOR) }] : []));
  const thresholds = [...new Set(plans.flatMap((p) => [...p.wallet.thresholdsPercent, ...p.wallet.alerts.map((a) => a.thresholdPercent)]))].sort((a, b) => b - a);
  const alerts = plans.flatMap(({ plan, wallet }) => wallet.alerts.map((a) => ({
    plan, date: a.date, level: `${a.thresholdPercent} %`, threshold: a.thresholdPercent, entitlement: a.entitlement,
  })));
  const allDates = days.map((d) => d.date).sort();
  const domain = [dateTime(allDates[0]), dateTime(allDates[allDates.length - 1])];
  const maxBalance = Math.max(1, ...days.map((d) => d.balance), ...expiries.map((e) => e.credits));
  const yMax = niceMax(maxBalance * 1.15);
  const t0 = Date.parse(`${allDates[0]}T00:00:00Z`);
  const t1 = Date.parse(`${allDates[allDates.length - 1]}T00:00:00Z`);
  const topLabels = placeTopLabels([...runOuts, ...expiries], (d) => ((Date.parse(`${d}T00:00:00Z`) - t0) / Math.max(1, t1 - t0)) * WIDTH)
    .map((l) => ({ ...l, labelAt: yMax * (1 - (l.row * 15 + 3) / MAIN_HEIGHT) }));
  const x = {
    field: 'date', type: 'temporal' as const, timeUnit: 'utcyearmonthdate' as const, title: null,
    scale: { domain },
    // Wallets run from the first day of the period's first month: month ticks as in monthly-cost.
    axis: { ...monthAxis([...new Set(allDates.map((d) => d.slice(0, 7)))]), grid: true, labelFlush: false },
  };
  const y = { field: 'balance', type: 'quantitative' as const, title: 'Credit balance (credits)', scale: { domain: [0, yMax], nice: false }, axis: { format: ',d', tickCount: 6 } };
  const date = { field: 'date', type: 'temporal' as const, timeUnit: 'utcyearmonthdate' as const, title: 'Date', format: '%d %b %Y' };
  const plan = { field: 'plan', type: 'nominal' as const, title: 'Plan' };
  const packs = purchases.reduce((n, p) => n + p.packs, 0);
  const credits = purchases.reduce((n, p) => n + p.credits, 0);
  const expired = expiries.reduce((n, e) => n + e.credits, 0);
  const single = plans.length === 1 ? plans[0].wallet : null;
  const facts = single
    ? [
      `${formatCount(packs)} pack${packs === 1 ? '' : 's'} bought (${formatCount(credits)} credits)`,
      single.runsOutOn ? `first ran out on ${dayLabel(single.runsOutOn)}` : 'never ran out',
      ...(expired > 0 ? [`${formatCount(expired)} credits expired unused`] : []),
    ].join('; ')
    : `${plans.length} plans with a wallet: ${formatCount(packs)} packs bought in all`;
  const main = {
    width: WIDTH,
    height: MAIN_HEIGHT,
    layer: [
      {
        data: { values: days },
        mark: { type: 'area' as const, opacity: several ? 0.08 : 0.14, clip: true },
        encoding: { x, y: { ...y, stack: null }, color },
      },
      {
        data: { values: days },
        mark: { type: 'line' as const, strokeWidth: 1.75 },
        encoding: {
          x, y, color,
          tooltip: [
            plan, date,
            { field: 'balance', type: 'quantitative' as const, title: 'Balance (credits)', format: ',d' },
            { field: 'used', type: 'quantitative' as const, title: 'Used that day (credits)', format: ',d' },
            { field: 'consumed', type: 'quantitative' as const, title: "Share of the term's entitlement used", format: '.1%' },
            { field: 'packs', type: 'quantitative' as const, title: 'Packs bought that day', format: ',d' },
          ],
        },
      },
      ...(runOuts.length === 0 ? [] : [{
        data: { values: runOuts.map((r) => ({ ...r, balance: yMax })) },
        mark: { type: 'rule' as const, color: RUN_OUT_COLOR, strokeDash: [5, 4], strokeWidth: 1.75 },
        encoding: { x, ...(several ? { color } : {}), tooltip: [plan, { ...date, title: 'Balance first ran out' }] },
      }]),
      ...(purchases.length === 0 ? [] : [{
        data: { values: purchases },
        layer: [
          {
            mark: { type: 'point' as const, shape: 'triangle-up', size: 110, filled: true, opacity: 1, stroke: 'white', strokeWidth: 1 },
            encoding: {
              x, y, color,
              tooltip: [
                plan, { ...date, title: 'Bought on' },
                { field: 'packs', type: 'quantitative' as const, title: 'Packs', format: ',d' },
                { field: 'credits', type: 'quantitative' as const, title: 'Credits', format: ',d' },
                { field: 'balance', type: 'quantitative' as const, title: 'Balance that evening (credits)', format: ',d' },
              ],
            },
          },
          ...withHalo({
            mark: { type: 'text' as const, baseline: 'bottom' as const, dy: -9, fontSize: 10, fontWeight: 'bold' as const, color: '#333' },
            encoding: { x, y, text: { field: 'label', type: 'nominal' as const } },
          }),
        ],
      }]),
      ...(expiries.length === 0 ? [] : [{
        data: { values: expiries },
        mark: { type: 'rule' as const, color: EXPIRY_COLOR, strokeWidth: 4, opacity: 0.8, xOffset: -2 },
        encoding: {
          x, y, y2: { field: 'zero' }, ...(several ? { color } : {}),
          tooltip: [plan, { ...date, title: 'Expired on' }, { field: 'credits', type: 'quantitative' as const, title: 'Credits expired', format: ',d' }],
        },
      }]),
      // The run-out and expiry labels along the top, in rows so none covers another.
      ...labelGroups(topLabels).flatMap((group) => withHalo({
        data: { values: group },
        mark: { type: 'text' as const, baseline: 'top' as const, fontWeight: 'bold' as const, align: group[0].align, dx: group[0].dx, color: group[0].color },
        encoding: { x, y: { ...y, field: 'labelAt' }, text: { field: 'label', type: 'nominal' as const } },
      })),
    ],
  };
  const strip = {
    title: { text: "Consumption alerts (share of the term's entitlement used)", fontSize: 12, fontWeight: 'normal' as const, anchor: 'start' as const, offset: 6, color: '#333' },
    width: WIDTH,
    height: { step: 18 },
    data: { values: alerts },
    mark: { type: 'point' as const, shape: 'diamond', size: 70, filled: true, opacity: 1 },
    encoding: {
      x: { ...x, title: 'Date (UTC)' },
      y: { field: 'level', type: 'ordinal' as const, title: 'Alert', sort: thresholds.map((t) => `${t} %`), scale: { domain: thresholds.map((t) => `${t} %`) }, axis: { grid: true, ticks: false, labelPadding: 6 } },
      ...(plans.length > 1 ? { yOffset: { field: 'plan', type: 'nominal' as const, scale: { domain: plans.map((p) => p.plan) } } } : {}),
      color,
      tooltip: [
        plan, { ...date, title: 'Alert sent on' },
        { field: 'level', type: 'nominal' as const, title: 'Threshold reached' },
        { field: 'entitlement', type: 'quantitative' as const, title: 'Entitlement then (credits)', format: ',d' },
      ],
    },
  };
  return {
    $schema: VL_SCHEMA,
    title: {
      text: 'Flex Credits wallet balance',
      subtitle: [
        'Credits left at the end of each day under prepaid pack billing; ▲ +n: packs bought the day the balance ran short',
        facts,
      ],
    },
    vconcat: [main, ...(alerts.length > 0 ? [strip] : [])],
    spacing: 18,
    resolve: { scale: { color: 'shared', x: 'shared' } },
    config: THEME,
  };
}
