/**
 * Bill every plan month by month from the merged usage, and attribute each month's bill to tags
 * (group, channel, intent) so that, per dimension, the tags add up to the bill to the cent.
 */

import { TAG_SEPARATOR, type Partial, type TagCell } from '../aggregate/partial.js';
import { centsToUsd, microsToCents } from '../money.js';
import type { MonthlyInvoice, PlanSummary, TagCost } from '../summary.js';
import { getModel } from './index.js';
import type { Environment, PricingModel, Units } from './model.js';
import type { Plan } from './plans.js';

/** Every `YYYY-MM` from `from` to `to`, inclusive. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/**
 * Splits `total` cents over weights by the largest-remainder method: shares are whole cents and
 * add up to `total` exactly. Ties go to the earlier key (keys are sorted), so it is deterministic.
 */
export function allocateCents(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return allocateCents(total, weights.map(() => 1));
  const exact = weights.map((w) => (total * w) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) shares[order[k % order.length].i]++;
  return shares;
}

function tagCosts(tags: Record<string, TagCell>, monthCents: Map<string, number>): TagCost[] {
  // dimension → month → [value, cell][]
  const grouped = new Map<string, Map<string, [string, TagCell][]>>();
  for (const key of Object.keys(tags).sort()) {
    const [dimension, value, month] = key.split(TAG_SEPARATOR);
    const byMonth = grouped.get(dimension) ?? new Map<string, [string, TagCell][]>();
    grouped.set(dimension, byMonth);
    const cells = byMonth.get(month) ?? [];
    byMonth.set(month, cells);
    cells.push([value, tags[key]]);
  }
  const out: TagCost[] = [];
  for (const [dimension, byMonth] of [...grouped].sort((a, b) => a[0].localeCompare(b[0]))) {
    const totals = new Map<string, { tickets: number; cents: number }>();
    for (const [month, cells] of byMonth) {
      const useWeight = cells.some(([, c]) => c.weight > 0);
      const shares = allocateCents(monthCents.get(month) ?? 0, cells.map(([, c]) => (useWeight ? c.weight : c.tickets)));
      cells.forEach(([value, cell], i) => {
        const t = totals.get(value) ?? { tickets: 0, cents: 0 };
        t.tickets += cell.tickets;
        t.cents += shares[i];
        totals.set(value, t);
      });
    }
    for (const [value, t] of [...totals].sort((a, b) => b[1].cents - a[1].cents || a[0].localeCompare(b[0]))) {
      out.push({ dimension, value, tickets: t.tickets, usd: centsToUsd(t.cents) });
    }
  }
  return out;
}

function sumUnits(into: Units, from: Units): void {
  for (const k in from) into[k] = (into[k] ?? 0) + from[k];
}

/** Bills one plan over the period. */
export function billPlan(plan: Plan, index: number, partial: Partial, months: string[], environment: Environment): PlanSummary {
  const model = getModel(plan.model) as PricingModel<Plan>;
  const usage = partial.plans[index];
  const bills = model.bill(
    months.map((month) => ({ month, tickets: partial.months[month]?.tickets ?? 0, units: usage.usage[month] ?? {} })),
    plan,
    { environment, months },
  );
  const units: Units = {};
  const monthCents = new Map<string, number>();
  const monthly: MonthlyInvoice[] = bills.map((bill) => {
    const cents = microsToCents(bill.micros);
    monthCents.set(bill.month, cents);
    sumUnits(units, bill.units);
    return {
      month: bill.month,
      usd: centsToUsd(cents),
      units: bill.units,
      lines: bill.lines.map((l) => ({ label: l.label, ...(l.quantity !== undefined ? { quantity: l.quantity } : {}), usd: centsToUsd(microsToCents(l.micros)) })),
      details: bill.details,
    };
  });
  const totalCents = [...monthCents.values()].reduce((a, b) => a + b, 0);
  const histogram = Object.entries(usage.histogram)
    .map(([cents, tickets]) => ({ usd: centsToUsd(Number(cents)), tickets }))
    .sort((a, b) => a.usd - b.usd);
  return {
    id: plan.id,
    name: plan.name,
    model: plan.model,
    ...(plan.source ? { source: plan.source } : {}),
    ...(plan.asOf ? { asOf: plan.asOf } : {}),
    flags: plan.flags ?? [],
    totalUsd: centsToUsd(totalCents),
    units,
    monthly,
    usdPerTicket: partial.tickets > 0 ? Math.round((totalCents / partial.tickets) * 100) / 10_000 : 0,
    ticketCostHistogram: histogram,
    byTag: tagCosts(usage.tags, monthCents),
  };
}
