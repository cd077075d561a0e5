/**
 * The methodology notes shown in report.md and report.html, as plain sentences (each format
 * escapes and marks them up itself).
 */

import type { Summary } from '../engine/summary.js';

/** How the numbers were made, one sentence per note. */
export function methodNotes(summary: Summary): string[] {
  const env = summary.run.environment;
  return [
    'Every ticket was replayed once: the actions an AI agent would have performed were inferred from the ticket (or read from an explicit actions column), then metered under every plan.',
    'Conversations: a conversation window opens with the customer\'s first message after the previous window ended and lasts 24 hours from its start (per-conversation plans may set another window).',
    'Resolution: a ticket is "ai" when the agent could have closed it, or "handoff" (with a reason) when it would have gone to a human. Per-resolution plans bill only AI resolutions; every plan meters the actions taken before a hand-off.',
    `Flex Credits meter 20 credits per action in production and 16 in a sandbox (30 for a voice action); Escalate to Human and other utilities are not metered. This run used the ${env} rates.`,
    'Each plan is billed month by month as its vendor would (allowances, tiers, packs and overage included); money is rounded to cents once per invoice line, so totals equal the sum of their months.',
    'The per-ticket distribution shows the list price of single tickets, before monthly allowances, tiers and packs; the average per ticket is the plan\'s total divided by replayed tickets.',
    'Prices come from each plan\'s source as read on its as-of date; flags mark figures that are secondary, disputed or unverified. Check them against your own contract before deciding.',
  ];
}
