import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../reports/index.js';
import { MemorySink } from '../../reports/sink.js';
import { summaryFixture } from '../helpers/summary-fixture.js';

const SUMMARY_SCHEMA = JSON.parse(readFileSync(join(process.cwd(), 'reports', 'summary.schema.json'), 'utf8'));
const CHARTS = ['monthly-cost', 'forecast-fan', 'cumulative-spend', 'cost-per-ticket', 'cost-by-tag', 'action-mix', 'break-even', 'automation-sensitivity', 'wallet-balance'];

describe('writeReport(summary, sink, opts)', () => {
  it('writes every output of the SPEC but rejected.csv, and returns the paths', async () => {
    const sink = new MemorySink();
    const written = await writeReport(summaryFixture(), sink);
    expect(written).toEqual([
      'summary.json',
      ...CHARTS.flatMap((c) => [`charts/${c}.vl.json`, `charts/${c}.svg`, `charts/${c}.png`]),
      'tables/monthly.csv', 'tables/plans.csv', 'tables/actions.csv', 'tables/by-tag.csv', 'tables/invoices.csv', 'tables/wallet.csv', 'tables/budget.csv',
      'report.md', 'report.html',
    ]);
    expect([...sink.files.keys()]).toEqual(written);
    expect(sink.files.get('charts/action-mix.png')).toBeInstanceOf(Uint8Array);
  });

  it('writes a summary.json that validates against summary.schema.json', async () => {
    const sink = new MemorySink();
    await writeReport(summaryFixture(), sink, { png: false });
    const text = sink.text('summary.json');
    expect(text).toBe(`${JSON.stringify(summaryFixture(), null, 2)}\n`);
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(SUMMARY_SCHEMA);
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('writes chart specs as JSON and skips PNGs when asked', async () => {
    const sink = new MemorySink();
    const written = await writeReport(summaryFixture(), sink, { png: false });
    expect(written.some((p) => p.endsWith('.png'))).toBe(false);
    for (const c of CHARTS) expect(JSON.parse(sink.text(`charts/${c}.vl.json`)).$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
  });

  it('gives the same bytes for the same summary, whatever the worker count', async () => {
    const a = new MemorySink();
    const b = new MemorySink();
    await writeReport(summaryFixture(), a, { png: false });
    const other = summaryFixture();
    other.run.workers = 1;
    await writeReport(other, b, { png: false });
    for (const path of a.files.keys()) {
      if (path === 'summary.json' || path === 'report.html') continue;
      expect(b.text(path), path).toBe(a.text(path));
    }
  });
});
