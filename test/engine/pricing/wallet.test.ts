import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billFlexCredits, FlexCreditsSchema, type FlexCreditsPlan } from '../../../engine/pricing/flex-credits.js';
import { daysOfMonths, simulateWallet } from '../../../engine/pricing/wallet.js';

function plan(extra: Record<string, unknown> = {}): FlexCreditsPlan {
  return FlexCreditsSchema.parse({
    id: 'packs', name: 'Packs', model: 'flex-credits', billing: 'packs',
    creditsPerAction: { production: 20, sandbox: 16 }, pack: { credits: 100_000, usd: 500 }, ...extra,
  });
}

describe('daysOfMonths', () => {
  it('lists every calendar day, leap years included', () => {
    expect(daysOfMonths(['2024-02']).length).toBe(29);
    expect(daysOfMonths(['2025-02', '2025-03']).at(-1)).toBe('2025-03-31');
    expect(daysOfMonths(['2025-12'])[0]).toBe('2025-12-01');
  });
});

describe('the credit wallet', () => {
  it('spends free credits first, buys a pack the day they run out, and alerts at each threshold', () => {
    const w = simulateWallet(plan({ freeCredits: 100_000 }), ['2025-01'], { '2025-01-03': 120_000, '2025-01-20': 40_000 });
    expect(w.runsOutOn).toBe('2025-01-03');
    expect(w.purchases).toEqual([{ date: '2025-01-03', packs: 1, credits: 100_000 }]);
    // 120,000 of the first 100,000: every threshold that day; then 160,000 of 200,000 = 80 %.
    expect(w.alerts).toEqual([
      { date: '2025-01-03', thresholdPercent: 50, entitlement: 100_000 },
      { date: '2025-01-03', thresholdPercent: 75, entitlement: 100_000 },
      { date: '2025-01-03', thresholdPercent: 90, entitlement: 100_000 },
      { date: '2025-01-03', thresholdPercent: 100, entitlement: 100_000 },
      { date: '2025-01-20', thresholdPercent: 75, entitlement: 200_000 },
    ]);
    const day = (date: string) => w.days.find((d) => d.date === date)!;
    expect(day('2025-01-02')).toEqual({ date: '2025-01-02', used: 0, packsBought: 0, balance: 100_000, consumedPercent: 0 });
    expect(day('2025-01-03')).toEqual({ date: '2025-01-03', used: 120_000, packsBought: 1, balance: 80_000, consumedPercent: 60 });
    expect(day('2025-01-31')).toMatchObject({ balance: 40_000, consumedPercent: 80 });
    expect(w.days).toHaveLength(31);
  });

  it('alerts as consumption creeps past each threshold, on the day it does', () => {
    const usage: Record<string, number> = {};
    for (const d of daysOfMonths(['2025-01'])) usage[d] = 3_000; // 3,000 a day against one 100,000 pack
    const w = simulateWallet(plan(), ['2025-01', '2025-02'], usage, [50, 90]);
    expect(w.runsOutOn).toBe('2025-01-01'); // no free credits: the first pack is bought on the first day of use
    expect(w.alerts.map((a) => [a.date, a.thresholdPercent])).toEqual([['2025-01-17', 50], ['2025-01-30', 90]]);
    expect(w.days.at(-1)).toMatchObject({ date: '2025-02-28', balance: 7_000, consumedPercent: 93 });
  });

  it('expires bought and included credits on the last day of the term, never free credits', () => {
    const p = plan({ termMonths: 2, freeCredits: 10_000, includedCreditsPerYear: 120_000 }); // 20,000 included per term
    const w = simulateWallet(p, ['2025-01', '2025-02', '2025-03'], { '2025-01-05': 35_000 });
    // 10,000 free + 20,000 included, then a pack: 95,000 bought credits left, expiring on 28 Feb.
    expect(w.purchases).toEqual([{ date: '2025-01-05', packs: 1, credits: 100_000 }]);
    expect(w.expirations).toEqual([{ date: '2025-02-28', credits: 95_000 }]);
    expect(w.days.find((d) => d.date === '2025-02-27')!.balance).toBe(95_000);
    expect(w.days.find((d) => d.date === '2025-02-28')!.balance).toBe(0);
    // The next term grants its included credits again.
    expect(w.days.find((d) => d.date === '2025-03-01')!.balance).toBe(20_000);
  });

  it('buys as many packs as a big day needs, at once', () => {
    const w = simulateWallet(plan(), ['2025-01'], { '2025-01-10': 250_001 });
    expect(w.purchases).toEqual([{ date: '2025-01-10', packs: 3, credits: 300_000 }]);
    expect(w.days[9].balance).toBe(49_999);
  });

  it('buys exactly the packs the monthly invoices bill, month by month, for any usage (property)', () => {
    const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05'];
    const days = daysOfMonths(months);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(days.length - 1), fc.nat(90_000)), { maxLength: 40 }),
        fc.nat(150_000), fc.nat(300_000), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1_000, max: 100_000 }),
        (uses, freeCredits, includedCreditsPerYear, termMonths, packCredits) => {
          const p = plan({ freeCredits, includedCreditsPerYear, termMonths, pack: { credits: packCredits, usd: 500 } });
          const byDay: Record<string, number> = {};
          for (const [d, credits] of uses) byDay[days[d]] = (byDay[days[d]] ?? 0) + credits;
          const wallet = simulateWallet(p, months, byDay);
          const monthly = months.map((m) => ({ actions: 0, credits: Object.entries(byDay).filter(([d]) => d.startsWith(m)).reduce((a, [, c]) => a + c, 0) }));
          const bills = billFlexCredits(monthly, months, p);
          for (const [i, month] of months.entries()) {
            const bought = wallet.days.filter((d) => d.date.startsWith(month)).reduce((a, d) => a + d.packsBought, 0);
            expect(bought).toBe(bills[i].details.packsBought);
          }
          expect(wallet.days.every((d) => d.balance >= 0)).toBe(true);
          const expired = wallet.expirations.reduce((a, e) => a + e.credits, 0);
          expect(expired).toBe(bills.reduce((a, b) => a + Number(b.details.creditsExpired), 0));
        },
      ),
      { numRuns: 300 },
    );
  });
});
