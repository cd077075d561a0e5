import { afterEach, describe, expect, it } from 'vitest';
import { chartSpecs } from '../../reports/charts/index.js';
import { PngPool } from '../../reports/png-pool.js';
import { pngOptions, renderPng, renderSvg } from '../../reports/render.js';
import { summaryFixture } from '../helpers/summary-fixture.js';

const svgs = Promise.all(chartSpecs(summaryFixture()).slice(0, 4).map(([, spec]) => renderSvg(spec)));
let pool: PngPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('PngPool', () => {
  it('makes the bytes renderPng makes, for more SVGs than workers', async () => {
    pool = new PngPool(2);
    const all = await svgs;
    const pngs = await Promise.all(all.map((svg) => pool!.render(svg, pngOptions(svg))));
    expect(pngs.map((p) => Buffer.from(p).toString('base64'))).toEqual(all.map((svg) => Buffer.from(renderPng(svg)).toString('base64')));
  });

  it('rasterises each chart in a fresh worker (resvg frees its native memory only when the worker goes)', async () => {
    pool = new PngPool(1);
    const all = await svgs;
    for (const svg of all) await pool.render(svg, pngOptions(svg));
    // One worker per chart, and one more ready for the next.
    expect(pool.started).toBe(all.length + 1);
  });

  it("rejects an SVG resvg cannot read with resvg's message, and goes on with the others", async () => {
    pool = new PngPool(1);
    const [svg] = await svgs;
    const bad = pool.render('<svg', pngOptions(''));
    const good = pool.render(svg, pngOptions(svg));
    await expect(bad).rejects.toThrow('SVG data parsing failed cause the document does not have a root node');
    expect(Buffer.from(await good).equals(Buffer.from(renderPng(svg)))).toBe(true);
  });
});
