import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { Ajv, type ValidateFunction } from 'ajv';
import type { TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../../engine/summary.js';
import { MAX_CROSSINGS } from '../../../reports/charts/crossings.js';
import { CHART_NAMES, CHART_TITLES, CHARTS, chartSpecs, type ChartName } from '../../../reports/charts/index.js';
import { PLAN_PALETTE, planColorScale, planLabels } from '../../../reports/charts/theme.js';
import { compileChart, renderPng, renderSvg } from '../../../reports/render.js';
import { summaryFixture } from '../../helpers/summary-fixture.js';

const require = createRequire(import.meta.url);
const VL_SCHEMA_FILE = join(dirname(require.resolve('vega-lite')), 'vega-lite-schema.json');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A chart's spec, failing the test when the chart has nothing to draw. */
function specOf(name: ChartName, summary: Summary = summaryFixture()): TopLevelSpec {
  const spec = CHARTS[name](summary);
  if (spec === null) throw new Error(`charts/${name} drew nothing for this summary`);
  return spec;
}

/** Every object in a spec (depth first), to find layers, encodings and data. */
function* objects(node: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(node)) for (const item of node) yield* objects(item);
  else if (node !== null && typeof node === 'object') {
    yield node as Record<string, unknown>;
    for (const value of Object.values(node)) yield* objects(value);
  }
}

/**
 * The data the first view whose mark is `type` (and passes `where`) draws: its own inline data or
 * the nearest parent's, as Vega-Lite inherits it.
 */
function layerData(spec: TopLevelSpec, type: string, where: (mark: Record<string, unknown>) => boolean = () => true): Record<string, unknown>[] {
  const visit = (node: Record<string, unknown>, inherited: Record<string, unknown>[] | null): Record<string, unknown>[] | null => {
    const own = (node.data as { values?: Record<string, unknown>[] } | undefined)?.values;
    const data = Array.isArray(own) ? own : inherited;
    const mark = node.mark as Record<string, unknown> | undefined;
    if (mark && mark.type === type && where(mark) && data) return data;
    for (const key of ['layer', 'vconcat', 'hconcat']) {
      for (const child of (node[key] as Record<string, unknown>[] | undefined) ?? []) {
        const found = visit(child, data);
        if (found) return found;
      }
    }
    return null;
  };
  const found = visit(spec as unknown as Record<string, unknown>, null);
  if (!found) throw new Error(`no ${type} view with data`);
  return found;
}

const cents = (x: number) => Math.round(x * 100) / 100;

let validate: ValidateFunction;
beforeAll(() => {
  const schema = JSON.parse(readFileSync(VL_SCHEMA_FILE, 'utf8'));
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
});

describe('the chart registry', () => {
  it('lists the charts by their file names, in report order', () => {
    expect(CHART_NAMES).toEqual([
      'monthly-cost', 'forecast-fan', 'cumulative-spend', 'cost-per-ticket', 'cost-by-tag', 'action-mix', 'break-even', 'automation-sensitivity', 'wallet-balance',
    ]);
    expect(Object.keys(CHART_TITLES)).toEqual(CHART_NAMES);
  });

  it('draws every chart for a summary that has data for them all', () => {
    expect(chartSpecs(summaryFixture()).map(([name]) => name)).toEqual(CHART_NAMES);
  });

  it('leaves out the charts a summary has no data for, keeping the order', () => {
    const s = summaryFixture();
    delete s.whatIf;
    delete s.breakEven;
    delete s.forecast;
    for (const p of s.plans) {
      delete p.wallet;
      p.byTag = [];
    }
    expect(chartSpecs(s).map(([name]) => name)).toEqual(['monthly-cost', 'cumulative-spend', 'cost-per-ticket', 'action-mix']);
    expect(CHART_NAMES).toHaveLength(9);
  });
});

describe.each(CHART_NAMES)('charts/%s', (name) => {
  const summary = summaryFixture();
  const spec = specOf(name, summary);

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
    const scale = (text: string) => text.match(/"scale":\{"domain":\[[^\]]*\],"range":\[[^\]]*\]\}/)?.[0];
    expect(scale(monthly)).toBeDefined();
    for (const name of ['cost-per-ticket', 'cumulative-spend', 'break-even', 'automation-sensitivity'] as const) {
      expect(scale(JSON.stringify(specs[name])), name).toBe(scale(monthly));
    }
  });

  it('keep their colour in a chart that draws only some plans, whose legend lists only those', () => {
    const s = summaryFixture();
    s.plans[2].wallet = structuredClone(s.plans[0].wallet);
    const labels = planLabels(s);
    const text = JSON.stringify(specOf('wallet-balance', s));
    expect(text).toContain(JSON.stringify({ domain: [labels[0], labels[2]], range: [PLAN_PALETTE[0], PLAN_PALETTE[2]] }));
    expect(text).not.toContain(JSON.stringify(planColorScale(labels)));
  });
});

describe('user text in charts', () => {
  it('travels as data only, never inside an expression', () => {
    const s = summaryFixture();
    const hostile = [...s.plans.map((p) => p.name), ...s.plans.flatMap((p) => p.byTag.map((t) => t.value))]
      .filter((t) => /[<=|`]/.test(t));
    expect(hostile.length).toBeGreaterThan(4);
    for (const [name, spec] of chartSpecs(s)) {
      for (const o of objects(spec)) {
        for (const key of ['labelExpr', 'test', 'filter', 'expr', 'calculate']) {
          const expr = typeof o[key] === 'string' ? (o[key] as string) : '';
          for (const text of hostile) expect(expr, `${name}: ${key}`).not.toContain(text);
        }
      }
    }
    // The hostile names still reach the charts, as values.
    const text = JSON.stringify(Object.fromEntries(chartSpecs(s)));
    expect(text).toContain(JSON.stringify(s.plans[0].name));
    expect(text).toContain(JSON.stringify('<img src=x onerror=alert(1)>'));
  });
});

describe('charts/cumulative-spend', () => {
  const s = summaryFixture();
  const spec = specOf('cumulative-spend', s);
  const lines = layerData(spec, 'line', (m) => m.point === true) as { month: string; plan: string; usd: number; monthUsd: number }[];

  it('adds each plan up month by month to its total', () => {
    const labels = planLabels(s);
    s.plans.forEach((p, i) => {
      const mine = lines.filter((v) => v.plan === labels[i]);
      expect(mine.map((v) => v.month)).toEqual(p.monthly.map((m) => `${m.month}-01`));
      expect(mine.at(-1)?.usd).toBe(p.totalUsd);
      mine.forEach((v, k) => expect(v.usd).toBe(cents(p.monthly.slice(0, k + 1).reduce((a, m) => a + m.usd, 0))));
    });
  });

  it('draws the budget accumulated (budget × months elapsed) as a dashed crimson line labelled Budget (not a plan colour)', () => {
    const budget = layerData(spec, 'line', (m) => Array.isArray(m.strokeDash)) as { month: string; usd: number }[];
    expect(budget.map((b) => b.usd)).toEqual(s.months.map((_, i) => 2000 * (i + 1)));
    expect(layerData(spec, 'text')).toEqual([expect.objectContaining({ label: 'Budget', usd: 24_000, month: '2025-12-01' })]);
    expect(JSON.stringify(spec)).toContain('"color":"#B00020","strokeDash"');
  });

  it('has no budget line without --budget', () => {
    const plain = summaryFixture();
    delete plain.budget;
    const unbudgeted = specOf('cumulative-spend', plain) as { layer: unknown[]; title: { subtitle: string[] } };
    expect(unbudgeted.layer).toHaveLength(1);
    expect(JSON.stringify(unbudgeted)).not.toContain('Budget');
    expect(unbudgeted.title.subtitle).toHaveLength(1);
  });
});

describe('charts/cost-by-tag', () => {
  const s = summaryFixture();
  const spec = specOf('cost-by-tag', s) as unknown as { vconcat: { title: { text: string } }[] };
  const cells = (spec as unknown as { data: { values: { dimension: string; value: string; plan: string; usd: number | null; folded: number }[] } }).data.values;
  const labels = planLabels(s);

  it('draws a panel per dimension that has rows, in the order group, channel, intent, tag', () => {
    expect(spec.vconcat.map((p) => p.title.text)).toEqual(['By group (department)', 'By channel', 'By intent', 'By export tag (top 10 of 15)']);
    const noGroups = summaryFixture();
    for (const p of noGroups.plans) p.byTag = p.byTag.filter((t) => t.dimension !== 'group');
    expect((specOf('cost-by-tag', noGroups) as { vconcat: unknown[] }).vconcat).toHaveLength(3);
  });

  it('keeps the ten dearest tags across plans and folds the rest into "other"', () => {
    const tags = [...new Set(cells.filter((c) => c.dimension === 'tag').map((c) => c.value))];
    expect(tags).toHaveLength(11);
    expect(tags.slice(0, 3)).toEqual(['vip', 'refund', 'shipping-delay']);
    expect(tags).toContain('<img src=x onerror=alert(1)>');
    expect(tags.at(-1)).toBe('Other (5 values)');
    s.plans.forEach((p, i) => {
      const folded = ['api', 'mobile-app', 'gdpr', 'feature-request', 'spam'].map((v) => p.byTag.find((t) => t.dimension === 'tag' && t.value === v)!.usd);
      const other = cells.find((c) => c.dimension === 'tag' && c.plan === labels[i] && c.folded === 5)!;
      expect(other.usd).toBeCloseTo(folded.reduce((a, b) => a + b, 0), 2);
    });
  });

  it("adds each dimension's cells up to the plan's total", () => {
    for (const dimension of ['group', 'channel', 'intent', 'tag']) {
      s.plans.forEach((p, i) => {
        const total = cells.filter((c) => c.dimension === dimension && c.plan === labels[i]).reduce((a, c) => a + (c.usd ?? 0), 0);
        expect(total, `${dimension} ${p.id}`).toBeCloseTo(p.totalUsd, 2);
      });
    }
  });

  it('leaves a cell empty for a plan without rows in a dimension, and is null without any rows', () => {
    const partial = summaryFixture();
    partial.plans[3].byTag = partial.plans[3].byTag.filter((t) => t.dimension !== 'tag');
    const values = (specOf('cost-by-tag', partial) as unknown as { data: { values: { dimension: string; plan: string; usd: number | null }[] } }).data.values;
    const emptyPlan = planLabels(partial)[3];
    expect(values.filter((c) => c.dimension === 'tag' && c.plan === emptyPlan).every((c) => c.usd === null)).toBe(true);
    expect(values.filter((c) => c.dimension === 'tag' && c.plan !== emptyPlan).every((c) => typeof c.usd === 'number')).toBe(true);
    const none = summaryFixture();
    for (const p of none.plans) p.byTag = [];
    expect(CHARTS['cost-by-tag'](none)).toBeNull();
  });
});

describe('charts/break-even', () => {
  const s = summaryFixture();
  const spec = specOf('break-even', s);
  const crossings = () => layerData(spec, 'point') as { a: string; b: string; x: number; y: number; label: string }[];

  it('draws every plan against monthly volume, with a rule at the history\'s volume', () => {
    const lines = layerData(spec, 'line') as { plan: string; x: number; usd: number }[];
    expect(lines).toHaveLength(4 * 22);
    expect(lines.filter((v) => v.plan === 'Intercom Fin').map((v) => v.usd)).toEqual(s.whatIf!.volume.plans[2].usdPerMonth);
    expect(layerData(spec, 'rule')).toEqual([expect.objectContaining({ x: 1062, label: 'your volume: 1,062/mo' })]);
    expect(JSON.stringify(spec)).toContain('"title":"Tickets per month"');
    expect(JSON.stringify(spec)).toContain('"title":"Average cost per month (USD)"');
  });

  it('labels the crossings inside the plotted range, on both plans\' lines', () => {
    const labels = planLabels(s);
    expect(crossings().map((c) => [c.a, c.b, c.x, c.label])).toEqual([
      [labels[1], labels[3], 278, '278/mo'],
      [labels[2], labels[3], 1042, '1,042/mo'],
    ]);
    // On the flat tier's line: $639 a month.
    for (const c of crossings()) expect(Math.abs(c.y - 639)).toBeLessThan(2);
    expect(s.breakEven!.pairs.some((p) => p.ticketsPerMonth === null)).toBe(true);
  });

  it('leaves out crossings beyond the range, and labels at most six, the nearest to your volume', () => {
    const far = summaryFixture();
    far.breakEven!.pairs[0].ticketsPerMonth = 40_000;
    expect((layerData(specOf('break-even', far), 'point')).map((c) => c.x)).toEqual([278, 1042]);

    const crowded = summaryFixture();
    // Seven crossings in range (the history's volume is 1,062): the one at 2,900 is the farthest.
    crowded.breakEven!.pairs = crowded.breakEven!.pairs.map((p, i) => ({ ...p, ticketsPerMonth: [150, 600, 900, 1100, 1300, 1700][i] }));
    crowded.breakEven!.pairs.push({ a: 'agentforce-flex', b: 'intercom-fin', ticketsPerMonth: 2900 });
    const spec = specOf('break-even', crowded);
    const marked = layerData(spec, 'point') as { x: number; label: string }[];
    expect(MAX_CROSSINGS).toBe(6);
    expect(marked.map((c) => c.x)).toEqual([150, 600, 900, 1100, 1300, 1700]);
    expect((spec as { title: { subtitle: string[] } }).title.subtitle[1]).toContain('6 marked, nearest your volume; all 7 are in the break-even table');
  });

  it('keeps crossing labels apart', () => {
    const crowded = summaryFixture();
    // Six crossings within 120 tickets of each other: their labels must not pile up.
    crowded.breakEven!.pairs = crowded.breakEven!.pairs.map((p, i) => ({ ...p, ticketsPerMonth: 1000 + 20 * i }));
    const marked = layerData(specOf('break-even', crowded), 'point') as { label: string; lx: number; ly: number }[];
    const yMax = (specOf('break-even', crowded) as { layer: { encoding: { y: { scale: { domain: number[] } } } }[] }).layer[0].encoding.y.scale.domain[1];
    const box = (c: { label: string; lx: number; ly: number }) => {
      const x = (c.lx / 3150) * 640;
      const y = 340 - (c.ly / yMax) * 340;
      const w = c.label.length * 7;
      return { x1: x - w / 2, x2: x + w / 2, y1: y - 6, y2: y + 6 };
    };
    const boxes = marked.filter((c) => c.label !== '').map(box);
    expect(boxes.length).toBeGreaterThanOrEqual(5);
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => expect(a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2).toBe(false)));
  });

  it('is null without what-if curves', () => {
    const none = summaryFixture();
    delete none.whatIf;
    expect(CHARTS['break-even'](none)).toBeNull();
  });
});

describe('charts/automation-sensitivity', () => {
  const s = summaryFixture();
  const spec = specOf('automation-sensitivity', s);

  it('draws every plan against the AI-resolved share, 0 to 100 %, with a rule at this history\'s share', () => {
    const lines = layerData(spec, 'line') as { plan: string; x: number; usd: number }[];
    expect(lines).toHaveLength(4 * 21);
    expect([...new Set(lines.map((v) => v.x))]).toEqual(s.whatIf!.automation.aiShare);
    expect(layerData(spec, 'rule')).toEqual([expect.objectContaining({ x: 0.6199, label: 'this history: 62.0%' })]);
    const text = JSON.stringify(spec);
    expect(text).toContain('"title":"AI-resolved share (%)","scale":{"domain":[0,1],"nice":false},"axis":{"format":".0%"');
    expect(text).toContain('"title":"Cost over the period (USD)"');
  });

  it('marks where two plans cost the same', () => {
    expect((layerData(spec, 'point') as { x: number; label: string }[]).map((c) => [c.x, c.label])).toEqual([[0.326, '32.6%'], [0.811, '81.1%']]);
  });

  it('is null without what-if curves', () => {
    const none = summaryFixture();
    delete none.whatIf;
    expect(CHARTS['automation-sensitivity'](none)).toBeNull();
  });
});

describe('charts/wallet-balance', () => {
  const s = summaryFixture();
  const wallet = s.plans[0].wallet!;
  const spec = specOf('wallet-balance', s);

  it('draws the balance every day of the year, for the plan with a wallet', () => {
    const days = layerData(spec, 'line') as { plan: string; date: string; balance: number }[];
    expect(days).toHaveLength(365);
    expect(new Set(days.map((d) => d.plan))).toEqual(new Set([planLabels(s)[0]]));
    expect(days.map((d) => d.balance)).toEqual(wallet.days.map((d) => d.balance));
    expect(JSON.stringify(spec)).toContain('"title":"Credit balance (credits)"');
  });

  it('marks the packs bought, the first run-out and the credits that expired', () => {
    const bought = layerData(spec, 'point', (m) => m.shape === 'triangle-up') as { date: string; packs: number; label: string }[];
    expect(bought.map((b) => b.date)).toEqual(wallet.purchases.map((p) => p.date));
    expect(bought.every((b) => b.label === `+${b.packs}`)).toBe(true);
    expect(wallet.purchases.length).toBeGreaterThan(5);
    const text = JSON.stringify(spec);
    expect(wallet.runsOutOn).toBe('2025-02-25');
    expect(text).toContain('"label":"first ran out 25 Feb 2025"');
    expect(text).toContain(`"label":"${wallet.expirations[0].credits.toLocaleString('en-US')} credits expired 31 Dec 2025"`);
  });

  it('shows every alert on its threshold\'s row', () => {
    const alerts = layerData(spec, 'point', (m) => m.shape === 'diamond') as { date: string; level: string }[];
    expect(alerts.map((a) => [a.date, a.level])).toEqual(wallet.alerts.map((a) => [a.date, `${a.thresholdPercent} %`]));
    expect(new Set(alerts.map((a) => a.level))).toEqual(new Set(['50 %', '75 %', '90 %', '100 %']));
  });

  it('is null when no plan has a wallet', () => {
    const none = summaryFixture();
    delete none.plans[0].wallet;
    expect(CHARTS['wallet-balance'](none)).toBeNull();
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

  it.each(CHART_NAMES)('%s is valid, compiles cleanly and renders (or is left out)', async (name) => {
    const spec = CHARTS[name](s);
    if (spec === null) {
      // The one plan left has no wallet.
      expect(name).toBe('wallet-balance');
      return;
    }
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
    expect(JSON.stringify(CHARTS['cumulative-spend'](s))).toContain('"tickCount":{"interval":"month","step":6}');
  });
});


describe('charts/forecast-fan', () => {
  const s = summaryFixture();
  const spec = specOf('forecast-fan', s) as unknown as { data: { values: Record<string, unknown>[] }; spec: { layer: { mark: { type: string }; encoding: { y: Record<string, unknown> } }[] }; facet: { sort: string[] } };

  it('draws a panel per plan with the billed months, then the P10-P90 band, P50 and P99 of every forecast month', () => {
    expect(spec.facet.sort).toHaveLength(s.plans.length);
    const fan = spec.data.values.filter((v) => v.kind === 'fan');
    // Each plan: the last billed month (where the fan starts) and the six forecast months.
    expect(fan).toHaveLength(s.plans.length * 7);
    const first = s.forecast!.plans[0].months[0];
    expect(fan).toContainEqual(expect.objectContaining({ month: `${first.month}-01`, p10: first.p10, p50: first.p50, p90: first.p90, p99: first.p99 }));
    expect(spec.data.values.filter((v) => v.kind === 'billed')).toHaveLength(s.plans.length * 6);
    expect(spec.spec.layer.map((l) => l.mark.type)).toEqual(['area', 'line', 'line', 'line', 'rule']);
    expect(spec.spec.layer[4].encoding.y).toEqual({ datum: 2000, type: 'quantitative' });
  });

  it('is null without a forecast, and has no budget rule without a budget', () => {
    const none = summaryFixture();
    delete none.forecast;
    expect(CHARTS['forecast-fan'](none)).toBeNull();
    const unbudgeted = summaryFixture();
    delete unbudgeted.budget;
    const layers = (specOf('forecast-fan', unbudgeted) as unknown as { spec: { layer: { mark: { type: string } }[] } }).spec.layer;
    expect(layers.map((l) => l.mark.type)).not.toContain('rule');
  });
});
