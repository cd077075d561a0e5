/**
 * report.html in a real browser: Debian's Chromium, driven by playwright-core (which never downloads
 * a browser of its own). The CLI runs once on the bundled sample; the page is opened over file://
 * with every non-local request blocked and counted, and every chart must render SVG marks.
 * A screenshot and a print PDF land in out/browser/ as artifacts for a person to look at.
 *
 * Chromium comes from `apt-get install -y chromium` (.ci/run installs it). Without it this test
 * FAILS rather than skips: a green run must mean the page was really rendered.
 */

import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const ARTIFACTS = join(process.cwd(), 'out', 'browser');
const READY_TIMEOUT_MS = 30_000;

/** CHROMIUM_PATH if set, else Debian's /usr/bin/chromium, else /usr/bin/chromium-browser. */
function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist. Unset it, or point it at a Chromium binary.`);
    return fromEnv;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `Chromium not found (looked at CHROMIUM_PATH, ${CANDIDATES.join(', ')}). ` +
        'Install Debian\'s: `apt-get update && apt-get install -y chromium` (as root; .ci/run does this), ' +
        'or set CHROMIUM_PATH to a Chromium binary. Do not use `npx playwright install`: it downloads a browser.',
    );
  }
  return found;
}

/** Data marks only (role-mark), not axes, grids or legends, which render even for an empty chart. */
const GRAPHIC_MARKS = ['line', 'rect', 'symbol', 'area', 'arc', 'trail', 'shape', 'image']
  .map((m) => `.mark-${m}.role-mark > path`)
  .concat('.mark-rule.role-mark > line', '.mark-image.role-mark > image')
  .join(', ');
const TEXT_MARKS = '.mark-text.role-mark > text';

interface ChartCheck {
  id: string;
  svgs: number;
  width: number;
  height: number;
  graphic: number;
  text: number;
  badPaths: number;
}

describe('report.html in headless Chromium', { timeout: 120_000 }, () => {
  const timings: Record<string, number> = {};
  const blocked: string[] = [];
  const consoleErrors: string[] = [];
  const consoleWarnings: string[] = [];
  const pageErrors: string[] = [];
  let out = '';
  let profile: string | undefined;
  let context: BrowserContext | undefined;
  let page: Page;

  /** Set when the setup failed; every test rethrows it, so a missing browser counts as failed tests, not skipped ones. */
  let setupError: unknown;
  const setupOk = () => {
    if (setupError) throw setupError;
  };

  beforeAll(async () => {
    try {
      await setup();
    } catch (e) {
      setupError = e;
    }
  }, 120_000);

  async function setup(): Promise<void> {
    const executablePath = findChromium();

    let t = Date.now();
    out = join(tempDir(), 'report');
    const cli = await runCli(['run', '--out', out, '--workers', '2', '-q']);
    timings.cli = Date.now() - t;
    expect(cli.code, `CLI failed:\n${cli.stderr}`).toBe(0);
    expect(existsSync(join(out, 'report.html')), 'report.html written').toBe(true);

    t = Date.now();
    profile = tempDir('ticket-replay-chromium-');
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    });
    timings.launch = Date.now() - t;

    // Only the report itself (file://) and inline data: may load; anything else is counted and refused.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });

    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
      if (m.type() === 'warning') consoleWarnings.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));

    t = Date.now();
    await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
    const state = await page.evaluate(async (timeoutMs) => {
      const ready = (window as unknown as { reportReady?: Promise<unknown> }).reportReady;
      if (!ready || typeof ready.then !== 'function') return 'window.reportReady is not a Promise (did the embed script run?)';
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`window.reportReady did not settle within ${timeoutMs} ms`), timeoutMs);
      });
      // The resolved value holds vega Views, which cannot cross back to Node: map it to a string.
      const settled = ready.then(() => 'ready', (e: unknown) => `window.reportReady rejected: ${String(e)}`);
      const result = await Promise.race([settled, timeout]);
      clearTimeout(timer);
      return result;
    }, READY_TIMEOUT_MS);
    timings.loadAndEmbed = Date.now() - t;
    expect(state).toBe('ready');
  }

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (out) rmSync(dirname(out), { recursive: true, force: true });
    console.log(`browser test timings (ms): ${JSON.stringify(timings)}`);
    if (consoleWarnings.length) console.log(`console warnings:\n  ${consoleWarnings.join('\n  ')}`);
  });

  it('makes no network request, logs no console error and throws no page error', () => {
    setupOk();
    expect(blocked, 'requests that were not file:// or data:').toEqual([]);
    expect(consoleErrors, 'console errors').toEqual([]);
    expect(pageErrors, 'page errors').toEqual([]);
  });

  it('renders an SVG with marks in every chart, one chart per charts/*.vl.json', async () => {
    setupOk();
    const specs = readdirSync(join(out, 'charts')).filter((f) => f.endsWith('.vl.json')).map((f) => f.replace(/\.vl\.json$/, ''));
    expect(specs.length).toBeGreaterThan(0);

    const charts: ChartCheck[] = await page.$$eval(
      '.chart',
      (divs, sel) =>
        divs.map((div) => {
          const svg = div.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          const paths = [...div.querySelectorAll('.role-mark > path')];
          return {
            id: div.id,
            svgs: div.querySelectorAll('svg').length,
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            graphic: div.querySelectorAll(sel.graphic).length,
            text: div.querySelectorAll(sel.text).length,
            badPaths: paths.filter((p) => /NaN|Infinity/.test(p.getAttribute('d') ?? '')).length,
          };
        }),
      { graphic: GRAPHIC_MARKS, text: TEXT_MARKS },
    );

    expect(charts.length, 'chart divs vs charts/*.vl.json').toBe(specs.length);
    expect(charts.map((c) => c.id).sort()).toEqual(specs.map((s) => `chart-${s}`).sort());
    for (const c of charts) {
      expect(c.svgs, `${c.id}: svg elements`).toBe(1);
      expect(c.width, `${c.id}: svg width`).toBeGreaterThan(0);
      expect(c.height, `${c.id}: svg height`).toBeGreaterThan(0);
      expect(c.graphic, `${c.id}: rendered data marks (${GRAPHIC_MARKS})`).toBeGreaterThan(0);
      expect(c.badPaths, `${c.id}: mark paths with NaN/Infinity coordinates`).toBe(0);
    }
  });

  it('saves a full-page screenshot and a print PDF to out/browser/', async () => {
    setupOk();
    mkdirSync(ARTIFACTS, { recursive: true });
    const png = join(ARTIFACTS, 'report.png');
    const pdf = join(ARTIFACTS, 'report.pdf');

    let t = Date.now();
    await page.screenshot({ path: png, fullPage: true });
    timings.screenshot = Date.now() - t;
    expect(statSync(png).size).toBeGreaterThan(10_000);

    t = Date.now();
    await page.emulateMedia({ media: 'print' });
    const bytes = await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    timings.pdf = Date.now() - t;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(statSync(pdf).size).toBeGreaterThan(1_000);
  });
});
