/**
 * report.html: one self-contained file. vega, vega-lite and vega-embed are inlined, the chart specs
 * are embedded as escaped JSON, and a Content-Security-Policy forbids every network request, so
 * the page renders the same from a laptop, an e-mail attachment or an air-gapped machine.
 * `window.reportReady` resolves when every chart has rendered (the browser test awaits it).
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../engine/summary.js';
import { vegaBundles } from './bundles.js';
import { CHART_TITLES, chartSpecs, type ChartName } from './charts/index.js';
import { breakEvenRows, budgetRisk, FLAG_TEXT, flagNotes, forecastTable, scenarioTable, INVOICE_HEAD, invoiceRows, tagTables, walletRows } from './findings.js';
import { htmlEscape as h, jsonForScript } from './escape.js';
import { formatInt, formatPct, formatUsd, formatUsdPerTicket, headline, periodText } from './headline.js';
import { REPORT_CSS } from './html-style.js';
import { methodNotes } from './method.js';

/** Inline scripts only; 'unsafe-eval' because vega compiles its expressions with Function(). */
const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:";

const EMBED = `(function () {
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  window.reportReady = Promise.all(Object.keys(specs).map(function (name) {
    return vegaEmbed(document.getElementById('chart-' + name), specs[name], { renderer: 'svg', actions: false });
  }));
})();`;

type Cell = string | { html: string; cls?: string };

/** A table; string cells are escaped, `{html}` cells are trusted markup built here. */
function table(head: Cell[], rows: Cell[][], rowClass: (i: number) => string = () => ''): string {
  // A column per plan: printed smaller so every column fits the page.
  const wide = head.length > 8 ? ' class="wide"' : '';
  const cell = (tag: string, c: Cell) =>
    typeof c === 'string' ? `<${tag}>${h(c)}</${tag}>` : `<${tag}${c.cls ? ` class="${c.cls}"` : ''}>${c.html}</${tag}>`;
  const body = rows.map((r, i) => `<tr${rowClass(i) ? ` class="${rowClass(i)}"` : ''}>${r.map((c) => cell('td', c)).join('')}</tr>`);
  return `<div class="scroll"><table${wide}><thead><tr>${head.map((c) => cell('th', c)).join('')}</tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}

const num = (text: string): Cell => ({ html: h(text), cls: 'num' });
const name = (text: string): Cell => ({ html: h(text), cls: 'name' });
const date = (text: string): Cell => ({ html: h(text), cls: 'nowrap' });

function cards(s: Summary): string {
  const hl = headline(s);
  const risk = budgetRisk(s, hl.cheapest);
  const card = (label: string, value: string, sub: string) =>
    `<div class="card"><div class="label">${h(label)}</div><div class="value">${h(value)}</div><div class="sub">${h(sub)}</div></div>`;
  const ratio = hl.spreadRatio === null ? '' : `${hl.spreadRatio.toFixed(1)}× the cheapest · `;
  return `<section class="cards" aria-label="Headline">${[
    card('Cheapest plan for this history', formatUsd(hl.cheapest.totalUsd), `${hl.cheapest.name} · ${formatUsdPerTicket(hl.cheapest.usdPerTicket)} per ticket`),
    card('Spread, cheapest to dearest', formatUsd(hl.spreadUsd), `${ratio}dearest: ${hl.dearest.name} (${formatUsd(hl.dearest.totalUsd)})`),
    card(risk.label, risk.value, risk.sub),
    card('Automation rate', formatPct(hl.automationRate), `${formatInt(s.automation.aiResolved)} AI-resolved · ${formatInt(s.automation.handedOff)} handed off · ${formatInt(s.counts.replayed)} tickets (${formatInt(s.counts.rejected)} rejected)`),
  ].join('')}</section>`;
}

function charts(specs: [ChartName, TopLevelSpec][]): string {
  const figures = specs.map(([n]) => `<figure><div class="chart" id="chart-${n}" role="img" aria-label="${h(CHART_TITLES[n])}"></div></figure>`);
  return `<section><h2>Charts</h2>${figures.join('')}</section>`;
}

function plans(s: Summary): string {
  const flags = (f: string[]) => ({ html: f.map((x) => `<span class="flag" title="${h(FLAG_TEXT[x] ?? '')}">${h(x)}</span>`).join('') || '—' });
  const rows = headline(s).ranked.map((p, i): Cell[] => [
    num(String(i + 1)), name(p.name), p.model, num(formatUsd(p.totalUsd)), num(formatUsdPerTicket(p.usdPerTicket)),
    name(p.source ?? '—'), date(p.asOf ?? '—'), flags(p.flags),
  ]);
  const notes = flagNotes(s);
  const legend = notes.length ? `<ul class="notes">${notes.map(([f, t]) => `<li><span class="flag">${h(f)}</span> ${h(t)}</li>`).join('')}</ul>` : '';
  return `<section><h2>Plans, cheapest first</h2>${table([num('#'), 'Plan', 'Model', num('Total'), num('Per ticket'), 'Source', 'As of', 'Flags'], rows)}${legend}</section>`;
}

function monthly(s: Summary): string {
  const byMonth = s.plans.map((p) => new Map(p.monthly.map((m) => [m.month, m.usd])));
  const rows: Cell[][] = s.months.map((m) => [date(m.month), num(formatInt(m.tickets)), num(formatInt(m.aiResolved)), ...byMonth.map((b) => num(formatUsd(b.get(m.month) ?? 0)))]);
  rows.push(['Total', num(formatInt(s.counts.replayed)), num(formatInt(s.automation.aiResolved)), ...s.plans.map((p) => num(formatUsd(p.totalUsd)))]);
  const head: Cell[] = ['Month', num('Tickets'), num('AI-resolved'), ...s.plans.map((p) => ({ html: h(p.name), cls: 'num name' }))];
  return `<section><h2>Monthly cost (USD)</h2>${table(head, rows, (i) => (i === rows.length - 1 ? 'total' : ''))}</section>`;
}

function invoices(s: Summary): string {
  const numeric = INVOICE_HEAD.map((t, i): Cell => (i === 0 ? t : num(t)));
  const blocks = s.plans.map((p) => {
    const rows = invoiceRows(p).map((r): Cell[] => r.map((c, i) => (i === 0 ? date(c) : num(c))));
    return `<details open><summary>${h(p.name)} · ${h(formatUsd(p.totalUsd))}</summary>${table(numeric, rows)}</details>`;
  });
  return `<section><h2>Invoices, plan by plan</h2><p class="note">Usage in each plan's billed unit; what its allowances covered; what was billed beyond them; prepaid packs and the balance carried; fixed fees, usage charges and human handling.</p>${blocks.join('')}</section>`;
}

function tags(s: Summary): string {
  const tables = tagTables(s).map((t) => {
    const head: Cell[] = [t.title.replace(/^By /, '').replace(/^./, (c) => c.toUpperCase()), num('Tickets'), ...s.plans.map((p) => ({ html: h(p.name), cls: 'num name' }))];
    const rows = t.rows.map((r): Cell[] => [name(r.value), num(formatInt(r.tickets)), ...r.usd.map((u) => num(formatUsd(u)))]);
    return `<h3>${h(t.title)}</h3>${table(head, rows)}`;
  });
  return tables.length ? `<section><h2>Cost by tag (USD)</h2><p class="note">Each month's bill split over the tickets' tags in proportion to their list prices (human handling by hand-offs); a ticket with several export tags is split evenly over them.</p>${tables.join('')}</section>` : '';
}

function forecastSection(s: Summary): string {
  const t = forecastTable(s);
  if (!t || !s.forecast) return '';
  const f = s.forecast;
  const rows = t.rows.map((r): Cell[] => r.map((c, i) => (i === 0 ? name(c) : num(c))));
  const note = `${formatInt(f.paths)} simulated paths: the history's days resampled a week at a time (weekday pattern and ticket mix kept), scaled by the fitted trend (${(f.trendPerMonth * 100).toFixed(1)} % a month)${f.surge ? ` and by surges of ×${f.surge.size} with a ${formatPct(f.surge.probability)} chance a month` : ''}, each billed by the plan's own rules as the continuation of this history. Seed ${f.seed}.`;
  return `<section><h2>Forecast of the next ${f.months} months (USD)</h2><p class="note">${h(note)}</p>${table(t.head.map((c, i) => (i === 0 ? c : num(c))), rows)}</section>`;
}

function scenariosSection(s: Summary): string {
  const t = scenarioTable(s);
  if (!t || !s.forecast) return '';
  const rows: Cell[][] = [t.changes.map((c, i) => (i === 0 ? { html: '<em>changes</em>' } : { html: `<em>${h(c)}</em>` })), ...t.rows.map((r): Cell[] => r.map((c, i) => (i === 0 ? name(c) : num(c))))];
  return `<section><h2>What-if scenarios: the next ${s.forecast.months} months in all (USD)</h2><p class="note">Each scenario forecast with the same seed and paths as the baseline; P50 of the horizon's bill with P10–P90. A dash: the plan is not in that scenario.</p>${table(t.head.map((c, i) => (i === 0 ? c : num(c))), rows)}</section>`;
}

function budgetAndWallet(s: Summary): string {
  const parts: string[] = [];
  if (s.budget) {
    const planName = new Map(s.plans.map((p) => [p.id, p.name]));
    const rows = s.budget.plans.map((b): Cell[] => [name(planName.get(b.id) ?? b.id), num(String(b.monthsOver)), num(formatUsd(b.overByUsd)),
      b.months.map((m) => m.month).join(', ') || '—']);
    parts.push(`<h3>Months over the ${h(formatUsd(s.budget.usdPerMonth))} monthly budget</h3>${table(['Plan', num('Months over'), num('Over by, in all'), 'Months'], rows)}`);
  }
  const wallets = walletRows(s);
  if (wallets.length) {
    parts.push(`<h3>Credit wallet (prepaid packs)</h3>${table(['Plan', 'Balance first ran out', num('Packs bought'), 'Alerts (share of the entitlement used)', num('Credits expired')],
      wallets.map((r): Cell[] => [name(r[0]), r[1], num(r[2]), r[3], num(r[4])]))}<p class="note">Day by day in tables/wallet.csv.</p>`);
  }
  const crossings = breakEvenRows(s);
  if (crossings.length) {
    parts.push(`<h3>Where plans cost the same</h3>${table(['Plan', 'and plan', 'cost the same at'], crossings.map((r): Cell[] => [name(r[0]), name(r[1]), r[2]]))}`);
  }
  return parts.length ? `<section><h2>Budget, wallet and break-even</h2>${parts.join('')}</section>` : '';
}

function manifest(s: Summary): string {
  const c = s.counts;
  const facts: [string, string][] = [
    ['Tool', `${s.tool.name} ${s.tool.version}`], ['Seed', String(s.run.seed)], ['Workers', String(s.run.workers)],
    ['Environment', s.run.environment], ['Time zone', s.run.tz],
    ...Object.entries(s.run.options).map(([k, v]): [string, string] => [optionLabel(k), String(v)]), ...(s.run.startedAt ? [['Started', s.run.startedAt] as [string, string]] : []),
    ['Period', periodText(s)], ['Records', `${formatInt(c.read)} read = ${formatInt(c.replayed)} replayed + ${formatInt(c.rejected)} rejected`],
  ];
  const dl = `<dl class="facts">${facts.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>`;
  const inputs = table(['Input', 'Adapter', num('Records'), 'SHA-256'],
    s.inputs.map((i) => [name(i.path), i.adapter, num(formatInt(i.records)), { html: `<code>${h(i.sha256)}</code>` }]));
  const reasons = Object.entries(c.rejectedByReason);
  const rejected = reasons.length === 0 ? '<p>No record was rejected.</p>'
    : `<h3>Rejected records by reason</h3>${table(['Reason', num('Records')], reasons.map(([k, n]) => [k, num(formatInt(n))]))}<p>Every rejected record is listed in rejected.csv with its file and line.</p>`;
  return `<section><h2>Run manifest</h2>${dl}${inputs}${rejected}</section>`;
}

const OPTION_LABELS: Record<string, string> = {
  adapter: 'Adapter', plans: 'Plans', playbook: 'Playbook', mapping: 'Mapping', budgetUsdPerMonth: 'Budget (USD a month)',
  humanUsdPerHandoff: 'Human cost (USD a hand-off)', dateOrder: 'Date order', encoding: 'Encoding',
};
const optionLabel = (key: string) => OPTION_LABELS[key] ?? key;

function intents(s: Summary): string {
  const total = Math.max(1, s.counts.replayed);
  const rows = Object.entries(s.intents).map(([k, n]): Cell[] => [name(k), num(formatInt(n)), num(formatPct(n / total))]);
  const reasons = Object.entries(s.automation.handoffReasons).map(([k, n]): Cell[] => [name(k), num(formatInt(n))]);
  return `<section><h2>What the tickets were</h2>${table(['Intent', num('Tickets'), num('Share')], rows)}` +
    (reasons.length ? `<h3>Why tickets were handed off</h3>${table(['Hand-off reason', num('Tickets')], reasons)}` : '') + '</section>';
}

/**
 * report.html for a summary: headline cards, the charts (rendered in the page by vega-embed),
 * plans and monthly tables, the run manifest and the method, with no network access.
 *
 * @example await sink.write('report.html', reportHtml(summary));
 */
export function reportHtml(s: Summary): string {
  const specs = chartSpecs(s);
  const scripts = vegaBundles().map((b) => `<script data-bundle="${h(b.name)}">${b.code}</script>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>AI support cost replay: ${h(periodText(s))}</title>
<link rel="icon" href="data:,">
<style>${REPORT_CSS}</style>
</head>
<body>
<header><p class="eyebrow">${h(s.tool.name)} ${h(s.tool.version)}</p><h1>AI support cost replay</h1>
<p class="lede">${h(formatInt(s.counts.replayed))} tickets from ${h(periodText(s))}, billed under ${s.plans.length} pricing plan${s.plans.length === 1 ? '' : 's'}.</p></header>
<main>
${cards(s)}
${charts(specs)}
${plans(s)}
${monthly(s)}
${forecastSection(s)}
${scenariosSection(s)}
${invoices(s)}
${tags(s)}
${budgetAndWallet(s)}
${intents(s)}
${manifest(s)}
<section><h2>Method</h2><ul class="notes">${methodNotes(s).map((n) => `<li>${h(n)}</li>`).join('')}</ul></section>
</main>
<footer>Generated offline by ${h(s.tool.name)} ${h(s.tool.version)}. The same numbers are in summary.json, tables/*.csv and report.md.</footer>
${scripts}
<script type="application/json" id="chart-specs">${jsonForScript(Object.fromEntries(specs))}</script>
<script>${EMBED}</script>
</body>
</html>
`;
}
