/**
 * A hand-built, realistic Summary for report tests: 12 months, 4 plans under 4 models, and user
 * text that must be escaped everywhere (`<script>` in a plan name, a spreadsheet formula in
 * another, pipes and backticks in tags and paths).
 */

import type { MonthlyInvoice, PlanSummary, Summary } from '../../engine/summary.js';

const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06',
  '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'];
const TICKETS = [812, 760, 905, 1010, 968, 1102, 1240, 1188, 1031, 990, 1315, 1422];
const AI_RATE = 0.62;

const cents = (usd: number) => Math.round(usd * 100) / 100;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function invoice(month: string, usd: number, units: Record<string, number>, label: string, details: Record<string, number | string> = {}): MonthlyInvoice {
  const [unit, usage] = Object.entries(units).at(-1) ?? ['tickets', 0];
  return {
    month, usd: cents(usd), units,
    invoice: { unit, usage, included: 0, overage: usage, packsBought: 0, balanceCarried: 0, feesUsd: 0, usageUsd: cents(usd), handoffs: 0, humanUsd: 0 },
    lines: [{ label, usd: cents(usd) }], details,
  };
}

function plan(base: Omit<PlanSummary, 'totalUsd' | 'units' | 'usdPerTicket'>): PlanSummary {
  const units: Record<string, number> = {};
  for (const m of base.monthly) for (const [k, v] of Object.entries(m.units)) units[k] = (units[k] ?? 0) + v;
  const totalUsd = cents(sum(base.monthly.map((m) => m.usd)));
  return { ...base, totalUsd, units, usdPerTicket: Math.round((totalUsd / sum(TICKETS)) * 10_000) / 10_000 };
}

const byTag = (total: number) => [
  { dimension: 'channel', value: 'email', tickets: 7100, usd: cents(total * 0.55) },
  { dimension: 'channel', value: 'chat', tickets: 5643, usd: cents(total * 0.45) },
  { dimension: 'intent', value: 'billing | refunds `urgent`', tickets: 4000, usd: cents(total * 0.4) },
  { dimension: 'intent', value: '-1 =cmd', tickets: 8743, usd: cents(total * 0.6) },
];

/** Returns a fresh fixture (tests may mutate it). */
export function summaryFixture(): Summary {
  const totalTickets = sum(TICKETS);
  const flex = plan({
    id: 'agentforce-flex', name: 'Agentforce Flex Credits (pay-as-you-go) <script>alert(1)</script>', model: 'flex-credits',
    source: 'https://www.salesforce.com/agentforce/pricing/', asOf: '2026-10-07', flags: [],
    monthly: MONTHS.map((m, i) => {
      const actions = Math.round(TICKETS[i] * 3.4);
      return invoice(m, actions * 0.1, { actions, credits: actions * 20 }, 'Flex Credits (metered)');
    }),
    ticketCostHistogram: [{ usd: 0.1, tickets: 2100 }, { usd: 0.2, tickets: 3300 }, { usd: 0.3, tickets: 3900 }, { usd: 0.4, tickets: 1900 }, { usd: 0.6, tickets: 1243 }, { usd: 1.2, tickets: 300 }],
    byTag: [],
  });
  const conv = plan({
    id: 'agentforce-conversations', name: '=HYPERLINK("http://evil.example","Agentforce per conversation")', model: 'per-conversation',
    source: 'Salesforce pricing page | legacy', asOf: '2025-06-01', flags: ['legacy', 'secondary'],
    monthly: MONTHS.map((m, i) => {
      const conversations = Math.round(TICKETS[i] * 1.15);
      return invoice(m, conversations * 2, { conversations }, 'Conversations × $2.00');
    }),
    ticketCostHistogram: [{ usd: 2, tickets: 10800 }, { usd: 4, tickets: 1700 }, { usd: 6, tickets: 243 }],
    byTag: [],
  });
  const fin = plan({
    id: 'intercom-fin', name: 'Intercom Fin', model: 'per-resolution',
    source: 'https://www.intercom.com/pricing', asOf: '2026-03-12', flags: [],
    monthly: MONTHS.map((m, i) => {
      const resolutions = Math.round(TICKETS[i] * AI_RATE);
      return invoice(m, resolutions * 0.99, { resolutions, conversations: Math.round(TICKETS[i] * 1.15) }, 'Resolutions × $0.99');
    }),
    ticketCostHistogram: [{ usd: 0, tickets: 4843 }, { usd: 0.99, tickets: 7900 }],
    byTag: [],
  });
  const flat = plan({
    id: 'eesel-business', name: 'eesel Business tier', model: 'flat-rate', asOf: '2025-09-30', flags: ['unverified'],
    monthly: MONTHS.map((m, i) => {
      const interactions = Math.round(TICKETS[i] * 2.1);
      return invoice(m, interactions > 2500 ? 1278 : 639, { interactions }, 'Business tier', { tier: interactions > 2500 ? 'Business ×2' : 'Business' });
    }),
    ticketCostHistogram: [{ usd: 0.26, tickets: 6000 }, { usd: 0.51, tickets: 5000 }, { usd: 0.77, tickets: 1743 }],
    byTag: [],
  });
  for (const p of [flex, conv, fin, flat]) p.byTag = byTag(p.totalUsd);
  const aiResolved = 7900;
  return {
    schemaVersion: 1,
    tool: { name: 'ticket-replay', version: '0.1.0' },
    run: { seed: 1, workers: 4, environment: 'production', tz: 'UTC', startedAt: '2026-01-05T10:00:00.000Z', timings: { totalMs: 4210 } },
    inputs: [
      { path: 'exports/tickets & "Q1" <2025>.csv', adapter: 'zendesk-csv', sha256: 'a'.repeat(64), records: 9000 },
      { path: 'exports/chat|export.json', adapter: 'intercom', sha256: '0123456789abcdef'.repeat(4), records: 3785 },
    ],
    counts: { read: 12785, replayed: totalTickets, rejected: 12785 - totalTickets, rejectedByReason: { 'bad-date': 30, 'duplicate-id': 12 } },
    period: { from: '2025-01-02', to: '2025-12-31' },
    automation: { aiResolved, handedOff: totalTickets - aiResolved, rate: Math.round((aiResolved / totalTickets) * 10_000) / 10_000, handoffReasons: { 'asks for a human': 2900, 'refund over limit': 1943 } },
    actions: {
      total: 43320, metered: 38477,
      byName: {
        'Identify Customer': 12743, 'Answer Question with Knowledge': 9800, 'Get Order Details': 5400, 'Escalate to Human': 4843,
        'Get Cases': 3900, 'Add Comment': 2500, 'Issue Refund': 1600, 'Reset Password': 1200, 'Schedule Appointment': 734, 'Custom `Action` | <b>x</b>': 600,
      },
    },
    intents: { billing: 5000, 'order status': 4000, 'password reset': 1200, other: 2543 },
    channels: { email: 7100, chat: 5643 },
    months: MONTHS.map((month, i) => ({ month, tickets: TICKETS[i], aiResolved: Math.round(TICKETS[i] * AI_RATE), handedOff: TICKETS[i] - Math.round(TICKETS[i] * AI_RATE) })),
    plans: [flex, conv, fin, flat],
  };
}
