// npm run eval: how well the playbook infers intents, on the labelled set in datasets/eval/.
// Per split (dev: part of what the built-in keywords were learned from, so its figures flatter;
// test: held out, never trained or tuned on; blind: datasets/eval/heldout/, written by other
// writers after the playbook was trained and never read by its authors; held-out: test and blind
// together, the figures to quote): per-intent precision, recall and F1, macro-F1, the
// most-confused pairs and the automation rate.
// Then the forecast's back-test (test/eval/backtest.mjs): coverage of P10–P90 and MAPE of P50 per plan.
// Usage: npm run eval -- [--split dev|test|blind|held-out|all] [--playbook file] [--no-backtest]
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { compilePlaybook } from '../../dist/engine/infer/compile.js';
import { inferTicket } from '../../dist/engine/infer/infer.js';
import { loadPlaybook } from '../../dist/engine/infer/playbook.js';
import { toChannel } from '../../dist/engine/ticket.js';
import { runBacktests } from './backtest.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const only = flag('--split', 'all');
const playbook = compilePlaybook(loadPlaybook(flag('--playbook', undefined)));
const file = new URL('../../datasets/eval/labelled-tickets.csv', import.meta.url);
const blindDir = new URL('../../datasets/eval/heldout/', import.meta.url);
const rows = [
  ...parse(readFileSync(file), { columns: true, bom: true }),
  ...readdirSync(blindDir).filter((f) => f.endsWith('.csv')).sort()
    .flatMap((f) => parse(readFileSync(new URL(f, blindDir)), { columns: true, bom: true }).map((r) => ({ ...r, split: 'blind' }))),
];
const inSplit = (r, split) => split === 'all' || r.split === split || (split === 'held-out' && r.split !== 'dev');

function evaluate(split) {
  const data = rows.filter((r) => inSplit(r, split));
  const labels = [...new Set(rows.map((r) => r.intent))].sort();
  const tp = {}, fp = {}, fn = {};
  const confused = {};
  let ai = 0;
  for (const r of data) {
    const ticket = {
      id: r.id, createdAt: Date.UTC(2025, 0, 1), channel: toChannel(r.channel), subject: r.subject, body: r.body, tags: [],
      status: 'open', priority: 'normal', requester: '', group: '', messages: [], events: [], source: { file: 'eval', line: 0 },
    };
    const inf = inferTicket(ticket, playbook, 1);
    if (inf.resolution === 'ai') ai++;
    if (inf.intent === r.intent) tp[r.intent] = (tp[r.intent] ?? 0) + 1;
    else {
      fp[inf.intent] = (fp[inf.intent] ?? 0) + 1;
      fn[r.intent] = (fn[r.intent] ?? 0) + 1;
      const pair = `${r.intent} → ${inf.intent}`;
      confused[pair] = (confused[pair] ?? 0) + 1;
    }
  }
  const role = {
    dev: 'in the training data of the built-in keywords',
    test: 'held out: never trained or tuned on',
    blind: 'held out: written blind after training, never read by the playbook\'s authors',
    'held-out': 'test and blind together: the figures to quote',
  }[split] ?? 'every labelled ticket';
  console.log(`\n== ${split} split: ${data.length} tickets (${role})`);
  console.log('intent                     precision  recall     F1  support');
  let sumF1 = 0;
  let worst = { f1: 1, label: '' };
  for (const label of labels) {
    const t = tp[label] ?? 0;
    const p = t + (fp[label] ?? 0) ? t / (t + (fp[label] ?? 0)) : 0;
    const rc = t + (fn[label] ?? 0) ? t / (t + (fn[label] ?? 0)) : 0;
    const f1 = p + rc ? (2 * p * rc) / (p + rc) : 0;
    sumF1 += f1;
    if (f1 < worst.f1) worst = { f1, label };
    console.log(`${label.padEnd(26)} ${p.toFixed(2).padStart(9)} ${rc.toFixed(2).padStart(7)} ${f1.toFixed(2).padStart(6)} ${String(t + (fn[label] ?? 0)).padStart(8)}`);
  }
  const macro = sumF1 / labels.length;
  const accuracy = Object.values(tp).reduce((a, b) => a + b, 0) / data.length;
  console.log(`macro-F1 ${macro.toFixed(3)}   accuracy ${accuracy.toFixed(3)}   lowest F1 ${worst.f1.toFixed(2)} (${worst.label})   automation rate ${(ai / data.length).toFixed(3)}`);
  const top = Object.entries(confused).sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(`most confused (truth → inferred): ${top.map(([k, v]) => `${k} ×${v}`).join('; ') || 'none'}`);
  return { macro, worst };
}

for (const split of only === 'all' ? ['dev', 'test', 'blind', 'held-out'] : [only]) evaluate(split);

if (!args.includes('--no-backtest')) await runBacktests();
