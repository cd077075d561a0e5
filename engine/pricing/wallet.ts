/**
 * The credit wallet of a Flex Credits plan under pack billing, day by day, as Salesforce's Digital
 * Wallet shows it (research/pricing.md §1.7, [S8][S9]): the balance left, the packs bought, the
 * days consumption crosses each alert threshold of the entitlement, the day the balance runs out
 * and the credits that expire at the end of each contract term.
 *
 * The rules are billFlexCredits' (flex-credits.ts), applied a day at a time: free credits first,
 * then the term's included credits, then bought credits; whole packs are bought on the day the
 * balance cannot cover the day's use; bought and included credits expire at the term's end.
 * Buying only when short and only the fewest packs that cover the shortfall makes the packs
 * bought by any day the same whether the days are billed one by one or a month at a time, so the
 * wallet's purchases add up to the monthly invoices' `packsBought` (tested).
 *
 * Alerts: consumption in the term as a share of the term's entitlement (free credits left at the
 * term's start + included credits + credits bought in the term). An alert fires the first day the
 * share reaches a threshold. A purchase raises the entitlement and lowers the share: thresholds
 * the new share is still above count as already notified, the ones above it fire again later.
 */

import type { FlexCreditsPlan } from './flex-credits.js';
import { includedPerTerm } from './flex-credits.js';

/** Salesforce lets admins set the levels; these are the tool's defaults (research §8). */
export const DEFAULT_ALERT_THRESHOLDS = [50, 75, 90, 100];

export interface WalletDay {
  date: string;
  /** Credits used that day. */
  used: number;
  /** Packs bought that day. */
  packsBought: number;
  /** Credits left at the end of the day: free + included + bought, after use (and expiry). */
  balance: number;
  /** Consumption in the term so far, as a percentage of the term's entitlement (2 decimals). */
  consumedPercent: number;
}

export interface WalletAlert {
  date: string;
  thresholdPercent: number;
  /** The entitlement the threshold was measured against, in credits. */
  entitlement: number;
}

export interface WalletSummary {
  thresholdsPercent: number[];
  days: WalletDay[];
  alerts: WalletAlert[];
  /** Days the balance could not cover the day's use, so packs were bought. */
  purchases: { date: string; packs: number; credits: number }[];
  /** The first day the balance ran out (null if the first entitlement lasted the whole period). */
  runsOutOn: string | null;
  /** Credits that expired unused at the end of a term, on the term's last day. */
  expirations: { date: string; credits: number }[];
}

/** Every `YYYY-MM-DD` of the given months, in order (UTC calendar). */
export function daysOfMonths(months: readonly string[]): string[] {
  const out: string[] = [];
  for (const month of months) {
    const [y, m] = month.split('-').map(Number);
    const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
    for (let d = 1; d <= length; d++) out.push(`${month}-${String(d).padStart(2, '0')}`);
  }
  return out;
}

/**
 * Simulates the wallet over every day of `months`.
 *
 * @param creditsByDay credits used per `YYYY-MM-DD` (days not listed used none)
 * @example
 * simulateWallet(plan, ['2025-01'], { '2025-01-03': 120_000 }).purchases
 * // with 100,000 free credits and 100,000-credit packs → [{ date: '2025-01-03', packs: 1, credits: 100000 }]
 */
export function simulateWallet(
  plan: FlexCreditsPlan,
  months: readonly string[],
  creditsByDay: Readonly<Record<string, number>>,
  thresholds: readonly number[] = DEFAULT_ALERT_THRESHOLDS,
): WalletSummary {
  const levels = [...new Set(thresholds)].sort((a, b) => a - b);
  const packCredits = plan.pack.credits;
  const out: WalletSummary = { thresholdsPercent: levels, days: [], alerts: [], purchases: [], runsOutOn: null, expirations: [] };
  let free = plan.freeCredits ?? 0;
  let included = 0;
  let bought = 0;
  let entitlement = 0;
  let consumed = 0;
  let notified = new Set<number>();
  months.forEach((month, i) => {
    const termStart = i % plan.termMonths === 0;
    const termEnd = (i + 1) % plan.termMonths === 0;
    if (termStart) {
      included = includedPerTerm(plan);
      entitlement = free + included;
      consumed = 0;
      notified = new Set();
    }
    const days = daysOfMonths([month]);
    days.forEach((date, d) => {
      const used = creditsByDay[date] ?? 0;
      let packs = 0;
      const available = free + included + bought;
      if (used > available) {
        // The balance runs out today: the 100 % alert (if not already sent), then the top-up.
        out.runsOutOn ??= date;
        consumed += available;
        alertCrossings(out, levels, notified, date, consumed, entitlement);
        packs = Math.ceil((used - available) / packCredits);
        bought += packs * packCredits;
        entitlement += packs * packCredits;
        consumed -= available;
        out.purchases.push({ date, packs, credits: packs * packCredits });
        // The new share is lower: thresholds it is still above need no second notice.
        for (const level of levels) if (percent(consumed + used, entitlement) < level) notified.delete(level);
      }
      const fromFree = Math.min(free, used);
      const fromIncluded = Math.min(included, used - fromFree);
      free -= fromFree;
      included -= fromIncluded;
      bought -= used - fromFree - fromIncluded;
      consumed += used;
      alertCrossings(out, levels, notified, date, consumed, entitlement);
      if (termEnd && d === days.length - 1 && bought + included > 0) {
        out.expirations.push({ date, credits: bought + included });
        bought = 0;
        included = 0;
      }
      out.days.push({ date, used, packsBought: packs, balance: free + included + bought, consumedPercent: round2(percent(consumed, entitlement)) });
    });
  });
  return out;
}

function percent(consumed: number, entitlement: number): number {
  return entitlement > 0 ? (consumed * 100) / entitlement : consumed > 0 ? Infinity : 0;
}

function round2(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 100) / 100 : 100;
}

function alertCrossings(out: WalletSummary, levels: readonly number[], notified: Set<number>, date: string, consumed: number, entitlement: number): void {
  if (consumed === 0) return;
  const share = percent(consumed, entitlement);
  for (const level of levels) {
    if (share >= level && !notified.has(level)) {
      notified.add(level);
      out.alerts.push({ date, thresholdPercent: level, entitlement });
    }
  }
}
