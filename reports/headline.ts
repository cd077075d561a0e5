/**
 * The findings both report.md and report.html lead with, and the number formats they share
 * (en-US, fixed: the report reads the same on every machine).
 */

import { formatUsd } from '../engine/money.js';
import type { PlanSummary, Summary } from '../engine/summary.js';

export { formatUsd };

/** 12345 → "12,345". */
export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 0.6234 → "62.3%". */
export function formatPct(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** Per-ticket prices keep four decimals: $0.3400. */
export function formatUsdPerTicket(usd: number): string {
  return `$${usd.toFixed(4)}`;
}

/** What report.md and report.html lead with. */
export interface Headline {
  /** Plans by total, cheapest first (ties keep summary order). */
  ranked: PlanSummary[];
  cheapest: PlanSummary;
  dearest: PlanSummary;
  /** dearest − cheapest, in USD over the whole period. */
  spreadUsd: number;
  /** dearest ÷ cheapest, or null when the cheapest costs nothing. */
  spreadRatio: number | null;
  /** Share of replayed tickets the AI agent could have resolved. */
  automationRate: number;
}

/**
 * The headline numbers: cheapest and dearest plan for this history, the spread between them and
 * the automation rate.
 */
export function headline(summary: Summary): Headline {
  const ranked = summary.plans.map((p, i) => ({ p, i })).sort((a, b) => a.p.totalUsd - b.p.totalUsd || a.i - b.i).map((r) => r.p);
  const cheapest = ranked[0];
  const dearest = ranked[ranked.length - 1];
  return {
    ranked,
    cheapest,
    dearest,
    spreadUsd: Math.round((dearest.totalUsd - cheapest.totalUsd) * 100) / 100,
    spreadRatio: cheapest.totalUsd > 0 ? dearest.totalUsd / cheapest.totalUsd : null,
    automationRate: summary.automation.rate,
  };
}

/** "2025-01-02 to 2025-12-31 (12 months)". */
export function periodText(summary: Summary): string {
  const n = summary.months.length;
  return `${summary.period.from} to ${summary.period.to} (${n} month${n === 1 ? '' : 's'})`;
}
