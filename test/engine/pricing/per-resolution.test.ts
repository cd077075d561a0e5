import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MeterInput, MonthUsage } from '../../../engine/pricing/model.js';
import { PerResolutionSchema, monthlyAllowance, perResolution, type PerResolutionPlan } from '../../../engine/pricing/per-resolution.js';
import { expectConsistentInvoice } from '../../helpers/invoice.js';
import { messages } from '../../../engine/messages.js';

const USD = 1_000_000;
const PROD = { environment: 'production' as const };

function plan(extra: Record<string, unknown>): PerResolutionPlan {
  return PerResolutionSchema.parse({ id: 'res', name: 'Resolutions', model: 'per-resolution', ...extra });
}

/** Intercom Fin standalone [S24]: $49 a month, 50 resolutions included, then $0.99 each. */
const FIN = plan({ usdPerResolution: 0.99, includedPerMonth: 50, monthlyFeeUsd: 49 });
/** Zendesk [S30][S33]: 5 per agent × 4 agents included, 100 committed at $1.50, then $2.00 each. */
const ZENDESK = plan({
  usdPerResolution: 2, includedPerAgentPerMonth: 5, agents: 4, commitment: { resolutionsPerMonth: 100, usdPerResolution: 1.5 },
});

const MONTHS = Array.from({ length: 24 }, (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);

/** Bills one month per volume given. */
function bill(p: PerResolutionPlan, volumes: number[]) {
  const months = MONTHS.slice(0, volumes.length);
  const usage: MonthUsage[] = volumes.map((v, i) => ({ month: months[i], tickets: v, units: { resolutions: v } }));
  return perResolution.bill(usage, p, { environment: 'production', months });
}

const ticket = (resolution: 'ai' | 'handoff'): MeterInput => ({
  channel: 'email', actions: ['Answer Question with Knowledge'], customerTurns: [0, 1, 2], aiReplies: 3, resolution,
});

describe('per-resolution meter and ticket price', () => {
  it('meters one resolution for an AI-resolved ticket however many replies, none for a hand-off', () => {
    expect(perResolution.meter(ticket('ai'), FIN, PROD)).toEqual({ resolutions: 1 });
    expect(perResolution.meter(ticket('handoff'), FIN, PROD)).toEqual({ resolutions: 0 });
    expect(perResolution.meter(ticket('handoff'), ZENDESK, { environment: 'sandbox' })).toEqual({ resolutions: 0 });
  });

  it('prices a ticket at the pay-as-you-go list price, ignoring allowances and commitments', () => {
    expect(perResolution.ticketMicros({ resolutions: 1 }, FIN, PROD)).toBe(990_000);
    expect(perResolution.ticketMicros({ resolutions: 1 }, ZENDESK, PROD)).toBe(2 * USD);
    expect(perResolution.ticketMicros({ resolutions: 0 }, ZENDESK, PROD)).toBe(0);
    expect(perResolution.ticketMicros({}, FIN, PROD)).toBe(0);
  });
});

describe('per-resolution billing: Intercom Fin standalone', () => {
  it('$49 with 50 included, then $0.99 each: 30, 50, 51, 150 → $49.00, $49.00, $49.99, $148.00', () => {
    const bills = bill(FIN, [30, 50, 51, 150]);
    expect(bills.map((b) => b.micros)).toEqual([49 * USD, 49 * USD, 49_990_000, 148 * USD]);
    expect(bills.map((b) => b.details)).toEqual([
      { allowance: 30, committed: 0, payg: 0 },
      { allowance: 50, committed: 0, payg: 0 },
      { allowance: 50, committed: 0, payg: 1 },
      { allowance: 50, committed: 0, payg: 100 },
    ]);
    expect(bills[2].lines).toEqual([
      { label: 'Subscription', quantity: 1, micros: 49 * USD },
      { label: 'Pay-as-you-go resolutions', quantity: 1, micros: 990_000 },
    ]);
    expect(bills[3].invoice).toEqual({
      unit: 'resolutions', usage: 150, included: 50, overage: 100,
      packsBought: 0, balanceCarried: 0, feesMicros: 49 * USD, usageMicros: 99 * USD,
    });
    expect(bills[0].invoice).toMatchObject({ usage: 30, included: 30, overage: 0, feesMicros: 49 * USD, usageMicros: 0 });
  });

  it('does not roll unused resolutions over: 10 then 90 → $49.00 then $88.60', () => {
    expect(bill(FIN, [10, 90]).map((b) => b.micros)).toEqual([49 * USD, 88_600_000]); // $49 + 40 × $0.99
  });

  it('charges the fee in months with no tickets', () => {
    const bills = perResolution.bill([], FIN, { environment: 'production', months: ['2025-01', '2025-02'] });
    expect(bills.map((b) => [b.month, b.micros])).toEqual([['2025-01', 49 * USD], ['2025-02', 49 * USD]]);
    expect(bills[0]).toMatchObject({
      units: { resolutions: 0 },
      details: { allowance: 0, committed: 0, payg: 0 },
      invoice: { usage: 0, included: 0, overage: 0, feesMicros: 49 * USD, usageMicros: 0 },
    });
  });
});

describe('per-resolution billing: Zendesk allowance and commitment', () => {
  it('allowance, then commitment, then pay-as-you-go: 0, 20, 120, 121 → $150.00, $150.00, $150.00, $152.00', () => {
    const bills = bill(ZENDESK, [0, 20, 120, 121]);
    expect(bills.map((b) => b.micros)).toEqual([150 * USD, 150 * USD, 150 * USD, 152 * USD]);
    expect(bills.map((b) => b.details)).toEqual([
      { allowance: 0, committed: 0, payg: 0 },
      { allowance: 20, committed: 0, payg: 0 },
      { allowance: 20, committed: 100, payg: 0 },
      { allowance: 20, committed: 100, payg: 1 },
    ]);
    expect(bills.map((b) => [b.invoice.included, b.invoice.overage])).toEqual([[0, 0], [20, 0], [120, 0], [120, 1]]);
    expect(bills[3].lines).toEqual([
      { label: 'Committed resolutions', quantity: 100, micros: 150 * USD },
      { label: 'Pay-as-you-go resolutions', quantity: 1, micros: 2 * USD },
    ]);
    expect(bills[3].invoice).toMatchObject({ feesMicros: 150 * USD, usageMicros: 2 * USD });
  });

  it('uses the commitment only past the allowance: 50 → 20 allowed, 30 committed', () => {
    const [month] = bill(ZENDESK, [50]);
    expect([month.micros, month.details]).toEqual([150 * USD, { allowance: 20, committed: 30, payg: 0 }]);
  });

  it('adds the per-agent allowance to the monthly one', () => {
    const p = plan({ usdPerResolution: 2, includedPerMonth: 10, includedPerAgentPerMonth: 5, agents: 4 });
    expect(monthlyAllowance(p)).toBe(30);
    expect(monthlyAllowance(ZENDESK)).toBe(20);
    expect(monthlyAllowance(FIN)).toBe(50);
    expect(bill(p, [30, 31]).map((b) => b.micros)).toEqual([0, 2 * USD]);
  });

  it('adds the fee and the commitment together', () => {
    const p = plan({ usdPerResolution: 2, monthlyFeeUsd: 10, commitment: { resolutionsPerMonth: 100, usdPerResolution: 1.5 } });
    const [month] = bill(p, [101]);
    expect(month.micros).toBe(162 * USD);
    expect(month.invoice).toMatchObject({ included: 100, overage: 1, feesMicros: 160 * USD, usageMicros: 2 * USD });
    expect(month.lines.map((l) => l.label)).toEqual(['Subscription', 'Committed resolutions', 'Pay-as-you-go resolutions']);
  });
});

describe('per-resolution billing: pay-as-you-go only', () => {
  it('bills every resolution, nothing in an empty month, and merges usage records of a month', () => {
    const p = plan({ usdPerResolution: 0.99 });
    const bills = perResolution.bill(
      [{ month: '2025-03', tickets: 4, units: { resolutions: 2 } }, { month: '2025-01', tickets: 3, units: { resolutions: 3 } },
        { month: '2025-03', tickets: 1, units: { resolutions: 1 } }],
      p,
      { environment: 'production', months: ['2025-01', '2025-02', '2025-03'] },
    );
    expect(bills.map((b) => [b.month, b.micros])).toEqual([['2025-01', 2_970_000], ['2025-02', 0], ['2025-03', 2_970_000]]);
    expect(bills[1].lines).toEqual([{ label: 'Pay-as-you-go resolutions', quantity: 0, micros: 0 }]);
    expect(bills[0].invoice).toMatchObject({ included: 0, overage: 3, feesMicros: 0, usageMicros: 2_970_000 });
  });

  it('rounds a month to whole cents once', () => {
    const [month] = bill(plan({ usdPerResolution: 0.125 }), [1]);
    expect([month.micros, month.lines[0].micros, month.invoice.usageMicros]).toEqual([130_000, 125_000, 125_000]);
  });
});

describe('per-resolution schema', () => {
  const base = { id: 'r', name: 'R', model: 'per-resolution', usdPerResolution: 2 };
  const issues = (extra: Record<string, unknown>) => PerResolutionSchema.safeParse({ ...base, ...extra }).error?.issues;

  it('accepts a bare pay-as-you-go plan and fills no defaults', () => {
    expect(PerResolutionSchema.parse(base)).toEqual(base);
    expect(PerResolutionSchema.parse({ ...base, includedPerAgentPerMonth: 0, agents: 3 })).toMatchObject({ includedPerAgentPerMonth: 0, agents: 3 });
  });

  it('names the missing half of the per-agent allowance', () => {
    expect(issues({ includedPerAgentPerMonth: 5 })).toEqual([expect.objectContaining({ path: ['agents'], message: messages.perAgentAllowance('agents', 'includedPerAgentPerMonth') })]);
    expect(issues({ agents: 4 })).toEqual([expect.objectContaining({ path: ['includedPerAgentPerMonth'], message: messages.perAgentAllowance('includedPerAgentPerMonth', 'agents') })]);
  });

  it('rejects bad numbers, naming the field', () => {
    const path = (extra: Record<string, unknown>) => issues(extra)?.[0].path;
    expect(path({ usdPerResolution: -1 })).toEqual(['usdPerResolution']);
    expect(path({ usdPerResolution: undefined })).toEqual(['usdPerResolution']);
    expect(path({ includedPerMonth: 1.5 })).toEqual(['includedPerMonth']);
    expect(path({ includedPerMonth: -1 })).toEqual(['includedPerMonth']);
    expect(path({ includedPerAgentPerMonth: 5, agents: 0 })).toEqual(['agents']);
    expect(path({ includedPerAgentPerMonth: -5, agents: 2 })).toEqual(['includedPerAgentPerMonth']);
    expect(path({ monthlyFeeUsd: -49 })).toEqual(['monthlyFeeUsd']);
    expect(path({ commitment: { resolutionsPerMonth: 0, usdPerResolution: 1.5 } })).toEqual(['commitment', 'resolutionsPerMonth']);
    expect(path({ commitment: { resolutionsPerMonth: 100, usdPerResolution: -1.5 } })).toEqual(['commitment', 'usdPerResolution']);
    expect(path({ commitment: { resolutionsPerMonth: 100 } })).toEqual(['commitment', 'usdPerResolution']);
  });

  it('rejects unknown fields and another model', () => {
    expect(issues({ included: 50 })?.[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['included'] });
    expect(issues({ commitment: { resolutionsPerMonth: 1, usdPerResolution: 1, min: 1 } })?.[0]).toMatchObject({ code: 'unrecognized_keys', path: ['commitment'] });
    expect(issues({ model: 'per-ticket' })?.[0].path).toEqual(['model']);
  });
});

describe('per-resolution properties', () => {
  const dollars = (maxCents: number) => fc.integer({ min: 0, max: maxCents }).map((c) => c / 100);
  const plans = fc
    .record({
      usdPerResolution: dollars(1_000),
      includedPerMonth: fc.option(fc.nat(500), { nil: undefined }),
      perAgent: fc.option(fc.record({ includedPerAgentPerMonth: fc.nat(20), agents: fc.integer({ min: 1, max: 50 }) }), { nil: undefined }),
      monthlyFeeUsd: fc.option(dollars(100_000), { nil: undefined }),
      commitment: fc.option(fc.record({ resolutionsPerMonth: fc.integer({ min: 1, max: 1_000 }), usdPerResolution: dollars(1_000) }), { nil: undefined }),
    })
    .map(({ perAgent, ...rest }) => plan({ ...rest, ...perAgent }));
  const volumes = fc.array(fc.nat(5_000), { minLength: 1, maxLength: MONTHS.length });

  it('never bills a month less when its resolutions grow', () => {
    fc.assert(
      fc.property(plans, volumes, fc.array(fc.nat(5_000), { minLength: MONTHS.length, maxLength: MONTHS.length }), (p, base, extra) => {
        const more = bill(p, base.map((n, i) => n + extra[i]));
        bill(p, base).forEach((b, i) => expect(more[i].micros).toBeGreaterThanOrEqual(b.micros));
      }),
    );
  });

  it('states its invoice consistently: lines = fees + usage, rounded = total, usage = units, buckets add up', () => {
    fc.assert(
      fc.property(plans, volumes, (p, base) => {
        const bills = bill(p, base);
        expect(bills.map((b) => b.month)).toEqual(MONTHS.slice(0, base.length));
        bills.forEach((b, i) => {
          const { invoice } = b;
          expectConsistentInvoice(b);
          expect(invoice.usage).toBe(b.units.resolutions);
          expect(invoice.usage).toBe(base[i]);
          expect(invoice.included + invoice.overage).toBe(invoice.usage);
          expect(invoice.included).toBe(Math.min(base[i], monthlyAllowance(p) + (p.commitment?.resolutionsPerMonth ?? 0)));
          expect(invoice.overage).toBe(b.details.payg);
          expect(Number(b.details.allowance) + Number(b.details.committed)).toBe(invoice.included);
        });
      }),
    );
  });
});
