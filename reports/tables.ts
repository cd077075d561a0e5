/**
 * The report's tables (tables/*.csv), built with arquero from the summary's aggregates, never
 * from tickets. Rows are sorted by explicit keys so the files are byte-identical run to run.
 */

import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { isMetered } from '../engine/actions.js';
import type { Summary } from '../engine/summary.js';
import { neutralizeFormula } from './csv.js';

type Row = Record<string, string | number | null>;

/** Every key of `records`, sorted, so a plan without some unit gets an empty cell. */
function keysOf(records: Record<string, unknown>[]): string[] {
  return [...new Set(records.flatMap((r) => Object.keys(r)))].sort();
}

/** Rows → a column table with exactly `names` (missing cells are null). */
function tableOf(rows: Row[], names: string[]): ColumnTable {
  return aq.table(Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n] ?? null)])), names);
}

/** tables/monthly.csv: one row per month and plan, with the month's units and invoice details flattened. */
export function monthlyTable(summary: Summary): ColumnTable {
  const invoices = summary.plans.flatMap((p) => p.monthly);
  const units = keysOf(invoices.map((m) => m.units));
  const details = keysOf(invoices.map((m) => m.details));
  const tickets = new Map(summary.months.map((m) => [m.month, m.tickets]));
  const rows: Row[] = summary.plans.flatMap((p, order) =>
    p.monthly.map((m) => ({
      month: m.month, plan_order: order, plan_id: p.id, plan_name: p.name, usd: m.usd, tickets: tickets.get(m.month) ?? 0,
      ...Object.fromEntries(units.map((u) => [`units_${u}`, m.units[u] ?? null])),
      ...Object.fromEntries(details.map((d) => [`detail_${d}`, m.details[d] ?? null])),
    })),
  );
  const names = ['month', 'plan_order', 'plan_id', 'plan_name', 'usd', 'tickets', ...units.map((u) => `units_${u}`), ...details.map((d) => `detail_${d}`)];
  return tableOf(rows, names).orderby('month', 'plan_order').select(aq.not('plan_order'));
}

/** tables/plans.csv: one row per plan, cheapest first, with totals, provenance and units. */
export function plansTable(summary: Summary): ColumnTable {
  const units = keysOf(summary.plans.map((p) => p.units));
  const cheapest = Math.min(...summary.plans.map((p) => p.totalUsd));
  const rows: Row[] = summary.plans.map((p, order) => ({
    plan_order: order, plan_id: p.id, plan_name: p.name, model: p.model, total_usd: p.totalUsd, usd_per_ticket: p.usdPerTicket,
    vs_cheapest_usd: Math.round((p.totalUsd - cheapest) * 100) / 100,
    source: p.source ?? null, as_of: p.asOf ?? null, flags: p.flags.join(';'),
    ...Object.fromEntries(units.map((u) => [`units_${u}`, p.units[u] ?? null])),
  }));
  const names = ['plan_order', 'plan_id', 'plan_name', 'model', 'total_usd', 'usd_per_ticket', 'vs_cheapest_usd', 'source', 'as_of', 'flags', ...units.map((u) => `units_${u}`)];
  return tableOf(rows, names)
    .orderby('total_usd', 'plan_order')
    .derive({ rank: '() => op.row_number()' }, { before: 'plan_id' })
    .select(aq.not('plan_order'));
}

/** tables/actions.csv: the action mix, most frequent first, with share and whether it is metered. */
export function actionsTable(summary: Summary): ColumnTable {
  const rows: Row[] = Object.entries(summary.actions.byName).map(([action, count]) => ({ action, count, metered: isMetered(action) ? 'yes' : 'no' }));
  return tableOf(rows, ['action', 'count', 'metered'])
    .orderby(aq.desc('count'), 'action')
    .derive({ share: 'd => op.sum(d.count) > 0 ? op.round(d.count / op.sum(d.count) * 10000) / 10000 : 0' }, { before: 'metered' });
}

/** tables/by-tag.csv: each plan's bill attributed to groups, channels and intents. */
export function byTagTable(summary: Summary): ColumnTable {
  const rows: Row[] = summary.plans.flatMap((p, order) =>
    p.byTag.map((t, i) => ({ plan_order: order, tag_order: i, plan_id: p.id, plan_name: p.name, dimension: t.dimension, value: t.value, tickets: t.tickets, usd: t.usd })),
  );
  return tableOf(rows, ['plan_order', 'tag_order', 'plan_id', 'plan_name', 'dimension', 'value', 'tickets', 'usd'])
    .orderby('plan_order', 'tag_order')
    .select(aq.not('plan_order', 'tag_order'));
}

/**
 * tables/invoices.csv: each plan's invoice month by month in the columns every model shares:
 * the billed unit, usage, what allowances covered, what was billed beyond them, packs bought,
 * the balance carried, fixed fees, usage charges, human handling and the total.
 */
export function invoicesTable(summary: Summary): ColumnTable {
  const rows: Row[] = summary.plans.flatMap((p, order) =>
    p.monthly.map((m) => ({
      month: m.month, plan_order: order, plan_id: p.id, plan_name: p.name, model: p.model,
      unit: m.invoice.unit, usage: m.invoice.usage, included: m.invoice.included, overage: m.invoice.overage,
      packs_bought: m.invoice.packsBought, balance_carried: m.invoice.balanceCarried,
      fees_usd: m.invoice.feesUsd, usage_usd: m.invoice.usageUsd, handoffs: m.invoice.handoffs, human_usd: m.invoice.humanUsd, total_usd: m.usd,
    })),
  );
  const names = ['plan_order', 'month', 'plan_id', 'plan_name', 'model', 'unit', 'usage', 'included', 'overage', 'packs_bought', 'balance_carried', 'fees_usd', 'usage_usd', 'handoffs', 'human_usd', 'total_usd'];
  return tableOf(rows, names).orderby('plan_order', 'month').select(aq.not('plan_order'));
}

/**
 * tables/wallet.csv: the credit wallet of every Flex Credits plan under pack billing, one row per
 * day: credits used, packs bought, balance left, consumption against the entitlement, and the
 * alert thresholds crossed that day.
 */
export function walletTable(summary: Summary): ColumnTable {
  const rows: Row[] = summary.plans.flatMap((p, order) => {
    if (!p.wallet) return [];
    const alerts = new Map<string, number[]>();
    for (const a of p.wallet.alerts) alerts.set(a.date, [...(alerts.get(a.date) ?? []), a.thresholdPercent]);
    const expired = new Map(p.wallet.expirations.map((e) => [e.date, e.credits]));
    return p.wallet.days.map((d) => ({
      plan_order: order, plan_id: p.id, date: d.date, credits_used: d.used, packs_bought: d.packsBought, balance: d.balance,
      consumed_percent: d.consumedPercent, alerts: (alerts.get(d.date) ?? []).map((t) => `${t}%`).join(';'), credits_expired: expired.get(d.date) ?? 0,
    }));
  });
  const names = ['plan_order', 'plan_id', 'date', 'credits_used', 'packs_bought', 'balance', 'consumed_percent', 'alerts', 'credits_expired'];
  return tableOf(rows, names).orderby('plan_order', 'date').select(aq.not('plan_order'));
}

/** tables/budget.csv (with `--budget`): per plan and month, the bill, the budget and the excess. */
export function budgetTable(summary: Summary): ColumnTable {
  const budget = summary.budget;
  const rows: Row[] = budget
    ? summary.plans.flatMap((p, order) =>
        p.monthly.map((m) => ({
          plan_order: order, month: m.month, plan_id: p.id, usd: m.usd, budget_usd: budget.usdPerMonth,
          over_by_usd: Math.max(0, Math.round((m.usd - budget.usdPerMonth) * 100) / 100), over: m.usd > budget.usdPerMonth ? 'yes' : 'no',
        })),
      )
    : [];
  return tableOf(rows, ['plan_order', 'month', 'plan_id', 'usd', 'budget_usd', 'over_by_usd', 'over']).orderby('plan_order', 'month').select(aq.not('plan_order'));
}

const money = (digits: number) => (v: unknown) => (typeof v === 'number' ? v.toFixed(digits) : v);
const FORMAT = {
  usd: money(2), total_usd: money(2), vs_cheapest_usd: money(2), usd_per_ticket: money(4),
  fees_usd: money(2), usage_usd: money(2), human_usd: money(2), budget_usd: money(2), over_by_usd: money(2),
};

/** Every table, by its file name under tables/. */
export const TABLES: Record<string, (summary: Summary) => ColumnTable> = {
  'monthly.csv': monthlyTable,
  'plans.csv': plansTable,
  'actions.csv': actionsTable,
  'by-tag.csv': byTagTable,
  'invoices.csv': invoicesTable,
};

/** Tables written only when the run has what they show. */
const OPTIONAL_TABLES: Record<string, [(summary: Summary) => boolean, (summary: Summary) => ColumnTable]> = {
  'wallet.csv': [(s) => s.plans.some((p) => p.wallet), walletTable],
  'budget.csv': [(s) => s.budget !== undefined, budgetTable],
};

/**
 * Every table as [path, CSV text]: the files under tables/.
 *
 * @example for (const [path, csv] of tableFiles(summary)) await sink.write(path, csv);
 */
export function tableFiles(summary: Summary): [string, string][] {
  const files: [string, string][] = Object.entries(TABLES).map(([file, build]) => [`tables/${file}`, tableToCsv(build(summary), FORMAT)]);
  for (const [file, [applies, build]] of Object.entries(OPTIONAL_TABLES)) {
    if (applies(summary)) files.push([`tables/${file}`, tableToCsv(build(summary), FORMAT)]);
  }
  return files;
}

/**
 * An arquero table as CSV with a header row. arquero quotes exactly as `csvCell` (csv.ts) does;
 * every text value is defused first. `format` maps a column to a formatter applied before that.
 */
export function tableToCsv(table: ColumnTable, format: Record<string, (value: unknown) => unknown> = {}): string {
  const safe: Record<string, (value: unknown) => unknown> = {};
  for (const name of table.columnNames()) {
    const f = format[name];
    safe[name] = (value) => {
      const v = f ? f(value) : value;
      return typeof v === 'string' ? neutralizeFormula(v) : v;
    };
  }
  return aq.toCSV(table, { format: safe });
}
