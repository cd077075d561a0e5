import { describe, expect, it } from 'vitest';
import { actionsTable, byTagTable, monthlyTable, plansTable, tableFiles } from '../../reports/tables.js';
import { summaryFixture } from '../helpers/summary-fixture.js';

const files = () => Object.fromEntries(tableFiles(summaryFixture()));

describe('tableFiles(summary)', () => {
  it('writes the four tables', () => {
    expect(Object.keys(files())).toEqual(['tables/monthly.csv', 'tables/plans.csv', 'tables/actions.csv', 'tables/by-tag.csv']);
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
    expect(t.numRows()).toBe(16);
    expect(t.array('plan_id').slice(0, 5)).toEqual(['agentforce-flex', 'agentforce-flex', 'agentforce-flex', 'agentforce-flex', 'agentforce-conversations']);
  });
});
