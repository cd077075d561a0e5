import { describe, expect, it } from 'vitest';
import { emptyPartial, type Partial } from '../../../engine/aggregate/partial.js';
import { analyse, firstCrossing } from '../../../engine/analysis/break-even.js';
import { costAtVolume, planContexts, ticketProfile, unitsFor, yearFrom } from '../../../engine/analysis/what-if.js';
import type { Units } from '../../../engine/pricing/model.js';
import { normalizePlans, type Plan } from '../../../engine/pricing/plans.js';

const plans: Plan[] = normalizePlans({
  file: 'test', lineOf: () => undefined,
  data: [
    { id: 'conv', name: 'Conversations', model: 'per-conversation', usdPerConversation: 2 },
    { id: 'flat', name: 'Flat', model: 'flat-rate', tiers: [{ name: 'T', usdPerMonth: 239, includedInteractions: 1000 }], overage: 'cap' },
    { id: 'fin', name: 'Fin', model: 'per-resolution', usdPerResolution: 0.99 },
    { id: 'flex', name: 'Flex', model: 'flex-credits', billing: 'metered', creditsPerAction: { production: 20, sandbox: 16 }, pack: { credits: 100_000, usd: 500 } },
  ],
});

/** One month of 100 tickets: 60 AI-resolved with 3 actions each, 40 handed off after 1 action. */
function history(): Partial {
  const p = emptyPartial(plans.length);
  p.tickets = 100;
  p.aiResolved = 60;
  p.handedOff = 40;
  p.months['2025-01'] = { tickets: 100, aiResolved: 60, handedOff: 40 };
  const usage: { ai: Units; handoff: Units }[] = [
    { ai: { conversations: 60 }, handoff: { conversations: 40 } },
    { ai: { interactions: 60 }, handoff: { interactions: 40 } },
    { ai: { resolutions: 60 }, handoff: { resolutions: 0 } },
    { ai: { actions: 180, credits: 3_600 }, handoff: { actions: 40, credits: 800 } },
  ];
  usage.forEach((u, i) => {
    p.plans[i].byResolution = u;
    p.plans[i].usage['2025-01'] = Object.fromEntries(Object.keys(u.ai).map((k) => [k, u.ai[k] + u.handoff[k]]));
  });
  return p;
}

describe('ticket profiles', () => {
  it('takes the mean usage of AI-resolved and handed-off tickets, and scales it to any volume and share', () => {
    const profile = ticketProfile(history().plans[3].byResolution, 60, 40);
    expect(profile).toEqual({ ai: { actions: 3, credits: 60 }, handoff: { actions: 1, credits: 20 }, aiShare: 0.6 });
    expect(unitsFor(profile, 1000, 0.5)).toEqual({ actions: 2000, credits: 40_000 });
    // A class with no tickets borrows the other's usage rather than costing nothing.
    expect(ticketProfile({ ai: { credits: 120 }, handoff: {} }, 2, 0).handoff).toEqual({ credits: 60 });
  });

  it('bills a steady year at a volume by the plan\'s own rules', () => {
    const [conv, flat] = planContexts(plans, history(), 'production');
    const year = yearFrom('2025-11');
    expect(year[0]).toBe('2025-11');
    expect(year[11]).toBe('2026-10');
    expect(costAtVolume(conv.ctx, conv.profile, year, 150)).toBe(300);
    expect(costAtVolume(flat.ctx, flat.profile, year, 0)).toBe(239);
    // With a human cost, 40 % of 150 tickets are handed off at $3 each.
    const human = planContexts(plans, history(), 'production', 3)[0];
    expect(costAtVolume(human.ctx, human.profile, year, 150)).toBe(300 + 60 * 3);
  });
});

describe('break-even points', () => {
  const { whatIf, breakEven } = analyse({ plans, partial: history(), months: ['2025-01'], environment: 'production' });
  const pair = (a: string, b: string) => breakEven.pairs.find((p) => p.a === a && p.b === b)!;
  const share = (a: string, b: string) => breakEven.automation.find((p) => p.a === a && p.b === b)!;

  it('finds the monthly volume where $2 a conversation overtakes a $239 tier: 120 tickets (hand-computed)', () => {
    // 119 × $2 = $238 < $239 ≤ 120 × $2 = $240.
    expect(pair('conv', 'flat').ticketsPerMonth).toBe(120);
  });

  it('says null when two plans never cross', () => {
    // $2 a ticket against 0.4 × $0.99 + … : conversations always cost more than resolutions here.
    expect(pair('conv', 'fin').ticketsPerMonth).toBeNull();
  });

  it('finds the AI-resolved share where $0.99 a resolution equals $0.10 an action (hand-computed 10/79)', () => {
    // Per ticket: Fin 0.99 s; Flex 0.30 s + 0.10 (1 − s). Equal at s = 0.10 / 0.79 = 0.1266.
    expect(share('fin', 'flex').aiShare).toBeCloseTo(10 / 79, 2);
    // Flat fee against $2 a conversation: every ticket is a conversation whatever the share.
    expect(share('conv', 'flat').aiShare).toBeNull();
  });

  it('draws the curves the charts need', () => {
    expect(whatIf.volume.ticketsPerMonth[0]).toBe(0);
    expect(whatIf.volume.ticketsPerMonth.at(-1)).toBeGreaterThanOrEqual(300);
    expect(whatIf.volume.actualTicketsPerMonth).toBe(100);
    expect(whatIf.automation.aiShare).toHaveLength(21);
    expect(whatIf.automation.actualShare).toBe(0.6);
    const fin = whatIf.automation.plans.find((p) => p.id === 'fin')!;
    expect(fin.usd[0]).toBe(0);
    expect(fin.usd[20]).toBe(99);
    // At the history's own share the curve gives the history's bill.
    const flex = whatIf.automation.plans.find((p) => p.id === 'flex')!;
    expect(flex.usd[12]).toBe(22); // (3,600 + 800) credits × $0.005
  });
});

describe('firstCrossing', () => {
  it('bisects the first sign change to the precision asked, and ignores ties at the start', () => {
    const f = (x: number) => (x < 3 ? 0 : x - 37.5);
    const xs = [0, 1, 2, 10, 100];
    expect(firstCrossing(xs, (k) => f(xs[k]), f, 1)).toBe(38);
    expect(firstCrossing(xs, () => 1, () => 1, 1)).toBeNull();
    expect(firstCrossing(xs, () => 0, () => 0, 1)).toBeNull();
  });
});
