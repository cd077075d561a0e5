/**
 * Safe outputs (issue point 6), through the real CLI on test/fixtures/hostile/: tickets whose ids,
 * subjects, tags, groups and requesters are spreadsheet formulas, HTML and Markdown; plans,
 * tiers, flags, a playbook's intents, action and hand-off reason, scenarios and the input's own
 * file name all hostile too; plan ids that look like paths (`../../evil`, `/etc/x`, `..\x`, one
 * with a NUL). Then every output is read back as a spreadsheet, a browser or a Markdown renderer
 * would read it:
 * - every CSV cell (tables/*.csv, rejected.csv) a spreadsheet would execute is defused with a
 *   leading `'`, and a plain `-12` stays a number;
 * - report.html holds no user text unescaped: its only <script> elements are the tool's own, and
 *   the inline chart JSON parses back whole (it cannot close its script tag); the SVGs likewise;
 * - report.md: user text cannot add table cells, HTML or links;
 * - nothing is written outside --out, and the sinks refuse any name that would leave it.
 *
 * Run time: about 15 s (one CLI run with charts and a short forecast).
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isReplayError } from '../../engine/errors.js';
import { messages } from '../../engine/messages.js';
import type { Summary } from '../../engine/summary.js';
import { chartSpecs } from '../../reports/charts/index.js';
import { neutralizeFormula } from '../../reports/csv.js';
import { vegaBundles } from '../../reports/bundles.js';
import { FolderSink, isSafeOutputName, MemorySink } from '../../reports/sink.js';
import { runCli } from '../helpers/run-cli.js';

const HOSTILE = resolve('test/fixtures/hostile');
/** The input's own name is hostile too: it shows up in rejected.csv, the manifest and the summary. */
const INPUT_NAME = `=1+2 <img src=x onerror=alert('file')> "q'.csv`;

/** A cell a spreadsheet would run: OWASP's first characters, after blanks too, full-width forms. */
const EXECUTABLE = /^[\t\r\n]|^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;
const PLAIN_NEGATIVE_NUMBER = /^-(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

let base: string;
let out: string;
let summary: Summary;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'safe-outputs-'));
  copyFileSync(join(HOSTILE, 'tickets.csv'), join(base, INPUT_NAME));
  const r = await runCli([
    'run', INPUT_NAME, '-o', 'out', '-q', '-w', '1',
    '--plans', join(HOSTILE, 'plans.yaml'), '--playbook', join(HOSTILE, 'playbook.yaml'), '--scenarios', join(HOSTILE, 'scenarios.yaml'),
    '--forecast-months', '2', '--forecast-paths', '100', '--budget', '50', '--human-cost', '1.25',
  ], { cwd: base });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  out = join(base, 'out');
  summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
}, 180_000);

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('the hostile run replayed what it was given', () => {
  it('kept the hostile names (the checks below are not vacuous) and rejected the records with hostile ids', () => {
    expect(summary.plans.map((p) => p.id)).toEqual(['=HYPERLINK("http://evil.example","plan")', '../../evil', '/etc/x', '..\\x', 'nul\u0000byte', '-12']);
    expect(Object.keys(summary.intents)).toEqual(expect.arrayContaining(["<script>alert('intent')</script>", "=cmd|' /C calc'!A0", '../../intent']));
    expect(Object.keys(summary.automation.handoffReasons)).toContain('<img src=x onerror=alert("reason")> | =1+1');
    expect(summary.counts).toMatchObject({ read: 12, replayed: 8, rejected: 4 });
    expect(summary.scenarios?.map((s) => s.name)).toContain('=HYPERLINK("http://evil.example","scenario")');
  });
});

describe('CSV: every cell a spreadsheet would execute is neutralised', () => {
  const csvFiles = () => [...files(join(out, 'tables')), join(out, 'rejected.csv')];

  it('in every cell of tables/*.csv and rejected.csv', () => {
    let cells = 0;
    for (const file of csvFiles()) {
      const rows = parseCsv(readFileSync(file), { relax_column_count: false }) as string[][];
      expect(rows.length, file).toBeGreaterThan(1);
      for (const [r, row] of rows.entries()) {
        for (const cell of row) {
          cells++;
          if (EXECUTABLE.test(cell)) expect(cell, `${relative(out, file)} row ${r + 1}`).toMatch(PLAIN_NEGATIVE_NUMBER);
        }
      }
    }
    expect(cells).toBeGreaterThan(1000);
  });

  it('defuses the hostile values with a leading apostrophe, and leaves -12 a number', () => {
    const all = csvFiles().map((f) => parseCsv(readFileSync(f)) as string[][]).flat(2);
    for (const value of [
      '=HYPERLINK("http://evil.example","plan")', // a plan id
      "+cmd|' /C calc'!A0", // a plan name, a group, a rejected id
      '@SUM(1)', // a plan name, a group, a tag
      '-2+3', // a plan name, a group, a tag, a rejected date
      '=1+2', // a flat-rate tier name (detail_tier), a rejected date
      '=HYPERLINK("http://evil.example","action")', // a custom action (actions.csv)
      "=cmd|' /C calc'!A0", // an intent id (by-tag.csv)
      `${INPUT_NAME}`, // the input file, in rejected.csv
      '=HYPERLINK("http://evil.example","id")', // a rejected record's id
    ]) expect(all, value).toContain(neutralizeFormula(value));
    expect(all).toContain("'\t=tab"); // a plan name starting with a tab
    expect(all.filter((c) => c === '-12').length).toBeGreaterThanOrEqual(3); // plan id, tag and monthly rows: data, untouched
    expect(all).not.toContain("'-12");
  });
});

describe('report.html: no user text unescaped', () => {
  const html = () => readFileSync(join(out, 'report.html'), 'utf8');

  it('has only the tool\'s own <script> elements, the vega bundles byte for byte', () => {
    const text = html();
    const bundles = vegaBundles();
    const opening = [...text.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
    expect(opening).toEqual([...bundles.map((b) => `<script data-bundle="${b.name}">`), '<script type="application/json" id="chart-specs">', '<script>']);
    for (const b of bundles) expect(text).toContain(`<script data-bundle="${b.name}">${b.code}</script>`);
  });

  it('inlines the chart specs as JSON that parses back whole: it cannot close its script tag', () => {
    const text = html();
    const start = text.indexOf('<script type="application/json" id="chart-specs">') + '<script type="application/json" id="chart-specs">'.length;
    const json = text.slice(start, text.indexOf('</script>', start));
    expect(json).not.toMatch(/<|\u2028|\u2029/);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(Object.fromEntries(chartSpecs(summary)))));
    expect(json).toContain('\\u003cscript>alert(\\"plan\\")\\u003c/script>');
  });

  it('outside the scripts, shows every hostile text escaped and none raw', () => {
    const bundles = vegaBundles();
    let page = html();
    for (const b of bundles) page = page.replace(b.code, '');
    page = page.replace(/<script type="application\/json" id="chart-specs">[^<]*<\/script>/, '');
    page = page.replace(/<script>\(function \(\) \{[\s\S]*?<\/script>/, '');
    for (const raw of ['<script>alert', '</script><!--', '<!--', '<img', 'onerror=alert(1)', '<b>', '"dq"', "'sq'", '" onmouseover="']) {
      expect(page, raw).not.toContain(raw);
    }
    const h = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    for (const shown of [
      '<script>alert("plan")</script> | =1+1 "dq" \'sq\'', // plan name
      '</script><!--', // plan name
      'javascript:alert(1)" onmouseover="alert(2)', // source, as text
      '<img src=x onerror=alert("flag")>', // a flag
      "<script>alert('intent')</script>", // an intent
      '<img src=x onerror=alert("reason")> | =1+1', // a hand-off reason
      '<script>alert("group")</script> | pipe "dq" \'sq\'', // a group
      '<script>alert("scenario")</script> | =1+1 "dq" \'sq\'', // a scenario
      INPUT_NAME, // the input file
    ]) expect(page, shown).toContain(h(shown));
  });

  it('the SVG charts escape user text too (an SVG file can run scripts)', () => {
    for (const file of files(join(out, 'charts')).filter((f) => f.endsWith('.svg'))) {
      const svg = readFileSync(file, 'utf8');
      expect(svg, file).not.toMatch(/<script|<img|<!--|onerror=|<b>/i);
    }
    expect(readFileSync(join(out, 'charts', 'monthly-cost.svg'), 'utf8')).toContain('&lt;script&gt;alert(&quot;plan&quot;)');
  });
});

describe('report.md: user text stays text', () => {
  const md = () => readFileSync(join(out, 'report.md'), 'utf8');
  const cells = (line: string) => line.split(/(?<!\\)\|/).length;

  it('keeps every table row as many cells as its header, whatever pipes the names hold', () => {
    const lines = md().split('\n');
    let tables = 0;
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith('|') || lines[i - 1]?.startsWith('|')) continue;
      tables++;
      const width = cells(lines[i]);
      for (let j = i + 1; lines[j]?.startsWith('|'); j++) expect(cells(lines[j]), `report.md line ${j + 1}: ${lines[j]}`).toBe(width);
    }
    expect(tables).toBeGreaterThan(10);
    expect(md()).toContain('\\+cmd\\|\' /C calc\'\\!A0'); // a plan name's pipe, escaped
  });

  it('has no raw HTML, no link or image and no code span from user text', () => {
    const text = md();
    expect(text).not.toContain('<');
    expect(text).toContain('&lt;script&gt;alert("plan")&lt;/script&gt;');
    // The only links are the tool's own chart images.
    expect([...text.matchAll(/(?<!\\)\]\(/g)].length).toBe([...text.matchAll(/^!\[[^\]]*\]\(charts\/[a-z-]+\.png\)$/gm)].length);
    expect(text).not.toMatch(/(?<!\\)`/);
  });
});

describe('output paths never escape --out', () => {
  it('the run wrote only its own files inside --out, whatever the plan ids, tags and intents', () => {
    expect(readdirSync(base).sort()).toEqual([INPUT_NAME, 'out'].sort());
    const written = files(out).map((f) => relative(out, f));
    for (const f of written) expect(isSafeOutputName(f), f).toBe(true);
    expect(written).toContain('tables/plans.csv');
    expect(existsSync('/etc/x')).toBe(false);
  });

  const hostile = ['../../evil', '../evil.csv', 'tables/../../evil', '/etc/x', '..\\x', 'charts\\..\\..\\x', 'nul\u0000byte', 'a/./b', '', '.', '..', 'C:\\x', 'c:/x', 'tables/', '~/x', 'x\ny'];

  it.each(hostile)('FolderSink refuses %j with a typed error, writing nothing', async (name) => {
    const root = mkdtempSync(join(tmpdir(), 'sink-'));
    try {
      const sink = new FolderSink(join(root, 'out'));
      const err = await sink.write(name, 'x').then(() => undefined, (e: unknown) => e);
      expect(isReplayError(err)).toBe(true);
      expect(err).toMatchObject({ code: 'OUTPUT', message: messages.unsafeOutputName(name) });
      expect(readdirSync(root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.each(hostile)('MemorySink refuses %j the same way', async (name) => {
    await expect(new MemorySink().write(name, 'x')).rejects.toMatchObject({ code: 'OUTPUT', message: messages.unsafeOutputName(name) });
  });

  it('accepts the report\'s own names', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sink-'));
    try {
      const sink = new FolderSink(root);
      for (const name of ['summary.json', 'charts/monthly-cost.vl.json', 'tables/by-tag.csv', 'report.md']) await sink.write(name, 'x');
      expect(files(root).map((f) => relative(root, f)).sort()).toEqual(['charts/monthly-cost.vl.json', 'report.md', 'summary.json', 'tables/by-tag.csv']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('neutralizeFormula beyond OWASP\'s list', () => {
  it.each([' =1+1', '\u00a0+1', '\u3000@SUM(1)', '\uff1d1+1', '\uff0bcmd', '\uff0d1', '\uff20SUM(1)', '\n=1+1', ' -2+3'])('defuses %j', (text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
  });

  it.each(['-12', 'a=1', 'x -1', 'plain'])('leaves %j alone', (text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });
});
