/**
 * A hand-built, realistic Summary for report tests: 12 months, 4 plans under 4 models, and user
 * text that must be escaped everywhere (`<script>` in a plan name, a spreadsheet formula in
 * another, pipes and backticks in tags and paths).
 *
 * Beyond the bills it carries everything the optional charts draw: a $2,000 monthly budget (one
 * plan goes over it in ten months), cost by group, channel, intent and export tag (fifteen tags, so
 * a top ten folds the rest), the credit wallet the Flex Credits plan's usage draws under prepaid
 * packs (simulated day by day with the engine's own rules; its invoices stay metered), the what-if
 * curves and the break-even points, each computed from the same usage per ticket as the plans'
 * monthly invoices (see `MONTH_COST`). The invoices and totals are the ones other tests assert.
 */

import { FlexCreditsSchema } from '../../engine/pricing/flex-credits.js';
import { daysOfMonths, simulateWallet, type WalletSummary } from '../../engine/pricing/wallet.js';
import type { BreakEvenSummary, BudgetSummary, MonthlyInvoice, PlanSummary, Summary, TagCost, WhatIfSummary } from '../../engine/summary.js';

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

/** Splits `total` over `weights` in cents, the last share taking the rounding (so the rows sum to the total). */
function split(total: number, weights: number[]): number[] {
  const w = sum(weights);
  const out = weights.map((x) => cents((total * x) / w));
  out[out.length - 1] = cents(total - sum(out.slice(0, -1)));
  return out;
}

/** Departments (helpdesk groups), with their share of the cost and their tickets. */
const GROUPS: [string, number, number][] = [
  ['Tier 1 Support', 0.46, 5870], ['Billing & Accounts', 0.24, 3050], ['Technical <Ops>', 0.19, 2420], ['Returns | Refunds', 0.11, 1403],
];

/**
 * Export tags (a ticket with several tags split evenly over them): fifteen, so charts and tables
 * that show the top ten fold the rest; two of the top ten hold markup and a formula.
 */
const EXPORT_TAGS: [string, number, number][] = [
  ['vip', 0.17, 1650], ['refund', 0.14, 1980], ['shipping-delay', 0.11, 1720], ['password', 0.09, 1190], ['bug', 0.08, 930],
  ['invoice', 0.07, 1010], ['churn-risk', 0.065, 540], ['onboarding', 0.06, 720], ['<img src=x onerror=alert(1)>', 0.052, 300], ['=SUM(A1:A9)', 0.047, 280],
  ['api', 0.035, 410], ['mobile-app', 0.03, 620], ['gdpr', 0.022, 160], ['feature-request', 0.016, 240], ['spam', 0.007, 353],
];

/** Every dimension of a plan's cost, each summing to the plan's total. */
function byTagRows(total: number): TagCost[] {
  const rows = (dimension: string, table: [string, number, number][]) => {
    const usd = split(total, table.map((t) => t[1]));
    return table.map(([value, , tickets], i): TagCost => ({ dimension, value, tickets, usd: usd[i] }));
  };
  return [...byTag(total), ...rows('group', GROUPS), ...rows('tag', EXPORT_TAGS)];
}

const MONTHLY_BUDGET_USD = 2000;

/** `--budget`: the months each plan went over, as engine/summarize.ts's budgetSummary reports them. */
function budgetOf(plans: PlanSummary[], usdPerMonth: number): BudgetSummary {
  return {
    usdPerMonth,
    plans: plans.map((p) => {
      const months = p.monthly.filter((m) => m.usd > usdPerMonth).map((m) => ({ month: m.month, usd: m.usd, overByUsd: cents(m.usd - usdPerMonth) }));
      return { id: p.id, monthsOver: months.length, overByUsd: cents(sum(months.map((m) => m.overByUsd))), months };
    }),
  };
}

/**
 * The Flex Credits plan bought as prepaid packs (100,000 credits for $500, 100,000 free
 * Foundations credits, a 12-month term, alerts at 50/75/90/100 %), its wallet simulated over every
 * day of the year: each month's credits (the invoices' `credits`) spread over its days, busier on
 * weekdays.
 */
function flexWallet(): WalletSummary {
  const plan = FlexCreditsSchema.parse({
    id: 'agentforce-flex', name: 'Agentforce Flex Credits', model: 'flex-credits', creditsPerAction: { production: 20, sandbox: 16, voice: 30 },
    pack: { credits: 100_000, usd: 500 }, billing: 'packs', freeCredits: 100_000, termMonths: 12,
  });
  const weekday = [0.45, 1.25, 1.15, 1.1, 1.05, 0.95, 0.5]; // Sunday first
  const creditsByDay: Record<string, number> = {};
  MONTHS.forEach((month, i) => {
    const actions = Math.round(TICKETS[i] * 3.4);
    const days = daysOfMonths([month]);
    const weights = days.map((d, k) => weekday[new Date(`${d}T00:00:00Z`).getUTCDay()] * (1 + 0.18 * Math.sin(k * 1.7 + i)));
    // Whole actions per day by largest remainder, so the days add up to the month.
    const exact = weights.map((w) => (actions * w) / sum(weights));
    const whole = exact.map(Math.floor);
    const order = exact.map((x, k) => [x - whole[k], k]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (let r = 0; r < actions - sum(whole); r++) whole[order[r][1]]++;
    days.forEach((d, k) => { creditsByDay[d] = whole[k] * 20; });
  });
  return simulateWallet(plan, MONTHS, creditsByDay);
}

/**
 * What each plan's model bills for `tickets` tickets in a month of which a share `aiShare` was
 * AI-resolved, from the fixture's usage per ticket (at the history's 62 %: 3.4 metered actions,
 * 1.15 conversations, 0.62 resolutions and 2.1 interactions a ticket; AI-resolved tickets take
 * more actions and replies, and fewer conversations, than handed-off ones).
 */
const MONTH_COST: Record<string, (tickets: number, aiShare: number) => number> = {
  'agentforce-flex': (t, s) => Math.round(t * (3.4 + 0.6 * (s - AI_RATE))) * 0.1,
  'agentforce-conversations': (t, s) => Math.round(t * (1.15 - 0.12 * (s - AI_RATE))) * 2,
  'intercom-fin': (t, s) => Math.round(t * s) * 0.99,
  'eesel-business': (t, s) => 639 * Math.max(1, Math.ceil(Math.round(t * (2.1 + 0.8 * (s - AI_RATE))) / 2500)),
};
const PLAN_IDS = Object.keys(MONTH_COST);
const volumeCost = (id: string, v: number) => cents(MONTH_COST[id](v, AI_RATE));
const shareCost = (id: string, s: number) => cents(sum(TICKETS.map((t) => cents(MONTH_COST[id](t, s)))));

/** The first x where a − b changes sign (half a cent counts as zero), as engine/analysis/break-even.ts searches it. */
function firstCrossing(xs: number[], diff: (x: number) => number): number | null {
  const sign = (d: number) => (Math.abs(d) < 0.005 ? 0 : Math.sign(d));
  const start = xs.findIndex((x) => sign(diff(x)) !== 0);
  if (start < 0) return null;
  const first = sign(diff(xs[start]));
  return xs.slice(start + 1).find((x) => sign(diff(x)) !== first) ?? null;
}

/** The what-if curves and break-even points, computed once (each fixture gets a copy). */
const ANALYSIS = (() => {
  const average = Math.round(sum(TICKETS) / TICKETS.length);
  const volumes = Array.from({ length: 22 }, (_, i) => i * 150); // 0 to 3,150 tickets a month, ~3× the average
  const shares = Array.from({ length: 21 }, (_, i) => i / 20);
  const whatIf: WhatIfSummary = {
    volume: { ticketsPerMonth: volumes, actualTicketsPerMonth: average, plans: PLAN_IDS.map((id) => ({ id, usdPerMonth: volumes.map((v) => volumeCost(id, v)) })) },
    automation: { aiShare: shares, actualShare: Math.round((7900 / sum(TICKETS)) * 10_000) / 10_000, plans: PLAN_IDS.map((id) => ({ id, usd: shares.map((s) => shareCost(id, s)) })) },
  };
  // Every whole volume up to 100× the average month, every 0.1 % of share.
  const searchVolumes = Array.from({ length: 100 * average }, (_, i) => i + 1);
  const searchShares = Array.from({ length: 1001 }, (_, i) => i / 1000);
  const breakEven: BreakEvenSummary = { pairs: [], automation: [] };
  PLAN_IDS.forEach((a, i) => PLAN_IDS.slice(i + 1).forEach((b) => {
    breakEven.pairs.push({ a, b, ticketsPerMonth: firstCrossing(searchVolumes, (v) => volumeCost(a, v) - volumeCost(b, v)) });
    breakEven.automation.push({ a, b, aiShare: firstCrossing(searchShares, (s) => shareCost(a, s) - shareCost(b, s)) });
  }));
  return { whatIf, breakEven, wallet: flexWallet() };
})();

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
  for (const p of [flex, conv, fin, flat]) p.byTag = byTagRows(p.totalUsd);
  flex.wallet = structuredClone(ANALYSIS.wallet);
  const aiResolved = 7900;
  return {
    schemaVersion: 1,
    tool: { name: 'ticket-replay', version: '0.1.0' },
    run: {
      seed: 1, workers: 4, environment: 'production', tz: 'UTC',
      options: { adapter: 'zendesk-csv', plans: 'built-in catalogue', playbook: 'built-in', budgetUsdPerMonth: MONTHLY_BUDGET_USD },
      startedAt: '2026-01-05T10:00:00.000Z', timings: { totalMs: 4210 },
    },
    inputs: [
      { path: 'exports/tickets & "Q1" <2025>.csv', adapter: 'zendesk-csv', sha256: 'a'.repeat(64), records: 9000 },
      { path: 'exports/chat|export.json', adapter: 'intercom', sha256: '0123456789abcdef'.repeat(4), records: 3785 },
    ],
    playbook: { file: 'built-in', intents: 14, catchAll: ['other'], handoffRules: 6, keywords: 1240, channelFactors: { email: 1, chat: 1.1 } },
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
    budget: budgetOf([flex, conv, fin, flat], MONTHLY_BUDGET_USD),
    whatIf: structuredClone(ANALYSIS.whatIf),
    breakEven: structuredClone(ANALYSIS.breakEven),
    forecast: forecastOf([flex, conv, fin, flat]),
    scenarios: scenariosOf(forecastOf([flex, conv, fin, flat])),
  };
}

/** The baseline, a growth scenario (bills 20 % higher) and a plan-mix scenario (two plans). */
function scenariosOf(f: NonNullable<Summary['forecast']>): NonNullable<Summary['scenarios']> {
  const base = f.plans.map((p) => ({ id: p.id, ...p.total }));
  return [
    { name: 'Baseline', changes: 'as forecast', plans: base },
    { name: 'Growth <b>fast</b>', changes: 'growth +3 % a month', plans: base.map((p) => ({ id: p.id, p10: cents(p.p10 * 1.2), p50: cents(p.p50 * 1.2), p90: cents(p.p90 * 1.2) })) },
    { name: 'Two plans', changes: 'only agentforce-flex, intercom-fin', plans: base.filter((p) => ['agentforce-flex', 'intercom-fin'].includes(p.id)) },
  ];
}

/** Six forecast months per plan: the last month's bill growing 2 % a month, with a band around it. */
function forecastOf(plans: PlanSummary[]): NonNullable<Summary['forecast']> {
  const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
  return {
    months: months.length, paths: 2000, seed: 1, trendPerMonth: 0.0198,
    plans: plans.map((p) => {
      const last = p.monthly.at(-1)!.usd;
      const total = cents(last * [1, 2, 3, 4, 5, 6].reduce((s, k) => s + 1.02 ** k, 0));
      return {
        id: p.id,
        total: { p10: cents(total * 0.92), p50: total, p90: cents(total * 1.1) },
        months: months.map((month, k) => {
          const p50 = cents(last * 1.02 ** (k + 1));
          return {
            month, p10: cents(p50 * 0.88), p50, p90: cents(p50 * 1.16), p99: cents(p50 * 1.35), mean: cents(p50 * 1.02),
            pOverBudget: p50 * 1.16 < MONTHLY_BUDGET_USD ? 0 : p50 * 0.88 > MONTHLY_BUDGET_USD ? 1 : 0.5,
          };
        }),
      };
    }),
  };
}
