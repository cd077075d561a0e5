/**
 * The methodology notes shown in report.md and report.html, as plain sentences (each format
 * escapes and marks them up itself): the playbook, the conversation and resolution rules, how
 * each model bills, the what-if curves, and where prices come from.
 */

import type { Summary } from '../engine/summary.js';

/** How the numbers were made, one sentence per note. */
export function methodNotes(summary: Summary): string[] {
  const env = summary.run.environment;
  const pb = summary.playbook;
  const models = new Set(summary.plans.map((p) => p.model));
  const factors = Object.entries(pb.channelFactors).map(([c, f]) => `${c} ×${f}`).join(', ');
  const notes = [
    `Actions were inferred with the ${pb.file === 'built-in' ? 'built-in playbook' : `playbook ${pb.file}`}: ${pb.intents} intents matched by pattern rules first and then by ${pb.keywords.toLocaleString('en-US')} weighted keywords, texts that match nothing falling to ${pb.catchAll.join(', ') || 'the catch-all'}; ${pb.handoffRules} hand-off rules (refund over a limit, legal or security, angry customer…) end the AI's part${factors ? `, and automation rates are scaled per channel (${factors})` : ''}. Tickets with an explicit actions column were replayed with exactly those actions.`,
    'Each further customer turn adds the lookup or answer it needs; field changes add Update Record; reopens repeat work. Every random draw (whether the AI resolves a ticket at its intent\'s automation rate) comes from the seed and the ticket id, so the same input gives the same result.',
    'Resolution: a ticket is "ai" when the agent could have closed it, or "handoff" (with a reason) when it goes to a human; the actions taken before a hand-off are still billed, and Escalate to Human itself is a free utility.',
    'Conversations: a window opens with the customer\'s first message after the previous window ended and lasts 24 hours from its start (Salesforce\'s rule); a plan may read it as 24 hours of inactivity instead.',
    `Flex Credits meter 20 credits per action in production and 16 in a sandbox (30 for a voice action) at $500 per 100,000 credits; this run used the ${env} rates. Metered billing charges credits used beyond the allowances monthly in arrears; pack billing buys whole packs when the balance runs out, and unused credits expire at the end of the contract term.`,
  ];
  if (models.has('per-resolution')) notes.push('Per-resolution plans bill only AI-resolved tickets, at most one resolution each, after any monthly allowance and committed volume.');
  if (models.has('per-ticket')) notes.push('Per-ticket plans bill every ticket once, whatever happens in it; past a monthly spend cap, new tickets pause (go to humans) until the next month.');
  if (models.has('flat-rate')) notes.push('Flat tiers charge their fee every month, tickets or not; an interaction is one AI reply.');
  if (models.has('per-user')) notes.push('Per-user plans charge seats every month; customer-facing actions on top are metered in Flex Credits.');
  if (summary.plans.some((p) => p.humanUsdPerHandoff !== undefined)) notes.push('Totals include a human\'s cost for every handed-off ticket, so plans compare on the total cost of support.');
  notes.push(
    'Each plan is billed month by month as its vendor would (allowances, tiers, packs and overage included); money is held in micro-dollars and rounded to the cent once per month, so totals equal the sum of their months and of their tags.',
    'The per-ticket distribution shows the list price of single tickets, before monthly allowances, tiers and packs; the average per ticket is the plan\'s total divided by replayed tickets.',
  );
  if (summary.whatIf) {
    notes.push('What-if curves re-bill every plan from this history\'s mean usage per AI-resolved and per handed-off ticket: the break-even chart at steady monthly volumes (the average month of a year, free credits spread over it), the sensitivity chart over the replayed months as the AI-resolved share goes from 0 to 100 %.');
  }
  if (summary.forecast) {
    const f = summary.forecast;
    notes.push(`Forecast: ${f.paths.toLocaleString('en-US')} Monte Carlo paths of the next ${f.months} months; each month is built from whole weeks of this history drawn at random (so the weekday pattern and the intent and channel mix of real days are kept), scaled by the trend fitted on the history's tickets per day (${(f.trendPerMonth * 100).toFixed(1)} % a month)${f.surge ? ` and, with a ${(f.surge.probability * 100).toFixed(0)} % chance a month, by a surge of ×${f.surge.size}` : ''}, then billed by every plan as the continuation of this history. P10 to P90 is the range 8 paths in 10 fall in; the budget risk is the share of paths over budget.`);
  }
  notes.push('Prices come from each plan\'s source as read on its as-of date; flags mark figures that are secondary, disputed, illustrative or yours to supply. Check them against your own contract before deciding.');
  return notes;
}
