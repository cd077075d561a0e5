/**
 * The report's tables beyond the headline, as plain rows both report.html and report.md render
 * (each escapes the text itself): budget risk, invoices, cost by tag, where plans break even,
 * and the credit wallet.
 */

import { centsToUsd, sumCents, usdToCents } from '../engine/money.js';
import type { PlanSummary, Summary } from '../engine/summary.js';
import { formatInt, formatPct, formatUsd } from './headline.js';

/** The budget card: how many plans go over `--budget` in some month, or the cheapest plan's swing. */
export interface BudgetRisk {
  label: string;
  value: string;
  sub: string;
}

export function budgetRisk(s: Summary, cheapest: PlanSummary): BudgetRisk {
  if (s.budget) {
    const over = s.budget.plans.filter((p) => p.monthsOver > 0);
    const mine = s.budget.plans.find((p) => p.id === cheapest.id);
    return {
      label: `Budget risk at ${formatUsd(s.budget.usdPerMonth)} a month`,
      value: `${over.length} of ${s.plans.length} plans`,
      sub: `go over it in at least one month · the cheapest ${mine && mine.monthsOver > 0 ? `in ${mine.monthsOver} month${mine.monthsOver === 1 ? '' : 's'}, by ${formatUsd(mine.overByUsd)} in all` : 'never does'}`,
    };
  }
  // The month the cheapest plan cost most; of equal months, the one with the most tickets.
  const tickets = new Map(s.months.map((m) => [m.month, m.tickets]));
  // In cents: months are added as integers, never as floats.
  const mean = sumCents(cheapest.monthly.map((m) => usdToCents(m.usd))) / 100 / Math.max(1, cheapest.monthly.length);
  const dearest = [...cheapest.monthly].sort((a, b) => b.usd - a.usd || (tickets.get(b.month) ?? 0) - (tickets.get(a.month) ?? 0) || a.month.localeCompare(b.month))[0];
  return {
    label: 'Dearest month, cheapest plan',
    value: formatUsd(dearest?.usd ?? 0),
    sub: `${dearest?.month ?? ''}: ${mean > 0 ? `${((dearest?.usd ?? 0) / mean).toFixed(1)}× its monthly average` : 'no spend'} · set --budget to see the risk`,
  };
}

/** Invoice rows of one plan: month, usage and its unit, included, overage, packs, balance, fees, usage charges, human, total. */
export const INVOICE_HEAD = ['Month', 'Usage', 'Included', 'Over', 'Packs', 'Balance', 'Fees', 'Usage charges', 'Human', 'Total'];

export function invoiceRows(p: PlanSummary): string[][] {
  return p.monthly.map((m) => {
    const i = m.invoice;
    return [
      m.month, `${formatInt(i.usage)} ${i.unit}`, formatInt(i.included), formatInt(i.overage), formatInt(i.packsBought),
      formatInt(i.balanceCarried), formatUsd(i.feesUsd), formatUsd(i.usageUsd), formatUsd(i.humanUsd), formatUsd(m.usd),
    ];
  });
}

/** Cost by tag: per dimension, the top values by cost across plans (the rest as "other"), a column per plan. */
export interface TagTable {
  dimension: string;
  title: string;
  rows: { value: string; tickets: number; usd: number[] }[];
}

const DIMENSION_TITLES: Record<string, string> = { group: 'By group (department)', channel: 'By channel', intent: 'By intent', tag: 'By export tag' };

export function tagTables(s: Summary, top = 10): TagTable[] {
  const out: TagTable[] = [];
  for (const dimension of ['group', 'channel', 'intent', 'tag']) {
    const values = new Map<string, { tickets: number; usd: number[] }>();
    s.plans.forEach((p, i) => {
      for (const t of p.byTag) {
        if (t.dimension !== dimension) continue;
        const row = values.get(t.value) ?? { tickets: t.tickets, usd: s.plans.map(() => 0) };
        row.usd[i] = t.usd;
        values.set(t.value, row);
      }
    });
    if (values.size === 0) continue;
    const ranked = [...values].sort((a, b) => sum(b[1].usd) - sum(a[1].usd) || a[0].localeCompare(b[0]));
    const rows = ranked.slice(0, top).map(([value, r]) => ({ value, ...r }));
    const rest = ranked.slice(top);
    if (rest.length > 0) {
      rows.push({
        value: `Other (${rest.length} value${rest.length === 1 ? '' : 's'})`,
        tickets: rest.reduce((n, [, r]) => n + r.tickets, 0),
        usd: s.plans.map((_, i) => centsToUsd(sumCents(rest.map(([, r]) => usdToCents(r.usd[i]))))),
      });
    }
    out.push({ dimension, title: DIMENSION_TITLES[dimension] ?? dimension, rows });
  }
  return out;
}

/** A row's cost across plans, in cents, so that equal costs rank as ties (then by name). */
const sum = (xs: number[]) => sumCents(xs.map(usdToCents));

/** Where plans cost the same, in words: one row per pair that crosses. */
export function breakEvenRows(s: Summary): string[][] {
  if (!s.breakEven) return [];
  const name = new Map(s.plans.map((p) => [p.id, p.name]));
  const rows: string[][] = [];
  for (const p of s.breakEven.pairs) {
    if (p.ticketsPerMonth !== null) rows.push([name.get(p.a) ?? p.a, name.get(p.b) ?? p.b, `${formatInt(p.ticketsPerMonth)} tickets a month`]);
  }
  for (const p of s.breakEven.automation) {
    if (p.aiShare !== null) rows.push([name.get(p.a) ?? p.a, name.get(p.b) ?? p.b, `${formatPct(p.aiShare)} AI-resolved`]);
  }
  return rows;
}

/** The wallet of each pack-billed plan in one line of facts. */
export function walletRows(s: Summary): string[][] {
  return s.plans.filter((p) => p.wallet).map((p) => {
    const w = p.wallet!;
    const packs = w.purchases.reduce((n, x) => n + x.packs, 0);
    const alerts = w.alerts.map((a) => `${a.thresholdPercent} % on ${a.date}`).join(', ') || 'none';
    const expired = w.expirations.reduce((n, e) => n + e.credits, 0);
    return [p.name, w.runsOutOn ?? 'never', formatInt(packs), alerts, formatInt(expired)];
  });
}

/** What each catalogue flag means, for readers who never saw the catalogue (unknown flags show as they are). */
export const FLAG_TEXT: Record<string, string> = {
  'sandbox-rate-secondary': 'the 16-credit sandbox rate comes from secondary sources only',
  'free-credits-disputed': "Foundations' free credits: 100,000 at launch, 200,000 in a later claim",
  illustrative: "not a vendor's offer: an example to edit",
  'user-input-required': 'a figure the vendor does not publish (a head count, an allowance): replace it with yours',
  'undated-source': 'the source page carries no date; as-of is when it was read',
  'mirror-source': "read from a mirror of the vendor's page",
  'secondary-figure': "a figure seen only second-hand, not on the vendor's page",
};

/** The flags the plans carry, each with its meaning, in first-seen order. */
export function flagNotes(s: Summary): [string, string][] {
  const seen = [...new Set(s.plans.flatMap((p) => p.flags))];
  return seen.map((f) => [f, FLAG_TEXT[f] ?? 'see the plan\'s notes']);
}

/** The forecast per plan: each coming month's P50 with its P10–P90 band, and the worst month's budget risk. */
export function forecastTable(s: Summary): { head: string[]; rows: string[][] } | null {
  const f = s.forecast;
  if (!f || f.plans.length === 0) return null;
  const name = new Map(s.plans.map((p) => [p.id, p.name]));
  const months = f.plans[0].months.map((m) => m.month);
  const head = ['Plan', ...months.map((m) => `${m} P50 (P10–P90)`), ...(s.budget ? ['Worst chance over budget'] : [])];
  const rows = f.plans.map((p) => [
    name.get(p.id) ?? p.id,
    ...p.months.map((m) => `${formatUsd(m.p50)} (${formatUsd(m.p10)}–${formatUsd(m.p90)})`),
    ...(s.budget ? [formatPct(Math.max(0, ...p.months.map((m) => m.pOverBudget ?? 0)))] : []),
  ]);
  return { head, rows };
}

/** Scenarios side by side: a row per plan, a column per scenario (the horizon's P50, with P10–P90). */
export function scenarioTable(s: Summary): { head: string[]; changes: string[]; rows: string[][] } | null {
  const sc = s.scenarios;
  if (!sc || sc.length < 2) return null;
  const name = new Map(s.plans.map((p) => [p.id, p.name]));
  const cell = (x: { p10: number; p50: number; p90: number } | undefined) => (x ? `${formatUsd(x.p50)} (${formatUsd(x.p10)}–${formatUsd(x.p90)})` : '—');
  return {
    head: ['Plan', ...sc.map((x) => x.name)],
    changes: ['', ...sc.map((x) => x.changes)],
    rows: s.plans.map((p) => [name.get(p.id) ?? p.id, ...sc.map((x) => cell(x.plans.find((q) => q.id === p.id)))]),
  };
}
