/**
 * Bill every plan month by month from the merged usage, add the optional human-handling cost of
 * the tickets handed off, and attribute each month's bill to tags (group, channel, intent, and the
 * export's own tags) so that, per dimension, the tags add up to the bill to the cent. Flex Credits
 * plans under pack billing also get their credit wallet, day by day.
 */

import { TAG_SEPARATOR, type Partial, type TagCell } from '../aggregate/partial.js';
import { ReplayError } from '../errors.js';
import { messages } from '../messages.js';
import { centsToUsd, isExactPrice, microsToCents, priceMicros } from '../money.js';
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

/**
 * A month's AI bill in cents split over its invoice lines (`micros`, which add up to the month
 * before it was rounded): each line rounded down to a cent, then a cent more for the largest
 * remainders (the earlier line on ties) until the lines add up to the month. Rounding each line on
 * its own can miss the month by a cent (two lines of $0.005 are $0.01 together but $0.02 rounded
 * apart); a line in whole cents keeps exactly its amount, and where rounding each line half-up
 * already adds up, the result is the same.
 *
 * @example lineCents(1, [5_000, 5_000]) // [1, 0]; lineCents(150, [1_000_000, 500_000]) // [100, 50]
 */
export function lineCents(monthCents: number, micros: readonly number[]): number[] {
  const shares = micros.map((m) => Math.floor(m / 10_000));
  let left = monthCents - shares.reduce((a, b) => a + b, 0);
  // A model whose lines do not add up to its month (the contract says they do) still gets shares
  // that add up to what it billed.
  if (left < 0 || left > micros.length) return allocateCents(monthCents, [...micros]);
  const order = micros.map((m, i) => ({ i, r: m - shares[i] * 10_000 })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) shares[order[k].i]++;
  return shares;
}

/**
 * Refuses a bill that integer micro-dollars cannot hold exactly (over Number.MAX_SAFE_INTEGER,
 * about $9 billion in a month): rounding it silently would break every sum downstream.
 */
function checkExact(bill: { month: string; micros: number; lines: { micros: number }[] }, plan: Plan, index: number): void {
  if (Number.isSafeInteger(bill.micros) && bill.lines.every((l) => Number.isSafeInteger(l.micros))) return;
  throw new ReplayError('CONFIG', messages.billTooLarge(plan.id, bill.month), { field: `plans[${index}]` });
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
  // A plan's own price passed its schema; `--human-cost` (or a partial file's copy of it) did not.
  if (humanUsd !== undefined && !isExactPrice(humanUsd)) throw new ReplayError('USAGE', messages.badUsd('--human-cost', String(humanUsd)));
  const units: Units = {};
  const aiCents = new Map<string, number>();
  const humanByMonth = new Map<string, number>();
  let totalCents = 0;
  const monthly: MonthlyInvoice[] = bills.map((bill) => {
    checkExact(bill, plan, index);
    const cents = microsToCents(bill.micros);
    const handoffs = partial.months[bill.month]?.handedOff ?? 0;
    const human = humanUsd === undefined ? 0 : humanCents(handoffs, humanUsd);
    aiCents.set(bill.month, cents);
    humanByMonth.set(bill.month, human);
    totalCents += cents + human;
    sumUnits(units, bill.units);
    // The lines are shares of the month's cents, so they add up to it (and, with human handling, to `usd`).
    const shares = lineCents(cents, bill.lines.map((l) => l.micros));
    const lines = bill.lines.map((l, i) => ({ label: l.label, ...(l.quantity !== undefined ? { quantity: l.quantity } : {}), usd: centsToUsd(shares[i]) }));
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
