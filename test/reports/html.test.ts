import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportHtml } from '../../reports/html.js';
import { summaryFixture } from '../helpers/summary-fixture.js';
import { CHART_NAMES, CHART_TITLES, chartSpecs } from '../../reports/charts/index.js';

const require = createRequire(import.meta.url);
const bundle = (pkg: string, file: string) => readFileSync(join(dirname(require.resolve(pkg)), file), 'utf8');
const html = reportHtml(summaryFixture());
const specsJson = html.match(/<script type="application\/json" id="chart-specs">([\s\S]*?)<\/script>/)![1];
/** The page without the three inlined bundles and the specs: what this module wrote itself. */
const page = html.replace(/<script data-bundle="[^"]+">[\s\S]*?<\/script>/g, '<script data-bundle></script>').replace(specsJson, '');

describe('reportHtml(summary)', () => {
  it('inlines vega, vega-lite and vega-embed, in that order', () => {
    const at = ['vega/build/vega.min.js', 'vega-lite/build/vega-lite.min.js', 'vega-embed/build/vega-embed.min.js'].map((p) => {
      const [pkg, , file] = p.split('/');
      const code = bundle(pkg, file);
      expect(html).toContain(code);
      return html.indexOf(code);
    });
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('loads nothing from the network', () => {
    expect(page).not.toMatch(/<script[^>]+\bsrc=/i);
    expect(page).not.toMatch(/<link[^>]+href="(?!data:)/i);
    expect(page).not.toMatch(/<(img|iframe|source|video|audio)[^>]+src=/i);
    expect(page).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i);
    expect(page).not.toMatch(/@import/i);
    expect(page).toContain('<link rel="icon" href="data:,">');
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  });

  it('embeds every chart spec as JSON that cannot close its script element', () => {
    expect(specsJson).not.toMatch(/<\/script|<!--/i);
    expect(specsJson).not.toContain('<');
    expect(JSON.parse(specsJson)).toEqual(JSON.parse(JSON.stringify(Object.fromEntries(chartSpecs(summaryFixture())))));
    for (const name of CHART_NAMES) expect(page).toContain(`<div class="chart" id="chart-${name}" role="img" aria-label="${CHART_TITLES[name]}"></div>`);
  });

  it('renders with vega-embed as SVG, without the action menu, and exposes reportReady', () => {
    expect(page).toContain("{ renderer: 'svg', actions: false }");
    expect(page).toContain('window.reportReady = Promise.all(');
  });

  it('escapes every piece of user text', () => {
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('Agentforce Flex Credits (pay-as-you-go) &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;Agentforce per conversation&quot;)');
    expect(page).toContain('exports/tickets &amp; &quot;Q1&quot; &lt;2025&gt;.csv');
    expect(page).not.toMatch(/<a\s/i);
    // The only script elements are the three bundles, the specs and the embed code.
    expect(page.match(/<script\b/g)).toHaveLength(5);
  });

  it('has the budget risk card, invoices, cost by tag, budget, wallet and break-even sections', () => {
    const s = summaryFixture();
    const over = s.budget!.plans.filter((p) => p.monthsOver > 0).length;
    for (const text of [`Budget risk at $2,000.00 a month`, `${over} of 4 plans`, 'Invoices, plan by plan', '<details open><summary>', 'Usage charges',
      'Cost by tag (USD)', 'By export tag', 'Months over the $2,000.00 monthly budget', 'Credit wallet (prepaid packs)',
      'Balance first ran out', 'Where plans cost the same', 'tickets a month', 'AI-resolved',
      'Forecast of the next 6 months (USD)', '2026-01 P50 (P10–P90)', 'What-if scenarios: the next 6 months in all (USD)', 'Growth &lt;b&gt;fast&lt;/b&gt;', '<em>growth +3 % a month</em>']) {
      expect(page, text).toContain(text);
    }
    // The options the run was given, and the playbook it inferred with, are in the manifest and the method.
    expect(page).toContain('<dt>Budget (USD a month)</dt><dd>2000</dd>');
    expect(page).toContain(`${s.playbook.intents} intents`);
    // Without a budget the card shows the cheapest plan's busiest month instead.
    const plain = summaryFixture();
    delete plain.budget;
    expect(reportHtml(plain)).toContain('Dearest month, cheapest plan');
  });

  it('has the headline cards, tables, manifest and method', () => {
    for (const text of ['Cheapest plan for this history', '$4,332.60', 'Spread, cheapest to dearest', '$24,977.40', 'Automation rate', '62.0%',
      'Plans, cheapest first', 'Monthly cost (USD)', 'Run manifest', 'a'.repeat(64), '<dt>Seed</dt><dd>1</dd>', '<dt>Workers</dt><dd>4</dd>',
      '12,785 read = 12,743 replayed + 42 rejected', '<td>bad-date</td><td class="num">30</td>', 'lasts 24 hours from its start', '@media print']) {
      expect(page).toContain(text);
    }
  });
});
