/**
 * summary.json: the machine-readable result of a run, valid against shared/summary.schema.json.
 * Every report file (charts, tables, HTML, Markdown) is a pure function of this object, so a
 * merged run and a single run produce the same report from the same summary.
 */

import type { Environment, Units } from './pricing/model.js';
import type { WalletSummary } from './pricing/wallet.js';

export const SCHEMA_VERSION = 1;

export interface InputSummary {
  path: string;
  adapter: string;
  sha256: string;
  /** Records read from this input (replayed + rejected). */
  records: number;
}

/** A month's invoice in the columns every model shares (tables/invoices.csv). */
export interface InvoiceColumns {
  unit: string;
  usage: number;
  included: number;
  overage: number;
  packsBought: number;
  balanceCarried: number;
  /** Fixed charges: tier fees, seats, subscriptions, commitments. */
  feesUsd: number;
  /** Usage charges: metered units, overage, packs. */
  usageUsd: number;
  /** Tickets handed off to a human, and what handling them costs (with a human cost set). */
  handoffs: number;
  humanUsd: number;
}

export interface MonthlyInvoice {
  month: string;
  /** The month's total: feesUsd + usageUsd + humanUsd. */
  usd: number;
  units: Units;
  invoice: InvoiceColumns;
  lines: { label: string; quantity?: number; usd: number }[];
  details: Record<string, number | string>;
}

export interface TagCost {
  /** `group` | `channel` | `intent` | `tag` (the export's own tags; a ticket's cost split over its tags). */
  dimension: string;
  value: string;
  tickets: number;
  usd: number;
}

export interface PlanSummary {
  id: string;
  name: string;
  model: string;
  source?: string;
  asOf?: string;
  flags: string[];
  totalUsd: number;
  /** Set when the total includes the human handling of handed-off tickets. */
  humanUsdPerHandoff?: number;
  /** Usage units over the whole period. */
  units: Units;
  monthly: MonthlyInvoice[];
  /** totalUsd / replayed tickets. */
  usdPerTicket: number;
  /** Distribution of the list price of single tickets: `usd` bucket (cents) → tickets. */
  ticketCostHistogram: { usd: number; tickets: number }[];
  byTag: TagCost[];
  /** Flex Credits under pack billing: the credit wallet, day by day. */
  wallet?: WalletSummary;
}

/** `--budget`: per plan, the months whose bill went over the monthly budget, and by how much. */
export interface BudgetSummary {
  usdPerMonth: number;
  plans: { id: string; monthsOver: number; overByUsd: number; months: { month: string; usd: number; overByUsd: number }[] }[];
}

/**
 * What the bills would be under other conditions, from this history's own per-ticket usage:
 * every plan billed at steady monthly volumes (the break-even chart), and over the period as the
 * AI-resolved share goes from 0 to 100 % (the automation sensitivity chart).
 */
export interface WhatIfSummary {
  volume: {
    /** The volumes tried, tickets per month, ascending. */
    ticketsPerMonth: number[];
    /** The history's average tickets per month (where the chart marks "today"). */
    actualTicketsPerMonth: number;
    /** Per plan, the average monthly bill over a year at each volume (index-aligned). */
    plans: { id: string; usdPerMonth: number[] }[];
  };
  automation: {
    /** The AI-resolved shares tried, 0 to 1, ascending. */
    aiShare: number[];
    /** This history's share. */
    actualShare: number;
    /** Per plan, the bill over the replayed period at each share (index-aligned). */
    plans: { id: string; usd: number[] }[];
  };
}

/** Where plans cost the same: per pair of plans, by monthly volume and by AI-resolved share. */
export interface BreakEvenSummary {
  /** The monthly ticket volume where a and b cost the same (null: they never cross in the range tried). */
  pairs: { a: string; b: string; ticketsPerMonth: number | null }[];
  /** The AI-resolved share where a and b cost the same over the period (null: no crossing). */
  automation: { a: string; b: string; aiShare: number | null }[];
}

/** The playbook the actions were inferred with, for the report's method section. */
export interface PlaybookSummary {
  /** The file given with --playbook, or `built-in` for datasets/playbooks/default.yaml. */
  file: string;
  intents: number;
  /** The intent that takes texts no other intent matches. */
  catchAll: string[];
  handoffRules: number;
  /** Keywords in the intents and the learned keyword table. */
  keywords: number;
  /** Per channel, the factor applied to every intent's automation rate. */
  channelFactors: Record<string, number>;
}

/** The Monte Carlo forecast: per plan and coming month, the bill's quantiles and the budget risk. */
export interface ForecastSummary {
  months: number;
  paths: number;
  seed: number;
  /** The fitted log-linear trend of tickets per day, per month (0.02 ≈ +2 % a month). */
  trendPerMonth: number;
  surge?: { probability: number; size: number };
  plans: {
    id: string;
    months: { month: string; p10: number; p50: number; p90: number; p99: number; mean: number; pOverBudget: number | null }[];
    /** The whole horizon's bill: quantiles of each path's sum over the months. */
    total: { p10: number; p50: number; p90: number };
  }[];
}

/** What-if scenarios (`--scenarios`), each forecast like the baseline: per plan, the horizon's bill. */
export interface ScenarioSummary {
  name: string;
  description?: string;
  /** The changes, in words. */
  changes: string;
  plans: { id: string; p10: number; p50: number; p90: number }[];
}

export interface Summary {
  schemaVersion: number;
  tool: { name: 'ticket-replay'; version: string };
  run: {
    seed: number;
    workers: number;
    environment: Environment;
    tz: string;
    /** The options the run was given beyond seed, workers and environment (files, budget, human cost...). */
    options: Record<string, string | number>;
    startedAt?: string;
    timings?: Record<string, number>;
  };
  inputs: InputSummary[];
  playbook: PlaybookSummary;
  counts: { read: number; replayed: number; rejected: number; rejectedByReason: Record<string, number> };
  /** First and last day with a ticket, `YYYY-MM-DD` (UTC). */
  period: { from: string; to: string };
  automation: { aiResolved: number; handedOff: number; rate: number; handoffReasons: Record<string, number> };
  actions: { total: number; metered: number; byName: Record<string, number> };
  intents: Record<string, number>;
  channels: Record<string, number>;
  months: { month: string; tickets: number; aiResolved: number; handedOff: number }[];
  plans: PlanSummary[];
  budget?: BudgetSummary;
  whatIf?: WhatIfSummary;
  breakEven?: BreakEvenSummary;
  forecast?: ForecastSummary;
  /** The baseline first (no change), then each scenario of the file. */
  scenarios?: ScenarioSummary[];
}
