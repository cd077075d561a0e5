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

export interface Summary {
  schemaVersion: number;
  tool: { name: 'ticket-replay'; version: string };
  run: {
    seed: number;
    workers: number;
    environment: Environment;
    tz: string;
    startedAt?: string;
    timings?: Record<string, number>;
  };
  inputs: InputSummary[];
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
}
