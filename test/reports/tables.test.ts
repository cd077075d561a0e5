import { describe, expect, it } from 'vitest';
import { actionsTable, byTagTable, invoicesTable, monthlyTable, plansTable, tableFiles } from '../../reports/tables.js';
import { summaryFixture } from '../helpers/summary-fixture.js';

/** The fixture without the optional parts (no wallet, no budget): what every run has. */
function plainFixture() {
  const s = summaryFixture();
  delete s.budget;
  for (const p of s.plans) delete p.wallet;
  return s;
}
const files = () => Object.fromEntries(tableFiles(plainFixture()));

describe('tableFiles(summary)', () => {
  it('writes the five tables every run has', () => {
    expect(Object.keys(files())).toEqual(['tables/monthly.csv', 'tables/plans.csv', 'tables/actions.csv', 'tables/by-tag.csv', 'tables/invoices.csv']);
  });

  it('adds the wallet with a pack-billed Flex Credits plan, and the budget with --budget', () => {
    expect(Object.keys(Object.fromEntries(tableFiles(summaryFixture())))).toEqual(expect.arrayContaining(['tables/wallet.csv', 'tables/budget.csv']));
    const summary = plainFixture();
    summary.plans[0].wallet = {
      thresholdsPercent: [50, 100],
      days: [
        { date: '2025-01-01', used: 60_000, packsBought: 1, balance: 40_000, consumedPercent: 60 },
        { date: '2025-01-02', used: 50_000, packsBought: 1, balance: 90_000, consumedPercent: 55 },
      ],
      alerts: [{ date: '2025-01-01', thresholdPercent: 50, entitlement: 100_000 }, { date: '2025-01-02', thresholdPercent: 100, entitlement: 100_000 }],
      purchases: [{ date: '2025-01-01', packs: 1, credits: 100_000 }, { date: '2025-01-02', packs: 1, credits: 100_000 }],
      runsOutOn: '2025-01-02',
      expirations: [],
    };
    summary.budget = { usdPerMonth: 300, plans: [] };
    const out = Object.fromEntries(tableFiles(summary));
    expect(out['tables/wallet.csv']).toBe(
      'plan_id,date,credits_used,packs_bought,balance,consumed_percent,alerts,credits_expired\n' +
      'agentforce-flex,2025-01-01,60000,1,40000,60,50%,0\n' +
      'agentforce-flex,2025-01-02,50000,1,90000,55,100%,0\n',
    );
    const budget = out['tables/budget.csv'].split('\n');
    expect(budget[0]).toBe('month,plan_id,usd,budget_usd,over_by_usd,over');
    expect(budget[1]).toBe('2025-01,agentforce-flex,276.10,300.00,0.00,no');
    expect(budget).toContain('2025-01,agentforce-conversations,1868.00,300.00,1568.00,yes');
  });

  it('is byte-identical for the same summary', () => {
    expect(files()).toEqual(files());
  });

  it('defuses formulas in user text but keeps negative numbers', () => {
    const all = Object.values(files()).join('');
    expect(all).toContain(`"'=HYPERLINK(""http://evil.example"",""Agentforce per conversation"")"`);
    expect(all).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(all).toContain(",'-1 =cmd,");
  });
});

describe('monthlyTable(summary)', () => {
  it('has one row per month and plan, month-major, units and details flattened', () => {
    const t = monthlyTable(summaryFixture());
    expect(t.numRows()).toBe(48);
    expect(t.columnNames()).toEqual(['month', 'plan_id', 'plan_name', 'usd', 'tickets', 'units_actions', 'units_conversations',
      'units_credits', 'units_interactions', 'units_resolutions', 'detail_tier']);
    expect(t.objects({ limit: 2 })).toEqual([
      { month: '2025-01', plan_id: 'agentforce-flex', plan_name: summaryFixture().plans[0].name, usd: 276.1, tickets: 812, units_actions: 2761,
        units_conversations: null, units_credits: 55220, units_interactions: null, units_resolutions: null, detail_tier: null },
      expect.objectContaining({ month: '2025-01', plan_id: 'agentforce-conversations', usd: 1868, units_conversations: 934 }),
    ]);
  });

  it('writes money with two decimals', () => {
    expect(files()['tables/monthly.csv'].split('\n')[1]).toMatch(/^2025-01,agentforce-flex,.*,276\.10,812,2761,,55220,,,$/);
  });
});

describe('invoicesTable(summary)', () => {
  it('states every plan month by month in the columns all models share, plan by plan', () => {
    const t = invoicesTable(summaryFixture());
    expect(t.columnNames()).toEqual(['month', 'plan_id', 'plan_name', 'model', 'unit', 'usage', 'included', 'overage', 'packs_bought',
      'balance_carried', 'fees_usd', 'usage_usd', 'handoffs', 'human_usd', 'total_usd']);
    expect(t.numRows()).toBe(48);
    expect(t.objects({ limit: 1 })[0]).toMatchObject({ month: '2025-01', plan_id: 'agentforce-flex', unit: 'credits', usage: 55220, usage_usd: 276.1, total_usd: 276.1 });
    expect((t.objects() as Record<string, unknown>[])[12]).toMatchObject({ month: '2025-01', plan_id: 'agentforce-conversations' });
  });
});

describe('plansTable(summary)', () => {
  it('ranks plans cheapest first with the difference to the cheapest', () => {
    const rows = plansTable(summaryFixture()).objects() as Record<string, unknown>[];
    expect(rows.map((r) => [r.rank, r.plan_id, r.total_usd, r.vs_cheapest_usd])).toEqual([
      [1, 'agentforce-flex', 4332.6, 0],
      [2, 'intercom-fin', 7821, 3488.4],
      [3, 'eesel-business', 9585, 5252.4],
      [4, 'agentforce-conversations', 29310, 24977.4],
    ]);
    expect(rows[3].flags).toBe('legacy;secondary');
  });
});

describe('actionsTable(summary)', () => {
  it('lists actions by count with their share and metering', () => {
    const rows = actionsTable(summaryFixture()).objects() as Record<string, unknown>[];
    expect(rows[0]).toEqual({ action: 'Identify Customer', count: 12743, share: 0.2942, metered: 'yes' });
    expect(rows.find((r) => r.action === 'Escalate to Human')).toEqual({ action: 'Escalate to Human', count: 4843, share: 0.1118, metered: 'no' });
  });
});

describe('byTagTable(summary)', () => {
  it('has one row per plan and tag, in plan order', () => {
    const t = byTagTable(summaryFixture());
    expect(t.columnNames()).toEqual(['plan_id', 'plan_name', 'dimension', 'value', 'tickets', 'usd']);
    const fixture = summaryFixture();
    expect(t.numRows()).toBe(fixture.plans.reduce((n, p) => n + p.byTag.length, 0));
    const firstOfSecond = fixture.plans[0].byTag.length;
    expect(t.array('plan_id').slice(firstOfSecond - 1, firstOfSecond + 1)).toEqual(['agentforce-flex', 'agentforce-conversations']);
    expect(t.objects({ limit: 1 })[0]).toMatchObject({ plan_id: 'agentforce-flex', dimension: fixture.plans[0].byTag[0].dimension, value: fixture.plans[0].byTag[0].value });
  });
});
