/**
 * report.md: the findings as GitHub-flavoured Markdown, a pure function of the summary. Run
 * details that vary between identical runs (workers, start time, timings) are left out, so the
 * same input gives the same file.
 */

import type { Summary } from '../engine/summary.js';
import { CHART_TITLES, chartSpecs } from './charts/index.js';
import { breakEvenRows, budgetRisk, flagNotes, forecastTable, scenarioTable, INVOICE_HEAD, invoiceRows, tagTables, walletRows } from './findings.js';
import { mdEscape as md } from './escape.js';
import { formatInt, formatPct, formatUsd, formatUsdPerTicket, headline, periodText } from './headline.js';
import { methodNotes } from './method.js';

/** A GFM table; cells are already escaped. `align` is one of 'l' | 'r' per column. */
function table(head: string[], rows: string[][], align: string): string {
  const rule = [...align].map((a) => (a === 'r' ? '---:' : '---'));
  return [head, rule, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function headlineSection(s: Summary): string[] {
  const h = headline(s);
  const risk = budgetRisk(s, h.cheapest);
  const spread = h.spreadRatio === null ? '' : ` (${h.spreadRatio.toFixed(1)}× the cheapest)`;
  const lines = [
    `- **Cheapest plan for this history:** ${md(h.cheapest.name)}: ${formatUsd(h.cheapest.totalUsd)} in total, ${formatUsdPerTicket(h.cheapest.usdPerTicket)} per ticket.`,
    `- **Dearest:** ${md(h.dearest.name)}: ${formatUsd(h.dearest.totalUsd)}; the spread is **${formatUsd(h.spreadUsd)}**${spread}.`,
    `- **${md(risk.label)}:** ${md(risk.value)}: ${md(risk.sub)}.`,
    `- **Automation rate:** ${formatPct(h.automationRate)}: ${formatInt(s.automation.aiResolved)} tickets the AI agent could have resolved, ${formatInt(s.automation.handedOff)} handed off to a human.`,
  ];
  if (s.plans.length === 1) lines.splice(1, 1);
  return ['## Headline', '', ...lines];
}

function plansSection(s: Summary): string[] {
  const rows = headline(s).ranked.map((p, i) => [
    String(i + 1), md(p.name), md(p.model), formatUsd(p.totalUsd), formatUsdPerTicket(p.usdPerTicket),
    md(p.source ?? '—'), md(p.asOf ?? '—'), md(p.flags.join(', ') || '—'),
  ]);
  const notes = flagNotes(s).map(([f, t]) => `- *${md(f)}*: ${md(t)}`);
  return ['## Plans, cheapest first', '', table(['#', 'Plan', 'Model', 'Total', 'Per ticket', 'Source', 'As of', 'Flags'], rows, 'rllrrlll'),
    ...(notes.length ? ['', 'Flags:', '', ...notes] : [])];
}

function monthlySection(s: Summary): string[] {
  const byMonth = s.plans.map((p) => new Map(p.monthly.map((m) => [m.month, m.usd])));
  const rows = s.months.map((m) => [
    m.month, formatInt(m.tickets), formatInt(m.aiResolved), ...byMonth.map((b) => formatUsd(b.get(m.month) ?? 0)),
  ]);
  rows.push(['**Total**', formatInt(s.counts.replayed), formatInt(s.automation.aiResolved), ...s.plans.map((p) => `**${formatUsd(p.totalUsd)}**`)]);
  const head = ['Month', 'Tickets', 'AI-resolved', ...s.plans.map((p) => md(p.name))];
  return ['## Monthly cost (USD)', '', table(head, rows, `lrr${'r'.repeat(s.plans.length)}`)];
}

function forecastSection(s: Summary): string[] {
  const t = forecastTable(s);
  if (!t || !s.forecast) return [];
  return [`## Forecast of the next ${s.forecast.months} months (USD)`, '',
    `${formatInt(s.forecast.paths)} simulated paths, trend ${(s.forecast.trendPerMonth * 100).toFixed(1)} % a month; P50 with the P10–P90 band.`, '',
    table(t.head.map(md), t.rows.map((r) => r.map(md)), `l${'r'.repeat(t.head.length - 1)}`), ''];
}

function scenariosSection(s: Summary): string[] {
  const t = scenarioTable(s);
  if (!t || !s.forecast) return [];
  return [`## What-if scenarios: the next ${s.forecast.months} months in all (USD)`, '',
    table(t.head.map(md), [t.changes.map((c) => (c ? `*${md(c)}*` : '')), ...t.rows.map((r) => r.map(md))], `l${'r'.repeat(t.head.length - 1)}`), ''];
}

function invoicesSection(s: Summary): string[] {
  return ['## Invoices, plan by plan', '', ...s.plans.flatMap((p) => [
    `### ${md(p.name)}: ${formatUsd(p.totalUsd)}`, '', table(INVOICE_HEAD, invoiceRows(p).map((r) => r.map(md)), 'lrrrrrrrrr'), '',
  ])];
}

function tagsSection(s: Summary): string[] {
  const tables = tagTables(s).flatMap((t) => [
    `### ${md(t.title)}`, '',
    table([md(t.dimension), 'Tickets', ...s.plans.map((p) => md(p.name))], t.rows.map((r) => [md(r.value), formatInt(r.tickets), ...r.usd.map(formatUsd)]), `lr${'r'.repeat(s.plans.length)}`),
    '',
  ]);
  return tables.length ? ['## Cost by tag (USD)', '', ...tables] : [];
}

function budgetSection(s: Summary): string[] {
  const out: string[] = [];
  if (s.budget) {
    const planName = new Map(s.plans.map((p) => [p.id, p.name]));
    out.push(`## Months over the ${formatUsd(s.budget.usdPerMonth)} monthly budget`, '',
      table(['Plan', 'Months over', 'Over by, in all', 'Months'], s.budget.plans.map((b) => [md(planName.get(b.id) ?? b.id), String(b.monthsOver), formatUsd(b.overByUsd), b.months.map((m) => m.month).join(', ') || '—']), 'lrrl'), '');
  }
  const wallets = walletRows(s);
  if (wallets.length) {
    out.push('## Credit wallet (prepaid packs)', '', table(['Plan', 'Balance first ran out', 'Packs bought', 'Alerts', 'Credits expired'], wallets.map((r) => r.map(md)), 'llrlr'), '');
  }
  const crossings = breakEvenRows(s);
  if (crossings.length) out.push('## Where plans cost the same', '', table(['Plan', 'and plan', 'cost the same at'], crossings.map((r) => r.map(md)), 'lll'), '');
  return out;
}

function runSection(s: Summary): string[] {
  const c = s.counts;
  const inputs = s.inputs.map((i) => [md(i.path), md(i.adapter), formatInt(i.records), md(i.sha256)]);
  const reasons = Object.entries(c.rejectedByReason).map(([code, n]) => `  - ${md(code)}: ${formatInt(n)}`);
  return [
    '## Run', '',
    `- Records read: ${formatInt(c.read)}; replayed: ${formatInt(c.replayed)}; rejected: ${formatInt(c.rejected)} (listed in rejected.csv)`,
    ...reasons,
    `- Seed ${s.run.seed}, ${md(s.run.environment)} environment, time zone ${md(s.run.tz)}, ${md(s.tool.name)} ${md(s.tool.version)}`,
    `- Options: ${Object.entries(s.run.options).map(([k, v]) => `${md(k)} ${md(v)}`).join('; ')}`,
    '', table(['Input', 'Adapter', 'Records', 'SHA-256'], inputs, 'llrl'),
  ];
}

/**
 * report.md for a summary.
 *
 * @example await sink.write('report.md', reportMarkdown(summary));
 */
export function reportMarkdown(s: Summary): string {
  const charts = chartSpecs(s).map(([n]) => `![${CHART_TITLES[n]}](charts/${n}.png)`);
  return [
    `# AI support cost replay: ${periodText(s)}`, '',
    `${md(s.tool.name)} replayed **${formatInt(s.counts.replayed)} tickets** (${formatInt(s.counts.read)} read, ${formatInt(s.counts.rejected)} rejected) under **${s.plans.length} pricing plan${s.plans.length === 1 ? '' : 's'}**. Interactive charts: report.html; data: tables/\\*.csv and summary.json.`,
    '', ...headlineSection(s),
    '', ...plansSection(s),
    '', ...monthlySection(s),
    '', '## Charts', '', ...charts.flatMap((c) => [c, '']),
    ...forecastSection(s),
    ...scenariosSection(s),
    ...budgetSection(s),
    ...invoicesSection(s),
    ...tagsSection(s),
    ...runSection(s),
    '', '## Method', '', ...methodNotes(s).map((n) => `- ${md(n)}`),
    '',
  ].join('\n');
}
