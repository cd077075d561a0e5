// Inference speed on one thread, the sample's texts: tickets per second through inferTicket as
// replay calls it (intent matching, hand-off rules, actions; no explanation), the part of
// replay that the playbook drives. Also prints the rate with explanations, as inspect runs it.
import { createReadStream } from 'node:fs';
import { genericCsv } from '../../dist/adapters/generic-csv.js';
import { compilePlaybook } from '../../dist/engine/infer/compile.js';
import { inferTicket } from '../../dist/engine/infer/infer.js';
import { loadPlaybook } from '../../dist/engine/infer/playbook.js';

const file = new URL('../../datasets/sample/tickets.csv', import.meta.url).pathname;
const tickets = [];
for await (const item of genericCsv.read(createReadStream(file), { file, tz: 'UTC' })) if (item.ticket) tickets.push(item.ticket);
const pb = compilePlaybook(loadPlaybook());
const rounds = Number(process.argv[2] ?? 20);
for (const t of tickets) inferTicket(t, pb, 1); // warm-up
const rates = [];
for (let r = 0; r < 5; r++) {
  const start = performance.now();
  for (let i = 0; i < rounds; i++) for (const t of tickets) inferTicket(t, pb, i, { explain: false });
  rates.push((rounds * tickets.length) / ((performance.now() - start) / 1000));
}
rates.sort((a, b) => a - b);
const explained = performance.now();
for (const t of tickets) inferTicket(t, pb, 1);
const explainedRate = tickets.length / ((performance.now() - explained) / 1000);
const chars = tickets.reduce((s, t) => s + t.subject.length + t.body.length, 0) / tickets.length;
console.log(`inference, one thread: ${Math.round(rates[2]).toLocaleString('en-US')} tickets/s median of 5 (min ${Math.round(rates[0]).toLocaleString('en-US')}, max ${Math.round(rates[4]).toLocaleString('en-US')}); ${tickets.length} sample tickets, ${Math.round(chars)} characters each on average; with explanations (inspect) ${Math.round(explainedRate).toLocaleString('en-US')} tickets/s`);
