/**
 * The contract every pricing model implements (one model per file in this folder, registered in
 * engine/pricing/index.ts). A model normalizes its spec (validation + defaults), meters one
 * replayed ticket into integer usage units, and bills months of aggregated units.
 */

import type { z } from 'zod';
import type { Channel } from '../ticket.js';
import type { Resolution } from '../infer/inference.js';

export type Environment = 'production' | 'sandbox';

/** Integer usage counts by unit name (`credits`, `actions`, `conversations`, ...). */
export type Units = Record<string, number>;

/** Fields every plan carries, whatever its model. */
export interface PlanBase {
  id: string;
  name: string;
  model: string;
  /** Where the price comes from (URL or document), and the date it was read. */
  source?: string;
  asOf?: string;
  /** Uncertainty flags from research/pricing.md (e.g. `secondary`, `disputed`). */
  flags?: string[];
  /** What a human costs per handed-off ticket, added to the plan's total (optional). */
  humanUsdPerHandoff?: number;
}

/** What metering sees of a replayed ticket: the inference plus what the ticket carried. */
export interface MeterInput {
  channel: Channel;
  actions: string[];
  customerTurns: number[];
  aiReplies: number;
  resolution: Resolution;
}

export interface MeterContext {
  environment: Environment;
}

/** One line of a monthly invoice. */
export interface InvoiceLine {
  label: string;
  quantity?: number;
  /** Amount in integer micro-dollars. */
  micros: number;
}

/**
 * The figures every model's invoice states in the same columns (tables/invoices.csv), whatever
 * its unit: what was used, what the allowances covered, what was billed beyond them, prepaid
 * packs, the balance carried to the next month, fixed fees and usage charges.
 */
export interface InvoiceFacts {
  /** The billed unit: `credits`, `conversations`, `interactions`, `resolutions`, `tickets`, `users`. */
  unit: string;
  /** Units used in the month. */
  usage: number;
  /** Units covered by an allowance (free, included, a tier's or a commitment's volume). */
  included: number;
  /** Units billed beyond the allowances (or, under a cap, not served by the AI). */
  overage: number;
  /** Prepaid packs bought in the month (pack billing), else 0. */
  packsBought: number;
  /** Prepaid units left at the month's end, carried into the next month (pack billing), else 0. */
  balanceCarried: number;
  /** Fixed charges of the month (tier fees, seats, subscriptions, commitments), micro-dollars. */
  feesMicros: number;
  /** Usage charges of the month (overage, metered units, packs), micro-dollars. */
  usageMicros: number;
}

export interface MonthlyBill {
  /** `YYYY-MM`. */
  month: string;
  /** The month's total in micro-dollars, already rounded to whole cents. */
  micros: number;
  /** Usage units of the month (as metered). */
  units: Units;
  /**
   * The invoice lines, whose micro-dollars add up to feesMicros + usageMicros (tested for every
   * model): summary.json shows them as shares of the month's cents (bill.ts lineCents), so they
   * add up to the month's total exactly.
   */
  lines: InvoiceLine[];
  /** The month in the common invoice columns; feesMicros + usageMicros, rounded, is `micros`. */
  invoice: InvoiceFacts;
  /** Model-specific facts beyond the common columns: tier, expired credits, capped units... */
  details: Record<string, number | string>;
}

export interface MonthUsage {
  month: string;
  tickets: number;
  units: Units;
}

export interface BillContext {
  environment: Environment;
  /** Every month of the period in order, including months with no tickets. */
  months: string[];
}

export interface PricingModel<P extends PlanBase = PlanBase> {
  /** The `model` value in a plans file. */
  readonly model: string;
  /** One line for `ticket-replay plans`. */
  readonly description: string;
  /** Validates a raw plan object and fills defaults. */
  readonly schema: z.ZodType<P>;
  /** Usage units of one ticket under this plan. Pure and integer-valued. */
  meter(ticket: MeterInput, plan: P, ctx: MeterContext): Units;
  /**
   * The list price of one ticket's units in micro-dollars, ignoring allowances and tiers (used for
   * the cost-per-ticket distribution and `inspect`).
   */
  ticketMicros(units: Units, plan: P, ctx: MeterContext): number;
  /** Month-by-month invoices for the whole period, one per `ctx.months` entry. */
  bill(usage: MonthUsage[], plan: P, ctx: BillContext): MonthlyBill[];
}
