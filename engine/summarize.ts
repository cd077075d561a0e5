/**
 * Builds summary.json from the merged partial, the plans' bills and the run's facts. Keys are
 * sorted explicitly so the file is byte-identical whatever the worker count or batch order.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Partial, Counts } from './aggregate/partial.js';
import { isMetered } from './actions.js';
import type { RunOptions } from './options.js';
import { packageRoot } from './paths.js';
import { SCHEMA_VERSION, type BreakEvenSummary, type ForecastSummary, type PlaybookSummary, type ScenarioSummary, type WhatIfSummary, type BudgetSummary, type InputSummary, type PlanSummary, type Summary } from './summary.js';
import { dayOf } from '../adapters/time.js';

export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Counts with keys in order: by count descending, then by name. */
export function sortedCounts(counts: Counts): Counts {
  const out: Counts = {};
  for (const [k, v] of Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = v;
  return out;
}

export interface SummaryFacts {
  options: RunOptions;
  inputs: InputSummary[];
  read: number;
  rejectedByReason: Counts;
  months: string[];
  plans: PlanSummary[];
  playbook: PlaybookSummary;
  whatIf?: WhatIfSummary;
  breakEven?: BreakEvenSummary;
  forecast?: ForecastSummary;
  scenarios?: ScenarioSummary[];
  startedAt?: string;
  timings?: Record<string, number>;
}

export function buildSummary(p: Partial, facts: SummaryFacts): Summary {
  const rejected = Object.values(facts.rejectedByReason).reduce((a, b) => a + b, 0);
  let total = 0;
  let metered = 0;
  for (const [name, n] of Object.entries(p.actions)) {
    total += n;
    if (isMetered(name)) metered += n;
  }
  const { options } = facts;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'ticket-replay', version: toolVersion() },
    run: {
      seed: options.seed,
      workers: options.workers,
      environment: options.environment,
      tz: options.tz,
      options: runOptions(options),
      ...(facts.startedAt ? { startedAt: facts.startedAt } : {}),
      ...(facts.timings ? { timings: facts.timings } : {}),
    },
    inputs: facts.inputs,
    playbook: facts.playbook,
    counts: { read: facts.read, replayed: p.tickets, rejected, rejectedByReason: sortedCounts(facts.rejectedByReason) },
    period: {
      from: p.firstAt === null ? '' : dayOf(p.firstAt),
      to: p.lastAt === null ? '' : dayOf(p.lastAt),
    },
    automation: {
      aiResolved: p.aiResolved,
      handedOff: p.handedOff,
      rate: p.tickets > 0 ? Math.round((p.aiResolved / p.tickets) * 10_000) / 10_000 : 0,
      handoffReasons: sortedCounts(p.handoffReasons),
    },
    actions: { total, metered, byName: sortedCounts(p.actions) },
    intents: sortedCounts(p.intents),
    channels: sortedCounts(p.channels),
    months: facts.months.map((month) => ({
      month,
      tickets: p.months[month]?.tickets ?? 0,
      aiResolved: p.months[month]?.aiResolved ?? 0,
      handedOff: p.months[month]?.handedOff ?? 0,
    })),
    plans: facts.plans,
    ...(options.budget !== undefined ? { budget: budgetSummary(facts.plans, options.budget) } : {}),
    ...(facts.whatIf ? { whatIf: facts.whatIf } : {}),
    ...(facts.breakEven ? { breakEven: facts.breakEven } : {}),
    ...(facts.forecast ? { forecast: facts.forecast } : {}),
    ...(facts.scenarios ? { scenarios: facts.scenarios } : {}),
  };
}

/** The options given to the run that change its results, for the manifest (paths as the user gave them). */
export function runOptions(options: RunOptions): Record<string, string | number> {
  const out: Record<string, string | number> = {
    adapter: options.adapter,
    plans: options.plans ?? 'built-in catalogue',
    playbook: options.playbook ?? 'built-in',
  };
  if (options.mapping) out.mapping = options.mapping;
  if (options.budget !== undefined) out.budgetUsdPerMonth = options.budget;
  if (options.humanCost !== undefined) out.humanUsdPerHandoff = options.humanCost;
  if (options.dateOrder) out.dateOrder = options.dateOrder;
  if (options.encoding) out.encoding = options.encoding;
  out.forecastMonths = options.forecastMonths;
  if (options.forecastMonths > 0) out.forecastPaths = options.forecastPaths;
  if (options.scenarios) out.scenarios = options.scenarios;
  if (options.surge) out.surge = `${options.surge.probability}:${options.surge.size}`;
  return out;
}

/** Months over a monthly budget, per plan, in cents to stay exact. */
export function budgetSummary(plans: PlanSummary[], usdPerMonth: number): BudgetSummary {
  const budgetCents = Math.round(usdPerMonth * 100);
  return {
    usdPerMonth,
    plans: plans.map((plan) => {
      const months = plan.monthly
        .map((m) => ({ month: m.month, cents: Math.round(m.usd * 100) }))
        .filter((m) => m.cents > budgetCents)
        .map((m) => ({ month: m.month, usd: m.cents / 100, overByUsd: (m.cents - budgetCents) / 100 }));
      const overCents = months.reduce((sum, m) => sum + Math.round(m.overByUsd * 100), 0);
      return { id: plan.id, monthsOver: months.length, overByUsd: overCents / 100, months };
    }),
  };
}
