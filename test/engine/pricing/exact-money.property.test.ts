/**
 * Exact money (issue point 5): amounts are integer micro-dollars until each month is rounded to
 * the cent once, and every figure after that is integer cents. So, for random ticket sets under
 * every built-in plan and random valid plans of every model (prices down to the micro-dollar):
 * - every USD figure of a plan's summary is a whole number of cents (the double JSON writes with
 *   at most two decimals: a float sum such as 0.1 + 0.2 fails this, not only a wrong total);
 * - the total is the sum of the months, each month is fees + usage charges + human handling, and
 *   its invoice lines add up to it, compared as integers;
 * - cost by tag: every dimension's rows add up to the total. Tickets are counted once per row they
 *   appear in: once each under group, channel and intent, but once under EACH of their distinct
 *   export tags (or "(untagged)"), their cost split evenly between those tags, so the tag rows'
 *   tickets add up to the sum over tickets of max(1, distinct tags), while the money is not
 *   counted twice;
 * - every amount of summary.json (budget, what-if, break-even curves included) has at most two
 *   decimals; usdPerTicket, a rate, has at most four.
 * Then end to end, on every committed fixture `run` accepts: summary.json adds up and
 * tables/*.csv say the same to the cent.
 *
 * Run time: about 50 s on this 2-core machine under load (the properties ~10 s; the sweep, one
 * in-process run per fixture with a small playbook and without drawing charts, ~40 s).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { monthOf } from '../../../adapters/time.js';
import { silentEffects } from '../../../engine/effects.js';
import { parseConfigText } from '../../../engine/config.js';
import { usd as usdFlag } from '../../../engine/cli/flags.js';
import { isReplayError } from '../../../engine/errors.js';
import { loadPlaybook } from '../../../engine/infer/playbook.js';
import { messages } from '../../../engine/messages.js';
import { isExactPrice, roundMicrosToCents } from '../../../engine/money.js';
import { resolveRunOptions } from '../../../engine/options.js';
import { runReplay } from '../../../engine/pipeline.js';
import { analyse } from '../../../engine/analysis/break-even.js';
import { billPlan, lineCents, monthRange } from '../../../engine/pricing/bill.js';
import { FlatRateSchema } from '../../../engine/pricing/flat-rate.js';
import { FlexCreditsSchema } from '../../../engine/pricing/flex-credits.js';
import { getModel } from '../../../engine/pricing/index.js';
import type { PricingModel } from '../../../engine/pricing/model.js';
import { PerConversationSchema } from '../../../engine/pricing/per-conversation.js';
import { PerResolutionSchema } from '../../../engine/pricing/per-resolution.js';
import { PerTicketSchema } from '../../../engine/pricing/per-ticket.js';
import { PerUserSchema } from '../../../engine/pricing/per-user.js';
import { loadPlans, normalizePlans, type Plan } from '../../../engine/pricing/plans.js';
import { createReplayer, replayBatch, UNTAGGED } from '../../../engine/replay/replay-batch.js';
import { budgetSummary } from '../../../engine/summarize.js';
import type { PlanSummary, Summary } from '../../../engine/summary.js';
import { neutralizeFormula } from '../../../reports/csv.js';
import type { Ticket } from '../../../engine/ticket.js';
import { ticketArb } from '../../helpers/ticket-arbitrary.js';

const SEED = 20_251_127;

// The end-to-end sweep runs the real pipeline and report, charts aside: drawing them (vega, resvg)
// is most of a run's time and has no money in it (test/reports/ covers them).
vi.mock('../../../reports/render.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../reports/render.js')>()),
  renderCharts: async () => [],
}));

/**
 * A USD figure as integer cents; fails unless it IS a whole number of cents (the double nearest
 * to one), which is what a float sum of cents usually is not.
 */
function cents(usd: number, what = 'amount'): number {
  expect(typeof usd, what).toBe('number');
  const c = Math.round(usd * 100);
  expect(c / 100, `${what} is not a whole number of cents`).toBe(usd);
  return c;
}

/** A CSV money cell ("12.30", "-0.05") as integer cents, read as text: no float on the way. */
function csvCents(cell: string, what: string): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(cell);
  expect(m, `${what}: ${JSON.stringify(cell)} is not an amount with two decimals`).not.toBeNull();
  const [, sign, whole, frac] = m!;
  return (sign ? -1 : 1) * (Number(whole) * 100 + Number(frac));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Keys of summary.json that are not money amounts of the run, though they say USD. */
const NOT_AN_AMOUNT = new Set([
  'usdPerTicket', // a rate: four decimals (checked apart)
  'humanUsdPerHandoff', // a price echoed from the plans file or --human-cost
  'usdPerMonth@budget', // the --budget echoed
]);

/** Every amount of summary.json: numbers under a key naming USD, and the forecast's quantiles. */
function amounts(value: unknown, path: string[] = [], out: { path: string; usd: number }[] = []): { path: string; usd: number }[] {
  if (Array.isArray(value)) value.forEach((v, i) => amounts(v, [...path, String(i)], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (path[0] === 'run') continue; // options as the user gave them
      const key = path.at(-1) === 'budget' ? `${k}@budget` : k;
      const money = /usd/i.test(k) || (['forecast', 'scenarios'].includes(path[0]) && /^(p\d+|mean)$/.test(k));
      if (money && !NOT_AN_AMOUNT.has(key)) {
        for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'number') out.push({ path: [...path, k].join('.'), usd: x });
      }
      amounts(v, [...path, k], out);
    }
  }
  return out;
}

/** The money invariants of one plan's summary, as integer cents. */
function expectPlanAddsUp(p: PlanSummary, tickets: { count: number; tagRows?: number }): void {
  const total = cents(p.totalUsd, `${p.id} totalUsd`);
  expect(sum(p.monthly.map((m) => cents(m.usd, `${p.id} ${m.month}`))), `${p.id}: total = sum of months`).toBe(total);
  for (const m of p.monthly) {
    const i = m.invoice;
    const month = cents(m.usd);
    expect(cents(i.feesUsd) + cents(i.usageUsd) + cents(i.humanUsd), `${p.id} ${m.month}: fees + usage + human`).toBe(month);
    expect(sum(m.lines.map((l) => cents(l.usd, `${p.id} ${m.month} line ${l.label}`))), `${p.id} ${m.month}: lines`).toBe(month);
  }
  expect(Number.isInteger(Math.round(p.usdPerTicket * 10_000)) && Math.round(p.usdPerTicket * 10_000) / 10_000 === p.usdPerTicket).toBe(true);
  for (const h of p.ticketCostHistogram) cents(h.usd, `${p.id} histogram`);
  for (const dimension of new Set(p.byTag.map((t) => t.dimension))) {
    const rows = p.byTag.filter((t) => t.dimension === dimension);
    expect(sum(rows.map((t) => cents(t.usd, `${p.id} by ${dimension} ${t.value}`))), `${p.id}: by ${dimension} adds up to the total`).toBe(total);
    const counted = sum(rows.map((t) => t.tickets));
    if (dimension !== 'tag') expect(counted, `${p.id}: tickets by ${dimension}`).toBe(tickets.count);
    else if (tickets.tagRows !== undefined) expect(counted, `${p.id}: tickets by tag`).toBe(tickets.tagRows);
    else expect(counted, `${p.id}: tickets by tag`).toBeGreaterThanOrEqual(tickets.count);
  }
}

// ---------------------------------------------------------------------------------------------
// Random plans of every model. Prices in micro-dollars, so sub-cent prices ($0.005 a credit,
// $0.333333 a ticket) are common, and the rounding they cause is what is under test.

const price = (maxMicros: number) => fc.oneof(
  fc.integer({ min: 0, max: maxMicros }).map((m) => m / 1_000_000),
  fc.integer({ min: 0, max: Math.floor(maxMicros / 10_000) }).map((c) => c / 100),
);
const head = (model: string) => ({ id: model, name: model, model });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const flexArb = fc.record({
  creditsPerAction: fc.record({ production: fc.integer({ min: 0, max: 50 }), sandbox: fc.integer({ min: 0, max: 50 }), voice: optional(fc.integer({ min: 0, max: 50 })) }),
  pack: fc.record({ credits: fc.integer({ min: 1, max: 200_000 }), usd: price(2_000_000_000) }),
  billing: fc.constantFrom('metered', 'packs'),
  freeCredits: optional(fc.nat(500)),
  includedCreditsPerYear: optional(fc.nat(5_000)),
  termMonths: fc.integer({ min: 1, max: 13 }),
}).map((p) => FlexCreditsSchema.parse({ ...head('flex-credits'), ...JSON.parse(JSON.stringify(p)) }));

const conversationArb = fc.record({ usdPerConversation: price(5_000_000), windowHours: fc.integer({ min: 1, max: 72 }), window: fc.constantFrom('from-start', 'inactivity') })
  .map((p) => PerConversationSchema.parse({ ...head('per-conversation'), ...p }));

const flatArb = fc.record({
  tiers: fc.uniqueArray(fc.record({ usdPerMonth: price(900_000_000), includedInteractions: fc.integer({ min: 1, max: 40 }) }), { minLength: 1, maxLength: 4, selector: (t) => t.includedInteractions }),
  overage: fc.oneof(fc.constant('next-tier'), fc.constant('cap'), price(3_000_000).map((usdPerInteraction) => ({ usdPerInteraction }))),
  pick: fc.nat(),
  auto: fc.boolean(),
  billing: fc.constantFrom('monthly', 'annual'),
  annualDiscountPercent: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(12.5), fc.constant(33.3)),
}).map(({ tiers, pick, auto, ...rest }) => {
  const named = tiers.map((t, i) => ({ name: `T${i}`, ...t }));
  return FlatRateSchema.parse({ ...head('flat-rate'), ...rest, tiers: named, tier: auto ? 'auto' : named[pick % named.length].name });
});

const resolutionArb = fc.record({
  usdPerResolution: price(3_000_000),
  includedPerMonth: optional(fc.nat(5)),
  perAgent: optional(fc.record({ includedPerAgentPerMonth: fc.nat(3), agents: fc.integer({ min: 1, max: 4 }) })),
  monthlyFeeUsd: optional(price(100_000_000)),
  commitment: optional(fc.record({ resolutionsPerMonth: fc.integer({ min: 1, max: 5 }), usdPerResolution: price(2_000_000) })),
}).map(({ perAgent, ...p }) => PerResolutionSchema.parse(JSON.parse(JSON.stringify({ ...head('per-resolution'), ...p, ...perAgent }))));

const userArb = fc.record({
  usdPerUserPerMonth: price(200_000_000),
  users: fc.integer({ min: 1, max: 50 }),
  metered: optional(fc.record({ creditsPerAction: fc.record({ production: fc.integer({ min: 0, max: 40 }), sandbox: fc.integer({ min: 0, max: 40 }) }), pack: fc.record({ credits: fc.integer({ min: 1, max: 100_000 }), usd: price(600_000_000) }) })),
}).map((p) => PerUserSchema.parse(JSON.parse(JSON.stringify({ ...head('per-user'), ...p }))));

const ticketPlanArb = fc.record({ usdPerTicket: price(2_000_000), spendCapUsdPerMonth: optional(price(5_000_000)) })
  .map((p) => PerTicketSchema.parse(JSON.parse(JSON.stringify({ ...head('per-ticket'), ...p }))));

const humanArb = fc.oneof(fc.constant(undefined), price(10_000_000));
const withHuman = (plan: fc.Arbitrary<Plan>) => fc.tuple(plan, fc.option(price(8_000_000), { nil: undefined }))
  .map(([p, h]) => (h === undefined ? p : { ...p, humanUsdPerHandoff: h }) as Plan);

const randomPlans = fc.tuple(
  withHuman(flexArb as fc.Arbitrary<Plan>), withHuman(conversationArb as fc.Arbitrary<Plan>), withHuman(flatArb as fc.Arbitrary<Plan>),
  withHuman(resolutionArb as fc.Arbitrary<Plan>), withHuman(userArb as fc.Arbitrary<Plan>), withHuman(ticketPlanArb as fc.Arbitrary<Plan>),
).map((plans) => plans.map((p, i) => ({ ...p, id: `p${i}-${p.model}` })));

// Tickets over up to two years (short periods keep the wallet's days few), ids made unique.
const ticketsArb = fc.array(
  ticketArb.map((t) => ({ ...t, createdAt: Date.UTC(2025, 0, 1) + (t.createdAt % (730 * 86_400_000)) })),
  { minLength: 1, maxLength: 40 },
).map((list) => list.map((t, i) => ({ ...t, id: `T${i}` })));

const CATALOGUE = loadPlans();
const PLAYBOOK = loadPlaybook();
const BASE = createReplayer({ seed: 7, environment: 'production', playbook: PLAYBOOK, plans: CATALOGUE });

/** Replays `tickets` under `plans` and bills every plan as the pipeline does. */
function billAll(plans: Plan[], tickets: Ticket[], human: number | undefined) {
  const replayer = { ...BASE, plans: plans.map((plan) => ({ plan, model: getModel(plan.model) as PricingModel<Plan> })) };
  const { partial } = replayBatch(replayer, { batch: 0, tickets });
  const months = monthRange(monthOf(partial.firstAt!), monthOf(partial.lastAt!));
  const summaries = plans.map((plan, i) => billPlan(plan, i, partial, months, { environment: 'production', humanUsdPerHandoff: human }));
  const tagRows = sum(tickets.map((t) => Math.max(1, new Set(t.tags).size)));
  return { partial, months, summaries, counts: { count: partial.tickets, tagRows } };
}

describe('exact money, over random tickets', () => {
  it('every built-in plan: totals are the sums of months, lines and tags, as integer cents', () => {
    fc.assert(
      fc.property(ticketsArb, humanArb, (tickets, human) => {
        const { summaries, counts } = billAll(CATALOGUE, tickets, human);
        for (const p of summaries) expectPlanAddsUp(p, counts);
      }),
      { seed: SEED, numRuns: 60, endOnFailure: true },
    );
  });

  it('random valid plans of every model, prices to the micro-dollar: the same, and each invoice is its lines rounded once', () => {
    fc.assert(
      fc.property(randomPlans, ticketsArb, humanArb, (plans, tickets, human) => {
        const { partial, months, summaries, counts } = billAll(plans, tickets, human);
        for (const p of summaries) expectPlanAddsUp(p, counts);
        // The models' contract: lines add up to fees + usage, rounded once to the month's cents.
        plans.forEach((plan, i) => {
          const model = getModel(plan.model) as PricingModel<Plan>;
          const usage = months.map((month) => ({ month, tickets: partial.months[month]?.tickets ?? 0, units: partial.plans[i].usage[month] ?? {} }));
          for (const bill of model.bill(usage, plan, { environment: 'production', months })) {
            const lines = sum(bill.lines.map((l) => l.micros));
            expect(Number.isSafeInteger(lines) && bill.lines.every((l) => Number.isSafeInteger(l.micros))).toBe(true);
            expect(lines, `${plan.id} ${bill.month}`).toBe(bill.invoice.feesMicros + bill.invoice.usageMicros);
            expect(roundMicrosToCents(lines)).toBe(bill.micros);
          }
        });
      }),
      { seed: SEED + 1, numRuns: 120, endOnFailure: true },
    );
  });

  it('a ticket with two tags is one ticket under each, its cost split between them; the tag rows add up to the bill', () => {
    const ticket = { ...fc.sample(ticketArb, { seed: 3, numRuns: 1 })[0], id: 'two-tags', createdAt: Date.UTC(2025, 4, 2), tags: ['vip', 'eu', 'vip'] };
    const plain = { ...ticket, id: 'no-tags', tags: [] };
    const { summaries } = billAll(CATALOGUE, [ticket, plain], undefined);
    for (const p of summaries) {
      const tags = Object.fromEntries(p.byTag.filter((t) => t.dimension === 'tag').map((t) => [t.value, t]));
      expect(Object.keys(tags).sort()).toEqual([UNTAGGED, 'eu', 'vip'].sort());
      expect([tags.vip.tickets, tags.eu.tickets, tags[UNTAGGED].tickets]).toEqual([1, 1, 1]);
      expect(cents(tags.vip.usd) + cents(tags.eu.usd) + cents(tags[UNTAGGED].usd)).toBe(cents(p.totalUsd));
    }
  });

  it('every amount of summary.json has at most two decimals: bills, budget, what-if and break-even curves', () => {
    fc.assert(
      fc.property(randomPlans, ticketsArb, humanArb, price(100_000_000), (plans, tickets, human, budget) => {
        const { partial, months, summaries } = billAll(plans, tickets, human);
        const { whatIf, breakEven } = analyse({ plans, partial, months, environment: 'production', humanUsdPerHandoff: human });
        const summary = { plans: summaries, budget: budgetSummary(summaries, budget), whatIf, breakEven };
        const found = amounts(summary);
        expect(found.length).toBeGreaterThan(summaries.length * 3);
        for (const { path, usd } of found) cents(usd, path);
      }),
      { seed: SEED + 2, numRuns: 20, endOnFailure: true },
    );
  });
});

describe('money that cannot be held exactly is refused, never rounded away', () => {
  it('splits a month over its lines so they add up to it; lines in whole cents keep their amounts', () => {
    expect(lineCents(1, [5_000, 5_000])).toEqual([1, 0]); // $0.005 + $0.005: rounded apart they would be $0.02
    expect(lineCents(150, [1_000_000, 500_000])).toEqual([100, 50]);
    expect(lineCents(3, [14_000, 14_000])).toEqual([2, 1]); // 1.4 + 1.4 = 2.8 → 3 cents, not 2
    fc.assert(fc.property(fc.array(fc.nat(2_000_000_000), { minLength: 1, maxLength: 6 }), (micros) => {
      const month = Math.round(sum(micros) / 10_000);
      const shares = lineCents(month, micros);
      expect(sum(shares)).toBe(month);
      shares.forEach((c, i) => expect(Math.abs(c * 10_000 - micros[i])).toBeLessThan(10_000));
    }), { seed: SEED + 3, numRuns: 500 });
  });

  it.each([
    [1e300, 'priceNotExact'], [1_000_000_001, 'priceNotExact'], [0.0000001, 'priceNotExact'], [1 / 3, 'priceNotExact'],
  ])('a plan priced %s is a CONFIG error naming the field, not a rounded bill', (price) => {
    const text = JSON.stringify({ plans: [{ id: 'r', name: 'R', model: 'per-resolution', usdPerResolution: price }] });
    let err: unknown;
    try {
      normalizePlans(parseConfigText(text, 'absurd.json'));
    } catch (e) {
      err = e;
    }
    expect(isReplayError(err) && err.code).toBe('CONFIG');
    expect((err as Error).message).toContain(messages.priceNotExact());
    expect((err as Error).message).toContain('plans[0].usdPerResolution');
  });

  it('accepts prices to the micro-dollar, up to a billion dollars', () => {
    for (const price of [0, 0.005, 0.99, 0.000001, 123.456789, 1_000_000_000]) expect(isExactPrice(price), String(price)).toBe(true);
    const text = JSON.stringify([{ id: 'c', name: 'C', model: 'per-ticket', usdPerTicket: 0.333333 }]);
    expect(normalizePlans(parseConfigText(text, 'fine.json'))[0]).toMatchObject({ usdPerTicket: 0.333333 });
  });

  it('refuses --human-cost and --budget amounts it cannot hold exactly', () => {
    expect(usdFlag('--human-cost')('4.25')).toBe(4.25);
    for (const value of ['1e303', '0.0000001', '2000000000']) expect(() => usdFlag('--human-cost')(value)).toThrow(messages.badUsd('--human-cost', value));
    // A partial file's options skip the flag parser: billing checks again.
    const { partial, months } = billAll(CATALOGUE, fc.sample(ticketsArb, { seed: 5, numRuns: 1 })[0], undefined);
    expect(() => billPlan(CATALOGUE[0], 0, partial, months, { environment: 'production', humanUsdPerHandoff: 1e303 })).toThrow(messages.badUsd('--human-cost', '1e+303'));
  });

  it('refuses a bill over Number.MAX_SAFE_INTEGER micro-dollars (about $9 billion) with a CONFIG error naming the plan', () => {
    const dear = PerTicketSchema.parse({ id: 'dear', name: 'Dear', model: 'per-ticket', usdPerTicket: 1_000_000_000 }) as Plan;
    const tickets = fc.sample(ticketArb, { seed: 9, numRuns: 12 }).map((t, i) => ({ ...t, id: `D${i}`, createdAt: Date.UTC(2025, 5, 1 + i) }));
    const { partial } = replayBatch({ ...BASE, plans: [{ plan: dear, model: getModel('per-ticket') as PricingModel<Plan> }] }, { batch: 0, tickets });
    const months = monthRange(monthOf(partial.firstAt!), monthOf(partial.lastAt!));
    let err: unknown;
    try {
      billPlan(dear, 0, partial, months, { environment: 'production' });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'CONFIG', field: 'plans[0]', message: messages.billTooLarge('dear', '2025-06') });
  });
});

// ---------------------------------------------------------------------------------------------
// End to end: every committed fixture `run` accepts, through the real pipeline and report.

const FIXTURES = 'test/fixtures';
/** Folders of configuration, not tickets. */
const CONFIG_DIRS = new Set(['plans', 'playbooks', 'e2e']);
const DATA_FILE = /\.(csv|tsv|json|ndjson|zip)$/;
/** Fixtures that need a column mapping (a preset name or a file). */
const MAPPINGS: Record<string, string> = {
  'test/fixtures/datasets/cfpb-complaints-300.csv': 'cfpb',
  'test/fixtures/datasets/kaggle-support-300.csv': 'kaggle-support',
};

/**
 * The playbook of the sweep: money does not depend on which intents are inferred, and the
 * built-in one's keyword table is most of a run's start-up. The sample runs with the built-in one.
 */
const SMALL_PLAYBOOK = 'test/fixtures/playbooks/minimal.yaml';
const BUILT_IN = 'built-in';

interface RunCase { name: string; inputs: string[]; mapping?: string; plans?: string; playbook?: string; humanCost?: number; budget?: number; forecastMonths?: number }

function fixtureCases(): RunCase[] {
  const cases: RunCase[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (dirname(path) === FIXTURES && CONFIG_DIRS.has(name)) continue;
        // A folder of Salesforce objects is read as one export.
        if (readdirSync(path).includes('Case.csv')) cases.push({ name: relative(FIXTURES, path) + '/', inputs: [path] });
        walk(path);
      } else if (DATA_FILE.test(name)) {
        const sibling = join(dir, `${basename(name).replace(/\.[^.]+$/, '')}.mapping.yaml`);
        const preset = basename(dir) === 'presets' ? basename(name).replace(/\.[^.]+$/, '') : undefined;
        cases.push({ name: relative(FIXTURES, path), inputs: [path], mapping: MAPPINGS[path] ?? (existsSync(sibling) ? sibling : preset) });
      }
    }
  };
  walk(FIXTURES);
  cases.push({ name: 'datasets/sample (forecast, budget, human cost)', inputs: ['datasets/sample/tickets.csv'], playbook: BUILT_IN, budget: 300, humanCost: 4, forecastMonths: 2 });
  for (const plans of ['test/fixtures/plans/valid.yaml', 'test/fixtures/e2e/flex-metered.yaml', 'test/fixtures/e2e/per-conversation.json', 'test/fixtures/hostile/plans.yaml']) {
    cases.push({ name: `generic-csv/tickets.csv with ${plans}`, inputs: ['test/fixtures/generic-csv/tickets.csv'], plans, humanCost: 3.33, budget: 50 });
  }
  return cases;
}

/** Rows of a table as objects. */
function table(dir: string, name: string): Record<string, string>[] {
  return parseCsv(readFileSync(join(dir, 'tables', name)), { columns: true, relax_column_count: false }) as Record<string, string>[];
}

/** summary.json and tables/*.csv of one output folder agree, to the cent, and add up. */
function expectOutputsAddUp(dir: string): void {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  for (const p of s.plans) expectPlanAddsUp(p, { count: s.counts.replayed });
  for (const { path, usd } of amounts(s)) cents(usd, path);
  const plan = new Map(s.plans.map((p) => [neutralizeFormula(p.id), p]));
  const of = (row: Record<string, string>) => {
    const p = plan.get(row.plan_id);
    expect(p, `a table row names plan ${row.plan_id}`).toBeDefined();
    return p!;
  };

  const plansCsv = table(dir, 'plans.csv');
  expect(plansCsv.length).toBe(s.plans.length);
  const cheapest = Math.min(...s.plans.map((p) => cents(p.totalUsd)));
  for (const row of plansCsv) {
    const p = of(row);
    expect(csvCents(row.total_usd, 'plans.csv total_usd')).toBe(cents(p.totalUsd));
    expect(csvCents(row.vs_cheapest_usd, 'plans.csv vs_cheapest_usd')).toBe(cents(p.totalUsd) - cheapest);
  }

  const monthly = table(dir, 'monthly.csv');
  const invoices = table(dir, 'invoices.csv');
  for (const p of s.plans) {
    const id = neutralizeFormula(p.id);
    const mine = monthly.filter((r) => r.plan_id === id);
    expect(mine.map((r) => r.month)).toEqual(p.monthly.map((m) => m.month));
    mine.forEach((r, k) => expect(csvCents(r.usd, 'monthly.csv usd'), `${p.id} ${r.month}`).toBe(cents(p.monthly[k].usd)));
    expect(sum(mine.map((r) => csvCents(r.usd, 'monthly.csv usd'))), `${p.id}: monthly.csv adds up to the total`).toBe(cents(p.totalUsd));
    const inv = invoices.filter((r) => r.plan_id === id);
    expect(inv.length).toBe(p.monthly.length);
    inv.forEach((r, k) => {
      const m = p.monthly[k];
      const [fees, usage, human, total] = ['fees_usd', 'usage_usd', 'human_usd', 'total_usd'].map((c) => csvCents(r[c], `invoices.csv ${c}`));
      expect([fees, usage, human, total]).toEqual([cents(m.invoice.feesUsd), cents(m.invoice.usageUsd), cents(m.invoice.humanUsd), cents(m.usd)]);
      expect(fees + usage + human).toBe(total);
    });
    const tags = table(dir, 'by-tag.csv').filter((r) => r.plan_id === id);
    expect(tags.length).toBe(p.byTag.length);
    tags.forEach((r, k) => {
      expect([r.dimension, r.value]).toEqual([p.byTag[k].dimension, neutralizeFormula(p.byTag[k].value)]);
      expect(csvCents(r.usd, 'by-tag.csv usd')).toBe(cents(p.byTag[k].usd));
    });
    for (const dimension of new Set(tags.map((r) => r.dimension))) {
      expect(sum(tags.filter((r) => r.dimension === dimension).map((r) => csvCents(r.usd, 'by-tag.csv usd'))), `${p.id}: by-tag.csv ${dimension}`).toBe(cents(p.totalUsd));
    }
  }
  if (s.budget) {
    const budget = cents(s.budget.usdPerMonth);
    for (const r of table(dir, 'budget.csv')) {
      const m = of(r).monthly.find((x) => x.month === r.month)!;
      expect(csvCents(r.usd, 'budget.csv usd')).toBe(cents(m.usd));
      expect(csvCents(r.over_by_usd, 'budget.csv over_by_usd')).toBe(Math.max(0, cents(m.usd) - budget));
    }
    for (const b of s.budget.plans) {
      const p = s.plans.find((x) => x.id === b.id)!;
      expect(cents(b.overByUsd)).toBe(sum(p.monthly.map((m) => Math.max(0, cents(m.usd) - budget))));
    }
  }
}

describe('exact money, end to end on every committed fixture run accepts', () => {
  let base: string | undefined;
  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('summary.json totals are the sums of their months and tags, and tables/*.csv agree to the cent', async () => {
    base = mkdtempSync(join(tmpdir(), 'exact-money-'));
    const accepted: string[] = [];
    const refused: string[] = [];
    const run = async (c: RunCase, i: number) => {
      const out = join(base!, String(i));
      const options = resolveRunOptions({
        inputs: c.inputs, mapping: c.mapping, plans: c.plans, playbook: c.playbook === BUILT_IN ? undefined : (c.playbook ?? SMALL_PLAYBOOK), humanCost: c.humanCost, budget: c.budget,
        out, workers: 1, forecastMonths: c.forecastMonths ?? 0, forecastPaths: 200,
      });
      try {
        await runReplay(options, silentEffects());
      } catch (err) {
        // Refused as a whole with a typed error (not a ticket file, unknown format, no ticket left...): nothing to add up.
        if (!isReplayError(err) || err.code === 'WORKER' || err.code === 'INTERRUPTED') throw err;
        refused.push(`${c.name}: ${err.code} ${err.message.slice(0, 160)}`);
        return;
      }
      expectOutputsAddUp(out);
      accepted.push(c.name);
    };
    for (const [i, c] of fixtureCases().entries()) await run(c, i);
    // The sweep must not pass by refusing everything: these are known to replay.
    for (const name of [
      'generic-csv/tickets.csv', 'zendesk-csv/export.csv', 'zendesk-json/full-export.ndjson', 'freshdesk/api-tickets.json',
      'freshdesk/ticket-export.csv', 'intercom/conversations.json', 'salesforce/', 'salesforce-export.zip', 'presets/hubspot.csv',
      'datasets/cfpb-complaints-300.csv', 'hostile/tickets.csv', 'datasets/sample (forecast, budget, human cost)',
      'generic-csv/tickets.csv with test/fixtures/hostile/plans.yaml',
    ]) expect(accepted, `${name} should replay (refused: ${refused.join('; ')})`).toContain(name);
    expect(accepted.length).toBeGreaterThanOrEqual(30);
  }, 600_000);
});
