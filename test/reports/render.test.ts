import { describe, expect, it } from 'vitest';
import { chartSpecs } from '../../reports/charts/index.js';
import { renderCharts, renderPng, renderSvg } from '../../reports/render.js';
import { summaryFixture } from '../helpers/summary-fixture.js';

describe('renderCharts(specs, opts)', () => {
  const specs = chartSpecs(summaryFixture());

  it('gives every chart in order with its SVG and the PNG renderPng makes of it', async () => {
    const charts = await renderCharts(specs, { png: true, threads: 2 });
    expect(charts.map((c) => c.name)).toEqual(specs.map(([name]) => name));
    for (const [i, c] of charts.entries()) {
      expect(c.spec, c.name).toBe(specs[i][1]);
      expect(c.svg, c.name).toBe(await renderSvg(c.spec));
      expect(Buffer.from(c.png!).equals(Buffer.from(renderPng(c.svg))), c.name).toBe(true);
    }
  });

  it('makes no PNG when asked not to', async () => {
    const charts = await renderCharts(specs.slice(0, 2), { png: false, threads: 2 });
    expect(charts.map((c) => [c.name, c.png])).toEqual(specs.slice(0, 2).map(([name]) => [name, undefined]));
  });

  it('renders nothing for no charts', async () => {
    expect(await renderCharts([], { png: true, threads: 2 })).toEqual([]);
  });
});
