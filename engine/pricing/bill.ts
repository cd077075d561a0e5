/**
 * Bill every plan month by month from the merged usage, add the optional human-handling cost of
 * the tickets handed off, and attribute each month's bill to tags (group, channel, intent, and the
 * export's own tags) so that, per dimension, the tags add up to the bill to the cent. Flex Credits
 * plans under pack billing also get their credit wallet, day by day.
 */

import { TAG_SEPARATOR, type Partial, type TagCell } from '../aggregate/partial.js';
import { centsToUsd, microsToCents, priceMicros } from '../money.js';
import type { MonthlyInvoice, PlanSummary, TagCost } from '../summary.js';
import { getModel } from './index.js';
import type { Environment, PricingModel, Units } from './model.js';
import type { Plan } from './plans.js';
import type { FlexCreditsPlan } from './flex-credits.js';
import { DEFAULT_ALERT_THRESHOLDS, simulateWallet, type WalletSummary } from './wallet.js';

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

/** The tag value that carries the fees of months without tickets. */
export const NO_TICKETS = '(months without tickets)';

/**
 * Cost by tag: each month's AI bill is split over the tag values of a dimension in proportion to
 * their tickets' list prices (by ticket count when every price is zero), and the month's
 * human-handling cost in proportion to their hand-offs.
 */
function tagCosts(tags: Record<string, TagCell>, monthCents: Map<string, number>, humanByMonth: Map<string, number>): TagCost[] {
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
    // Fees of months without a ticket (a tier or seats paid for nothing) belong to no tag value:
    // they are shown as such, so every dimension still adds up to the bill.
    for (const [month, cents] of monthCents) {
      if (byMonth.has(month) || cents + (humanByMonth.get(month) ?? 0) === 0) continue;
      const idle = totals.get(NO_TICKETS) ?? { tickets: 0, cents: 0 };
      idle.cents += cents + (humanByMonth.get(month) ?? 0);
      totals.set(NO_TICKETS, idle);
    }
    for (const [month, cells] of byMonth) {
      const useWeight = cells.some(([, c]) => c.weight > 0);
      const shares = allocateCents(monthCents.get(month) ?? 0, cells.map(([, c]) => (useWeight ? c.weight : c.tickets)));
      const human = allocateCents(humanByMonth.get(month) ?? 0, cells.map(([, c]) => c.handoffs));
      cells.forEach(([value, cell], i) => {
        const t = totals.get(value) ?? { tickets: 0, cents: 0 };
        t.tickets += cell.tickets;
        t.cents += shares[i] + human[i];
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

/** What humans cost to take over `handoffs` tickets at `usdPerHandoff` each, in whole cents. */
export function humanCents(handoffs: number, usdPerHandoff: number): number {
  return microsToCents(priceMicros(handoffs, usdPerHandoff));
}

/** What billing needs to know of the run besides the plan and the usage. */
export interface BillOptions {
  environment: Environment;
  /** USD per handed-off ticket for plans that do not set `humanUsdPerHandoff` (`--human-cost`). */
  humanUsdPerHandoff?: number;
}

/** Bills one plan over the period. */
export function billPlan(plan: Plan, index: number, partial: Partial, months: string[], options: BillOptions): PlanSummary {
  const model = getModel(plan.model) as PricingModel<Plan>;
  const usage = partial.plans[index];
  const bills = model.bill(
    months.map((month) => ({ month, tickets: partial.months[month]?.tickets ?? 0, units: usage.usage[month] ?? {} })),
    plan,
    { environment: options.environment, months },
  );
  const humanUsd = plan.humanUsdPerHandoff ?? options.humanUsdPerHandoff;
  const units: Units = {};
  const aiCents = new Map<string, number>();
  const humanByMonth = new Map<string, number>();
  let totalCents = 0;
  const monthly: MonthlyInvoice[] = bills.map((bill) => {
    const cents = microsToCents(bill.micros);
    const handoffs = partial.months[bill.month]?.handedOff ?? 0;
    const human = humanUsd === undefined ? 0 : humanCents(handoffs, humanUsd);
    aiCents.set(bill.month, cents);
    humanByMonth.set(bill.month, human);
    totalCents += cents + human;
    sumUnits(units, bill.units);
    const lines = bill.lines.map((l) => ({ label: l.label, ...(l.quantity !== undefined ? { quantity: l.quantity } : {}), usd: centsToUsd(microsToCents(l.micros)) }));
    if (humanUsd !== undefined) lines.push({ label: 'Human handling of handed-off tickets', quantity: handoffs, usd: centsToUsd(human) });
    // Fees and usage charges in whole cents that add up to the AI bill exactly.
    const feesCents = Math.min(cents, microsToCents(bill.invoice.feesMicros));
    return {
      month: bill.month,
      usd: centsToUsd(cents + human),
      units: bill.units,
      invoice: {
        unit: bill.invoice.unit,
        usage: bill.invoice.usage,
        included: bill.invoice.included,
        overage: bill.invoice.overage,
        packsBought: bill.invoice.packsBought,
        balanceCarried: bill.invoice.balanceCarried,
        feesUsd: centsToUsd(feesCents),
        usageUsd: centsToUsd(cents - feesCents),
        handoffs,
        humanUsd: centsToUsd(human),
      },
      lines,
      details: bill.details,
    };
  });
  const histogram = Object.entries(usage.histogram)
    .map(([cents, tickets]) => ({ usd: centsToUsd(Number(cents)), tickets }))
    .sort((a, b) => a.usd - b.usd);
  const wallet = plan.model === 'flex-credits' && (plan as unknown as FlexCreditsPlan).billing === 'packs'
    ? walletOf(plan as unknown as FlexCreditsPlan, months, usage.daily)
    : undefined;
  return {
    id: plan.id,
    name: plan.name,
    model: plan.model,
    ...(plan.source ? { source: plan.source } : {}),
    ...(plan.asOf ? { asOf: plan.asOf } : {}),
    flags: plan.flags ?? [],
    totalUsd: centsToUsd(totalCents),
    ...(humanUsd !== undefined ? { humanUsdPerHandoff: humanUsd } : {}),
    units,
    monthly,
    usdPerTicket: partial.tickets > 0 ? Math.round((totalCents / partial.tickets) * 100) / 10_000 : 0,
    ticketCostHistogram: histogram,
    byTag: tagCosts(usage.tags, aiCents, humanByMonth),
    ...(wallet ? { wallet } : {}),
  };
}

function walletOf(plan: FlexCreditsPlan, months: string[], daily: Record<string, Units>): WalletSummary {
  const credits: Record<string, number> = {};
  for (const day in daily) credits[day] = daily[day].credits ?? 0;
  return simulateWallet(plan, months, credits, plan.alertThresholds ?? DEFAULT_ALERT_THRESHOLDS);
}
