/**
 * The report's tables (tables/*.csv), built with arquero from the summary's aggregates, never
 * from tickets. Rows are sorted by explicit keys so the files are byte-identical run to run.
 */

import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { isMetered } from '../engine/actions.js';
import type { Summary } from '../engine/summary.js';
import { tableToCsv } from './csv.js';

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

const money = (digits: number) => (v: unknown) => (typeof v === 'number' ? v.toFixed(digits) : v);
const FORMAT = { usd: money(2), total_usd: money(2), vs_cheapest_usd: money(2), usd_per_ticket: money(4) };

/** Every table, by its file name under tables/. */
export const TABLES: Record<string, (summary: Summary) => ColumnTable> = {
  'monthly.csv': monthlyTable,
  'plans.csv': plansTable,
  'actions.csv': actionsTable,
  'by-tag.csv': byTagTable,
};

/**
 * Every table as [path, CSV text]: the files under tables/.
 *
 * @example for (const [path, csv] of tableFiles(summary)) await sink.write(path, csv);
 */
export function tableFiles(summary: Summary): [string, string][] {
  return Object.entries(TABLES).map(([file, build]) => [`tables/${file}`, tableToCsv(build(summary), FORMAT)]);
}
