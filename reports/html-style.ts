/**
 * report.html's stylesheet: system fonts (nothing to download), a readable measure, cards for the
 * headline numbers, quiet tables, and a print layout.
 */

/** The whole stylesheet, inlined in a <style> element. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #e3e6ec; --bg: #f6f7f9; --card: #fff; --accent: #0072B2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
header, main, footer { max-width: 1080px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 40px; padding-bottom: 8px; }
.eyebrow { margin: 0; color: var(--muted); font-size: 13px; letter-spacing: .06em; text-transform: uppercase; }
h1 { margin: 4px 0 8px; font-size: 30px; line-height: 1.2; }
h2 { margin: 0 0 14px; font-size: 20px; }
h3 { margin: 20px 0 8px; font-size: 15px; }
.lede { margin: 0; color: var(--muted); font-size: 17px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 22px 24px; margin: 20px 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 14px; background: none; border: 0; padding: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 16px 18px; border-top: 4px solid var(--accent); }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 28px; font-weight: 700; line-height: 1.25; margin: 4px 0; font-variant-numeric: tabular-nums; }
.card .sub { font-size: 14px; color: var(--muted); overflow-wrap: anywhere; }
figure { margin: 0 0 28px; }
figure:last-child { margin-bottom: 0; }
.chart { overflow-x: auto; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 13px; background: #fafbfc; }
td.num, th.num { text-align: right; white-space: nowrap; }
th.num.name { white-space: normal; min-width: 10ch; }
td.name { overflow-wrap: break-word; min-width: 12ch; }
td.nowrap { white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 2px solid var(--line); }
code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
.flag { display: inline-block; font-size: 12px; padding: 1px 7px; border-radius: 999px; background: #fff3d6; color: #7a5200; margin: 0 4px 2px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0 0 18px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ul.notes { padding-left: 20px; margin: 0; }
ul.notes li { margin: 6px 0; }
details { margin: 0 0 14px; }
details > summary { cursor: pointer; font-weight: 600; margin: 0 0 6px; }
p.note { color: var(--muted); font-size: 14px; margin: 0 0 12px; }
footer { color: var(--muted); font-size: 13px; padding-bottom: 40px; }
@media print {
  @page { margin: 14mm; }
  body { background: #fff; font-size: 10.5pt; }
  header, main, footer { max-width: none; padding: 0; }
  section, .card { border: 1px solid #ccc; border-radius: 0; box-shadow: none; }
  section { padding: 10pt 12pt; margin: 10pt 0; }
  figure, table, .card { break-inside: avoid; }
  h2 { break-after: avoid; }
  .chart, .scroll { overflow: visible; }
  .chart svg { max-width: 100%; height: auto; }
  /* Every column on the page: wide tables (one column per plan) shrink and wrap instead of being cut. */
  table { font-size: 7.5pt; table-layout: fixed; width: 100%; }
  th, td { padding: 3pt 4pt; overflow-wrap: break-word; }
  td.num { white-space: nowrap; }
  th.num { white-space: normal; }
  table.wide { font-size: 6.3pt; }
  table.wide th, table.wide td { padding: 2pt 2pt; }
  .cards { grid-template-columns: repeat(2, 1fr); }
  details > summary { list-style: none; }
  a { color: inherit; text-decoration: none; }
}
`;
