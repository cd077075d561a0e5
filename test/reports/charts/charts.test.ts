import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHART_NAMES, CHARTS, chartSpecs } from '../../../reports/charts/index.js';
import { compileChart, renderPng, renderSvg } from '../../../reports/render.js';
import { summaryFixture } from '../../helpers/summary-fixture.js';

const require = createRequire(import.meta.url);
const VL_SCHEMA_FILE = join(dirname(require.resolve('vega-lite')), 'vega-lite-schema.json');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let validate: ValidateFunction;
beforeAll(() => {
  const schema = JSON.parse(readFileSync(VL_SCHEMA_FILE, 'utf8'));
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
});

describe('the chart registry', () => {
  it('lists the charts by their file names, in report order', () => {
    expect(CHART_NAMES).toEqual(['monthly-cost', 'cost-per-ticket', 'action-mix']);
  });
});

describe.each(CHART_NAMES)('charts/%s', (name) => {
  const summary = summaryFixture();
  const spec = CHARTS[name](summary);

  it('validates against the Vega-Lite JSON schema', () => {
    const ok = validate(JSON.parse(JSON.stringify(spec)));
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
    expect(ok).toBe(true);
  });

  it('compiles with no warnings', () => {
    expect(compileChart(spec).warnings).toEqual([]);
  });

  it('has a title and inlines its data (no URL to load)', () => {
    const text = JSON.stringify(spec);
    expect(spec.title).toBeTruthy();
    expect(text).not.toMatch(/"url"\s*:/);
    expect(text).toContain('"values"');
    expect(text).toContain('"tooltip"');
  });

  it('is a pure function of the summary', () => {
    expect(JSON.stringify(CHARTS[name](summaryFixture()))).toBe(JSON.stringify(spec));
  });

  it('renders to an SVG with marks and text, identically twice', async () => {
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/class="mark-(rect|line|symbol)/);
    expect(svg).toMatch(/<text[^>]*>[^<]+<\/text>/);
    expect(await renderSvg(spec)).toBe(svg);
  });

  it('renders to a PNG with its text drawn', async () => {
    const svg = await renderSvg(spec);
    const png = renderPng(svg);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // With no font at all resvg silently drops every glyph: the real PNG must carry much more ink.
    const bare = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { loadSystemFonts: false } }).render().asPng();
    expect(png.length).toBeGreaterThan(bare.length * 1.2);
    expect(png.length).toBeGreaterThan(20_000);
  });
});

describe('plan colours', () => {
  it('give a plan the same colour in every chart', () => {
    const specs = Object.fromEntries(chartSpecs(summaryFixture()));
    const monthly = JSON.stringify(specs['monthly-cost']);
    const perTicket = JSON.stringify(specs['cost-per-ticket']);
    const scale = (text: string) => text.match(/"scale":\{"domain":\[[^\]]*\],"range":\[[^\]]*\]\}/)?.[0];
    expect(scale(monthly)).toBeDefined();
    expect(scale(perTicket)).toBe(scale(monthly));
  });
});

describe('charts/action-mix', () => {
  it('sorts actions by count and marks Escalate to Human as not metered', () => {
    const spec = CHARTS['action-mix'](summaryFixture()) as { data: { values: { action: string; count: number; metering: string }[] } };
    const values = spec.data.values;
    expect(values.map((v) => v.count)).toEqual([...values.map((v) => v.count)].sort((a, b) => b - a));
    expect(values.find((v) => v.action === 'Escalate to Human')?.metering).toMatch(/^Not metered/);
    expect(values.filter((v) => v.metering.startsWith('Not metered'))).toHaveLength(1);
  });
});

describe('charts of a degenerate run (one plan, one month, no actions, no priced ticket)', () => {
  const s = summaryFixture();
  s.plans = [s.plans[2]];
  s.plans[0].ticketCostHistogram = [];
  s.plans[0].monthly = s.plans[0].monthly.slice(0, 1);
  s.months = s.months.slice(0, 1);
  s.actions = { total: 0, metered: 0, byName: {} };

  it.each(CHART_NAMES)('%s is valid, compiles cleanly and renders', async (name) => {
    const spec = CHARTS[name](s);
    expect(validate(JSON.parse(JSON.stringify(spec)))).toBe(true);
    expect(compileChart(spec).warnings).toEqual([]);
    expect(await renderSvg(spec)).toMatch(/^<svg/);
  });

  it('drops the empty distribution panel', () => {
    expect((CHARTS['cost-per-ticket'](s) as { hconcat: unknown[] }).hconcat).toHaveLength(1);
  });
});

describe('charts/monthly-cost over a long history', () => {
  it('thins the month ticks so labels never collide', () => {
    const s = summaryFixture();
    s.months = Array.from({ length: 48 }, (_, i) => ({ month: `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, tickets: 1, aiResolved: 1, handedOff: 0 }));
    const text = JSON.stringify(CHARTS['monthly-cost'](s));
    expect(text).toContain('"tickCount":{"interval":"month","step":6}');
  });
});
