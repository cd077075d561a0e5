/**
 * What-if scenarios (`run --scenarios <file>`, JSON or YAML), each forecast like the baseline and
 * compared side by side in the report:
 * - `growthPerMonth`: added to the fitted trend (0.05 = 5 % more tickets every month);
 * - `automationChange`: the AI-resolved share moves by this many points (0.1 = +10 points), each
 *   ticket costing what this history's AI-resolved or handed-off tickets cost on average;
 * - `channelShift`: a share of one channel's tickets moves to another, costing what that
 *   channel's tickets cost on average;
 * - `priceChange`: every price of every plan (a number) or of the plans named (a map) changes by
 *   this fraction (-0.1 = 10 % cheaper); bills are linear in prices, so the bill scales exactly;
 * - `plans`: only these plans (a different plan mix; plans must be in the run, whose usage was metered).
 */

import { z } from 'zod';
import type { Partial } from '../aggregate/partial.js';
import { loadConfigFile, validateConfig } from '../config.js';
import { CHANNELS } from '../ticket.js';
import type { Units } from '../pricing/model.js';
import type { Plan } from '../pricing/plans.js';
import type { ForecastInput } from './simulate.js';

const fraction = z.number().min(-1).max(10);
const channel = z.enum(CHANNELS as unknown as [string, ...string[]]);

export const ScenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  growthPerMonth: z.number().gt(-1).max(1).optional(),
  automationChange: z.number().min(-1).max(1).optional(),
  channelShift: z.strictObject({ from: channel, to: channel, share: z.number().min(0).max(1) }).optional(),
  priceChange: z.union([fraction, z.record(z.string(), fraction)]).optional(),
  plans: z.array(z.string().min(1)).min(1).optional(),
});

export type Scenario = z.output<typeof ScenarioSchema>;

const ScenariosFile = z.strictObject({ scenarios: z.array(ScenarioSchema).min(1).max(20) });

/** Loads and validates a scenarios file; errors name the file, line and field. Plan ids are checked against the run's. */
export function loadScenarios(file: string, plans: readonly Plan[]): Scenario[] {
  const loaded = loadConfigFile(file);
  const ids = plans.map((p) => p.id);
  const checked = ScenariosFile.superRefine((data, ctx) => {
    data.scenarios.forEach((s, i) => {
      const names = [...(s.plans ?? []), ...(typeof s.priceChange === 'object' ? Object.keys(s.priceChange) : [])];
      for (const id of names) {
        if (!ids.includes(id)) ctx.addIssue({ code: 'custom', path: ['scenarios', i, s.plans?.includes(id) ? 'plans' : 'priceChange'], message: `no plan "${id}" in this run (plans: ${ids.join(', ')})` });
      }
      if (s.channelShift && s.channelShift.from === s.channelShift.to) ctx.addIssue({ code: 'custom', path: ['scenarios', i, 'channelShift', 'to'], message: 'a channel shift needs two different channels' });
    });
  });
  return validateConfig(checked, loaded).scenarios;
}

/** Per unit, new ÷ old: how a scenario scales one plan's usage. */
type Scale = Record<string, number>;

function ratio(after: Units, before: Units): Scale {
  const out: Scale = {};
  for (const unit of new Set([...Object.keys(after), ...Object.keys(before)])) {
    const b = before[unit] ?? 0;
    out[unit] = b > 0 ? (after[unit] ?? 0) / b : 1;
  }
  return out;
}

function add(a: Units, b: Units, k = 1): Units {
  const out: Units = { ...a };
  for (const u in b) out[u] = (out[u] ?? 0) + k * b[u];
  return out;
}

/** How the scenario scales each plan's usage per ticket (automation change and channel shift). */
export function usageScales(scenario: Scenario, partial: Partial): Scale[] {
  return partial.plans.map((plan) => {
    let scale: Scale = {};
    const total = add(plan.byResolution.ai, plan.byResolution.handoff);
    if (scenario.automationChange !== undefined && partial.tickets > 0) {
      // T tickets at the new share s', each costing the history's mean AI-resolved or handed-off usage.
      const { aiResolved: ai, handedOff: ho, tickets } = partial;
      const share = Math.min(1, Math.max(0, ai / tickets + scenario.automationChange));
      const perAi = ai > 0 ? scale0(plan.byResolution.ai, 1 / ai) : scale0(plan.byResolution.handoff, 1 / ho);
      const perHo = ho > 0 ? scale0(plan.byResolution.handoff, 1 / ho) : perAi;
      scale = ratio(add(scale0(perAi, share * tickets), perHo, (1 - share) * tickets), total);
    }
    if (scenario.channelShift) {
      const { from, to, share } = scenario.channelShift;
      const fromN = partial.channels[from] ?? 0;
      const toN = partial.channels[to] ?? 0;
      const fromUnits = plan.byChannel[from] ?? {};
      const toUnits = plan.byChannel[to] ?? {};
      if (fromN > 0 && toN > 0) {
        // The moved tickets stop costing what `from` tickets cost and cost what `to` tickets cost.
        const moved = share * fromN;
        const after = add(add(total, fromUnits, -share), toUnits, moved / toN);
        const channelScale = ratio(after, total);
        for (const u in channelScale) scale[u] = (scale[u] ?? 1) * channelScale[u];
      }
    }
    return scale;
  });
}

function scale0(units: Units, k: number): Units {
  const out: Units = {};
  for (const u in units) out[u] = units[u] * k;
  return out;
}

/** The scenario's forecast input (usage, trend, hand-offs and price factors changed), and the plans it keeps. */
export function applyScenario(base: ForecastInput, scenario: Scenario, partial: Partial): { input: ForecastInput; keep: number[] } {
  const keep = base.plans.map((p, i) => [p.id, i] as const).filter(([id]) => !scenario.plans || scenario.plans.includes(id)).map(([, i]) => i);
  const scales = usageScales(scenario, partial);
  const dayUnits = base.dayUnits.map((days, p) => days.map((units) => {
    const out: Units = {};
    for (const u in units) out[u] = units[u] * (scales[p][u] ?? 1);
    return out;
  }));
  const share = partial.tickets > 0 ? partial.aiResolved / partial.tickets : 0;
  const input: ForecastInput = {
    ...base,
    dayUnits,
    trend: { ...base.trend, perMonth: base.trend.perMonth + Math.log(1 + (scenario.growthPerMonth ?? 0)) },
    handoffShare: scenario.automationChange === undefined ? base.handoffShare : 1 - Math.min(1, Math.max(0, share + scenario.automationChange)),
  };
  const price = scenario.priceChange;
  input.priceFactor = base.plans.map((p) => 1 + (typeof price === 'number' ? price : price?.[p.id] ?? 0));
  return { input, keep };
}

/** A scenario's changes in words, for the report. */
export function describeChanges(s: Scenario): string {
  const pct = (x: number) => `${x > 0 ? '+' : ''}${(x * 100).toFixed(1).replace(/\.0$/, '')} %`;
  const parts: string[] = [];
  if (s.growthPerMonth !== undefined) parts.push(`growth ${pct(s.growthPerMonth)} a month`);
  if (s.automationChange !== undefined) parts.push(`AI-resolved share ${pct(s.automationChange).replace(' %', ' points')}`);
  if (s.channelShift) parts.push(`${(s.channelShift.share * 100).toFixed(0)} % of ${s.channelShift.from} tickets to ${s.channelShift.to}`);
  if (typeof s.priceChange === 'number') parts.push(`prices ${pct(s.priceChange)}`);
  else if (s.priceChange) parts.push(`prices ${Object.entries(s.priceChange).map(([id, x]) => `${id} ${pct(x)}`).join(', ')}`);
  if (s.plans) parts.push(`only ${s.plans.join(', ')}`);
  return parts.join('; ') || 'no change';
}

/** The first channel a scenario shifts tickets from or to that the history has no tickets on, if any. */
export function missingShiftChannel(scenario: Scenario, partial: Partial): string | undefined {
  const shift = scenario.channelShift;
  if (!shift) return undefined;
  return [shift.from, shift.to].find((c) => (partial.channels[c] ?? 0) === 0);
}
