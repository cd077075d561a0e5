/**
 * Conversation windows, as Salesforce counts Agentforce conversations (research/pricing.md §1.3).
 * A window opens with the customer's first message after the previous window ended. When it ends
 * depends on the rule:
 * - `from-start` (the default): a fixed number of hours after it *started*, whatever follows
 *   ([S3] Salesforce Help "Agentforce Conversations Billable Usage Types", official);
 * - `inactivity`: that many hours after the customer's *last* message in it, so each message
 *   within the window extends it ([S18], a secondary guide's "24 hours of inactivity" reading).
 */

const MS_PER_HOUR = 3_600_000;

/** How a conversation window ends: a fixed time after its start, or after its last message. */
export type WindowRule = 'from-start' | 'inactivity';

/**
 * How many conversation windows a ticket's customer turns open. A turn exactly `windowHours`
 * after the window's start (`from-start`) or after the previous turn (`inactivity`) opens the
 * next window: the window is half-open. At least 1: a ticket always starts a conversation, even
 * when its turns are unknown. Inactivity windows only merge from-start ones, so that rule never
 * counts more.
 *
 * @param turns epoch milliseconds of the customer's turns, in any order
 * @example
 * const h = 3_600_000;
 * countConversations([0, 23 * h, 24 * h, 50 * h], 24);               // → 3: [0, 24), [24, 48), [50, 74)
 * countConversations([0, 23 * h, 24 * h, 50 * h], 24, 'inactivity'); // → 2: 0 → 23 → 24 chained, then 50
 */
export function countConversations(turns: readonly number[], windowHours: number, rule: WindowRule = 'from-start'): number {
  const sorted = turns.filter(Number.isFinite).sort((a, b) => a - b);
  const length = windowHours * MS_PER_HOUR;
  let count = 0;
  let windowEnd = -Infinity;
  for (const at of sorted) {
    if (at < windowEnd) {
      if (rule === 'inactivity') windowEnd = at + length;
      continue;
    }
    count++;
    windowEnd = at + length;
  }
  return Math.max(1, count);
}
