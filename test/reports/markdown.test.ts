import { describe, expect, it } from 'vitest';
import { reportMarkdown } from '../../reports/markdown.js';
import { summaryFixture } from '../helpers/summary-fixture.js';
import { CHART_NAMES } from '../../reports/charts/index.js';

const md = reportMarkdown(summaryFixture());

describe('reportMarkdown(summary)', () => {
  it('leads with the cheapest plan, the spread and the automation rate', () => {
    expect(md).toContain('- **Cheapest plan for this history:** Agentforce Flex Credits (pay-as-you-go) &lt;script&gt;alert(1)&lt;/script&gt;: $4,332.60 in total, $0.3400 per ticket.');
    expect(md).toContain('the spread is **$24,977.40** (6.8× the cheapest)');
    expect(md).toContain('- **Automation rate:** 62.0%: 7,900 tickets');
  });

  it('escapes user text: no raw HTML, no stray pipes in table rows', () => {
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<b>');
    const planRow = md.split('\n').find((l) => l.startsWith('| 4 |'))!;
    expect(planRow).toBe('| 4 | =HYPERLINK("http://evil.example","Agentforce per conversation") | per-conversation | $29,310.00 | $2.3001 | Salesforce pricing page \\| legacy | 2025-06-01 | legacy, secondary |');
    // Every row of a table has as many unescaped pipes as its header.
    const pipes = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    let header = 0;
    for (const line of md.split('\n')) {
      if (!line.startsWith('|')) header = 0;
      else if (header === 0) header = pipes(line);
      else expect(pipes(line), line).toBe(header);
    }
  });

  it('has a plans table, a monthly table with totals, and counts including rejections', () => {
    expect(md).toContain('| # | Plan | Model | Total | Per ticket | Source | As of | Flags |');
    expect(md).toContain('| 2025-07 | 1,240 | 769 | $421.60 | $2,852.00 | $761.31 | $1,278.00 |');
    expect(md).toContain('| **Total** | 12,743 | 7,900 | **$4,332.60** | **$29,310.00** | **$7,821.00** | **$9,585.00** |');
    expect(md).toContain('- Records read: 12,785; replayed: 12,743; rejected: 42 (listed in rejected.csv)');
    expect(md).toContain('  - bad-date: 30');
    expect(md).toContain('| exports/tickets &amp; "Q1" &lt;2025&gt;.csv | zendesk-csv | 9,000 |');
    expect(md).toContain('| exports/chat\\|export.json | intercom |');
  });

  it('links every chart PNG the report has, and none it has not', () => {
    for (const name of CHART_NAMES) expect(md).toContain(`](charts/${name}.png)`);
    const plain = summaryFixture();
    for (const p of plain.plans) delete p.wallet;
    expect(reportMarkdown(plain)).not.toContain('charts/wallet-balance.png');
  });

  it('has the budget risk, invoices, cost by tag, budget, wallet and break-even tables', () => {
    for (const text of ['**Budget risk at $2,000.00 a month:**', '## Invoices, plan by plan', '| Month | Usage | Included | Over | Packs | Balance | Fees | Usage charges | Human | Total |',
      '## Cost by tag (USD)', '### By export tag', '## Months over the $2,000.00 monthly budget', '## Credit wallet (prepaid packs)', '## Where plans cost the same',
      '## Forecast of the next 6 months (USD)', '## What-if scenarios: the next 6 months in all (USD)', 'Growth &lt;b&gt;fast&lt;/b&gt;']) {
      expect(md, text).toContain(text);
    }
  });

  it('leaves out what varies between identical runs', () => {
    expect(md).not.toContain('2026-01-05T10:00');
    const other = summaryFixture();
    other.run.workers = 16;
    other.run.timings = { totalMs: 1 };
    expect(reportMarkdown(other)).toBe(md);
  });
});
