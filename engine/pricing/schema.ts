/**
 * Zod pieces every pricing model's plan schema shares: the fields of PlanBase, and the number
 * kinds plans are made of. Prices are never negative and counts are whole, so a plan that passes
 * can be billed in exact integer micro-dollars.
 */

import { z } from 'zod';
import { messages } from '../messages.js';
import { isExactPrice, MAX_PRICE_USD } from '../money.js';

/** A non-empty string. */
export const text = z.string().min(1);

/**
 * A price in USD: finite and never negative (a credit or a discount is not a price), at most
 * MAX_PRICE_USD and to the micro-dollar at most (six decimals), so billing holds it exactly: a
 * finer price would be rounded away unseen, a huge one would lose digits.
 */
export const usd = z
  .number()
  .nonnegative()
  .max(MAX_PRICE_USD, { error: messages.priceNotExact() })
  .refine(isExactPrice, { error: messages.priceNotExact() });

/** A whole, non-negative count (credits, interactions...). */
export const count = z.number().int().nonnegative();

/** A whole count of at least one (pack sizes, tier allowances, term lengths). */
export const positiveCount = z.number().int().positive();

/** The PlanBase fields that name a plan; a model's schema adds `model` right after them. */
export const planIdentity = { id: text, name: text };

/**
 * The PlanBase fields every model shares after its own parameters (so `plans --json` shows the
 * price first): the optional human-handling cost per handed-off ticket, and where the plan comes
 * from. `asOf` is a date (`YYYY-MM-DD`) or a month (`YYYY-MM`); `description` and `notes` are free text.
 */
export const planProvenance = {
  humanUsdPerHandoff: usd.optional(),
  source: text.optional(),
  asOf: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'expected a date as YYYY-MM-DD').optional(),
  flags: z.array(text).optional(),
  description: z.string().optional(),
  notes: z.string().optional(),
};
