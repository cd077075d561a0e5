/**
 * `per-conversation`: a price per conversation window, as in Salesforce's Agentforce
 * Conversations model ($2 a conversation: research/pricing.md §1.3, [S1] pricing page as of
 * 2026-10-07; windows per [S3]). The window rules live in conversations.ts.
 */

import { z } from 'zod';
import { priceMicros, roundMicrosToCents } from '../money.js';
import { countConversations } from './conversations.js';
import type { PricingModel } from './model.js';
import { planIdentity, planProvenance, usd } from './schema.js';
import { unitsByMonth } from './usage.js';

/** [S3]: authenticated web and every other messaging channel close a window 24 h after it opened. */
export const DEFAULT_WINDOW_HOURS = 24;

export const PerConversationSchema = z.strictObject({
  ...planIdentity,
  model: z.literal('per-conversation'),
  usdPerConversation: usd,
  windowHours: z.number().positive().default(DEFAULT_WINDOW_HOURS),
  /**
   * When a window ends: `from-start`, windowHours after it opened (the official rule, [S3]), or
   * `inactivity`, windowHours after the customer's last message in it (the secondary reading of
   * [S18], research §1.3 recommends offering it as an option).
   */
  window: z.enum(['from-start', 'inactivity']).default('from-start'),
  ...planProvenance,
});

export type PerConversationPlan = z.output<typeof PerConversationSchema>;

/**
 * Conversations × price, per month. No allowance, no minimum: a month without tickets costs
 * nothing.
 *
 * @example
 * // turns at 0 h, 23 h, 24 h, 50 h with 24 h windows: 3 conversations, $6.00 at $2
 * // (window: 'inactivity': 2 conversations, $4.00)
 */
export const perConversation: PricingModel<PerConversationPlan> = {
  model: 'per-conversation',
  description: 'a price per conversation window (opened by a customer message, lasting windowHours from its start, or from the last message)',
  schema: PerConversationSchema,

  meter(ticket, plan) {
    return { conversations: countConversations(ticket.customerTurns, plan.windowHours, plan.window) };
  },

  ticketMicros(units, plan) {
    return priceMicros(units.conversations ?? 0, plan.usdPerConversation);
  },

  bill(usage, plan, ctx) {
    const months = unitsByMonth(usage, ctx.months, ['conversations']);
    return ctx.months.map((month, i) => {
      const conversations = months[i].conversations;
      const micros = priceMicros(conversations, plan.usdPerConversation);
      return {
        month,
        micros: roundMicrosToCents(micros),
        units: months[i],
        lines: [{ label: 'Conversations', quantity: conversations, micros }],
        invoice: {
          unit: 'conversations', usage: conversations, included: 0, overage: conversations,
          packsBought: 0, balanceCarried: 0, feesMicros: 0, usageMicros: micros,
        },
        details: {},
      };
    });
  },
};
