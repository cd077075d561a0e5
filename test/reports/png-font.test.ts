import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { CHARTS } from '../../reports/charts/index.js';
import { DEJAVU_DIR, findDejaVu, pngFont } from '../../reports/png-font.js';
import { pngOptions, renderPng, renderSvg } from '../../reports/render.js';
import { summaryFixture } from '../helpers/summary-fixture.js';

const FILES = ['/fonts/DejaVuSans.ttf', '/fonts/DejaVuSans-Bold.ttf'];
const SYSTEM = { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' };
const svgWith = (text: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20">\n\t<text x="2" y="14" aria-label="a &amp; b">${text}</text></svg>`;

describe('findDejaVu(dir)', () => {
  it('gives both faces when the folder has them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dejavu-'));
    for (const f of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) writeFileSync(join(dir, f), '');
    expect(findDejaVu(dir)).toEqual([join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf')]);
  });

  it('gives nothing when either face is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dejavu-'));
    expect(findDejaVu(dir)).toBeNull();
    writeFileSync(join(dir, 'DejaVuSans.ttf'), '');
    expect(findDejaVu(dir)).toBeNull();
  });

  it('finds fonts-dejavu-core, which .ci/run installs', () => {
    expect(findDejaVu()).toEqual([join(DEJAVU_DIR, 'DejaVuSans.ttf'), join(DEJAVU_DIR, 'DejaVuSans-Bold.ttf')]);
  });
});

describe('pngFont(svg, files)', () => {
  it('loads only the DejaVu Sans files for text they draw', () => {
    for (const text of ['Monthly cost (USD)', '$1,234.50 – Jan — Dec…', 'Café Zürich', '−5 % ▲ → ≤ €', 'Ωμέγα', 'Москва']) {
      expect(pngFont(svgWith(text), FILES), text).toEqual({ loadSystemFonts: false, fontFiles: FILES, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' });
    }
  });

  it('keeps the system fonts for a character DejaVu Sans may lack, where resvg looks in the other fonts', () => {
    for (const text of ['請求 by tag', 'ok 👍', 'ℵ⌚']) expect(pngFont(svgWith(text), FILES), text).toEqual(SYSTEM);
  });

  it('keeps the system fonts when DejaVu Sans was not found', () => {
    expect(pngFont(svgWith('Monthly cost'), null)).toEqual(SYSTEM);
  });
});

describe('PNGs drawn from the DejaVu Sans files alone', () => {
  it('are the bytes the system fonts give', async () => {
    const svg = await renderSvg(CHARTS['monthly-cost'](summaryFixture())!);
    expect(pngOptions(svg).font).toMatchObject({ loadSystemFonts: false });
    const system = new Resvg(svg, { ...pngOptions(svg), font: SYSTEM }).render().asPng();
    expect(Buffer.from(renderPng(svg)).equals(system)).toBe(true);
  });
});
