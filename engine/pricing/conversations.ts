/**
 * Conversation windows, as Salesforce counts Agentforce conversations (research/pricing.md §1.3,
 * [S3] Salesforce Help "Agentforce Conversations Billable Usage Types", official): a window opens
 * with the customer's first message after the previous window ended, and ends a fixed number of
 * hours after it *started* (not after the last message: [S3] measures from the start, and the
 * "24 h of inactivity" reading in [S18] is secondary).
 */

const MS_PER_HOUR = 3_600_000;

/**
 * How many conversation windows a ticket's customer turns open. A turn exactly `windowHours`
 * after a window's start opens the next window (the window is half-open). At least 1: a ticket
 * always starts a conversation, even when its turns are unknown.
 *
 * @param turns epoch milliseconds of the customer's turns, in any order
 * @example
 * const h = 3_600_000;
 * countConversations([0, 23 * h, 24 * h, 50 * h], 24); // → 3
 */
export function countConversations(turns: readonly number[], windowHours: number): number {
  const sorted = turns.filter(Number.isFinite).sort((a, b) => a - b);
  const length = windowHours * MS_PER_HOUR;
  let count = 0;
  let windowEnd = -Infinity;
  for (const at of sorted) {
    if (at < windowEnd) continue;
    count++;
    windowEnd = at + length;
  }
  return Math.max(1, count);
}
