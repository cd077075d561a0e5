import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyPartial, type Partial } from '../../../engine/aggregate/partial.js';
import { ReplayError } from '../../../engine/errors.js';
import { dayRange, forecast, forecastInput, forecastScenarios } from '../../../engine/forecast/forecast.js';
import { describeChanges, loadScenarios, missingShiftChannel, usageScales } from '../../../engine/forecast/scenarios.js';
import type { Units } from '../../../engine/pricing/model.js';
import { loadPlans, normalizePlans, type Plan } from '../../../engine/pricing/plans.js';
import { tempDir } from '../../helpers/run-cli.js';

const plans: Plan[] = normalizePlans({
  file: 'test', lineOf: () => undefined,
  data: [
    { id: 'conv', name: 'Conversations', model: 'per-conversation', usdPerConversation: 2 },
    { id: 'fin', name: 'Fin', model: 'per-resolution', usdPerResolution: 0.99 },
  ],
});

/** Six months of 20 tickets a day: 60 % AI-resolved, half by email (2 conversations each), half by chat (1). */
function history(): { partial: Partial; months: string[]; period: { from: string; to: string } } {
  const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
  const p = emptyPartial(plans.length);
  for (const date of dayRange('2025-01-01', '2025-06-30')) {
    const month = date.slice(0, 7);
    p.tickets += 20;
    p.aiResolved += 12;
    p.handedOff += 8;
    p.days[date] = 20;
    const m = (p.months[month] ??= { tickets: 0, aiResolved: 0, handedOff: 0 });
    m.tickets += 20;
    m.aiResolved += 12;
    m.handedOff += 8;
    p.channels.email = (p.channels.email ?? 0) + 10;
    p.channels.chat = (p.channels.chat ?? 0) + 10;
    const day: Units[] = [{ conversations: 30 }, { resolutions: 12 }];
    day.forEach((units, i) => {
      p.plans[i].daily[date] = units;
      const mu = (p.plans[i].usage[month] ??= {});
      for (const [k, v] of Object.entries(units)) mu[k] = (mu[k] ?? 0) + v;
    });
  }
  const days = 181;
  p.plans[0].byResolution = { ai: { conversations: 18 * days }, handoff: { conversations: 12 * days } };
  p.plans[0].byChannel = { email: { conversations: 20 * days }, chat: { conversations: 10 * days } };
  p.plans[1].byResolution = { ai: { resolutions: 12 * days }, handoff: { resolutions: 0 } };
  p.plans[1].byChannel = { email: { resolutions: 6 * days }, chat: { resolutions: 6 * days } };
  return { partial: p, months, period: { from: '2025-01-01', to: '2025-06-30' } };
}

const OPTIONS = { months: 3, paths: 300, seed: 5 };

describe('what-if scenarios', () => {
  const h = history();
  const input = forecastInput(h.partial, plans, h.months, h.period, 'production', undefined, OPTIONS);

  it('a scenario that changes nothing (+0 %) gives exactly the baseline', async () => {
    const baseline = await forecast(input, OPTIONS);
    const [base, zero] = await forecastScenarios(input, baseline, [{ name: 'No change', growthPerMonth: 0, automationChange: 0, priceChange: 0 }], h.partial, OPTIONS);
    expect(zero.plans).toEqual(base.plans);
    expect(base).toMatchObject({ name: 'Baseline', changes: 'as forecast' });
    expect(base.plans.map((p) => p.p50)).toEqual(baseline.plans.map((p) => p.total.p50));
  });

  it('scales usage per ticket by the automation change and the channel shift (hand-computed)', () => {
    // AI 60 % → 70 %: per resolution plan 0.7 × 1 / (0.6 × 1) = 7/6; conversations 0.7 × 1.5 + 0.3 × 1.5 = unchanged.
    const [conv, fin] = usageScales({ name: 'x', automationChange: 0.1 }, h.partial);
    expect(fin.resolutions).toBeCloseTo(7 / 6, 10);
    expect(conv.conversations).toBeCloseTo(1, 10);
    // Half the email tickets (2 conversations each) move to chat (1 each): 30 → 30 − 10 + 5 = 25 a day.
    const [shifted] = usageScales({ name: 'y', channelShift: { from: 'email', to: 'chat', share: 0.5 } }, h.partial);
    expect(shifted.conversations).toBeCloseTo(25 / 30, 10);
  });

  it('grows, discounts and narrows the plan mix as asked', async () => {
    const baseline = await forecast(input, OPTIONS);
    const [base, growth, cheaper, only] = await forecastScenarios(input, baseline, [
      { name: 'Growth', growthPerMonth: 0.1 },
      { name: 'Half price', priceChange: { conv: -0.5 } },
      { name: 'Fin only', plans: ['fin'] },
    ], h.partial, OPTIONS);
    expect(growth.plans[0].p50).toBeGreaterThan(base.plans[0].p50 * 1.1);
    expect(Math.abs(cheaper.plans[0].p50 - base.plans[0].p50 / 2)).toBeLessThanOrEqual(0.03);
    expect(cheaper.plans[1]).toEqual(base.plans[1]);
    expect(only.plans.map((p) => p.id)).toEqual(['fin']);
    expect(describeChanges({ name: 'z', growthPerMonth: 0.05, priceChange: -0.1, plans: ['fin'] })).toBe('growth +5 % a month; prices -10 %; only fin');
  });

  it('knows when a channel shift names a channel the history has no tickets on', () => {
    expect(missingShiftChannel({ name: 'a', channelShift: { from: 'email', to: 'voice', share: 0.2 } }, h.partial)).toBe('voice');
    expect(missingShiftChannel({ name: 'b', channelShift: { from: 'email', to: 'chat', share: 0.2 } }, h.partial)).toBeUndefined();
    expect(missingShiftChannel({ name: 'c', growthPerMonth: 0.1 }, h.partial)).toBeUndefined();
  });

  it('refuses a file naming a plan the run does not have, naming the file, line and field', () => {
    const file = join(tempDir(), 'scenarios.yaml');
    writeFileSync(file, 'scenarios:\n  - name: A\n    plans: [conv, nope]\n');
    expect(() => loadScenarios(file, plans)).toThrow(ReplayError);
    expect(() => loadScenarios(file, plans)).toThrow(/scenarios\.yaml, line 3, field "scenarios\[0\]\.plans": no plan "nope" in this run/);
    writeFileSync(file, 'scenarios:\n  - name: A\n    growthPerMonth: lots\n');
    expect(() => loadScenarios(file, plans)).toThrow(/line 3, field "scenarios\[0\]\.growthPerMonth"/);
    // The example shipped beside the catalogue validates against it.
    expect(loadScenarios('datasets/scenarios/example.yaml', loadPlans()).map((x) => x.name)).toEqual(['Fast growth', 'Better bot', 'Chat first', 'Flex 20 % off', 'Per-resolution only']);
  });
});
