// The forecast's back-test, printed by `npm run eval`: for the bundled sample and the real datasets
// in ../shared/data (their committed 300-record extracts when the full files are not beside the
// clone), forecast the last 3 months from the months before and compare with what each plan
// actually billed: `coverage` is how often the actual bill fell within P10–P90 (aim ≈ 80 %), `MAPE`
// the median absolute percentage error of the P50. Runs in-process (no worker pool, no report).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { monthOf } from '../../dist/adapters/time.js';
import { loadMapping } from '../../dist/adapters/mapping.js';
import { addPartial, emptyPartial } from '../../dist/engine/aggregate/partial.js';
import { backtest } from '../../dist/engine/forecast/backtest.js';
import { loadPlaybook } from '../../dist/engine/infer/playbook.js';
import { expandInputs, ingest, planInputs } from '../../dist/engine/ingest/ingest.js';
import { monthRange } from '../../dist/engine/pricing/bill.js';
import { loadPlans } from '../../dist/engine/pricing/plans.js';
import { createReplayer, replayBatch } from '../../dist/engine/replay/replay-batch.js';

const root = new URL('../..', import.meta.url).pathname;
const shared = join(root, '..', 'shared', 'data');
const DATASETS = [
  { name: 'bundled sample', file: join(root, 'datasets/sample/tickets.csv') },
  { name: 'cfpb complaints', file: join(shared, 'cfpb-complaints-sample/complaints_sample.csv'), fallback: join(root, 'test/fixtures/datasets/cfpb-complaints-300.csv'), mapping: 'cfpb' },
  { name: 'kaggle support tickets', file: join(shared, 'kaggle-customer-support-tickets/customer_support_tickets.csv'), fallback: join(root, 'test/fixtures/datasets/kaggle-support-300.csv'), mapping: 'kaggle-support' },
];
const HOLDOUT = 3;

async function replay(file, mapping) {
  const plans = loadPlans();
  const opts = { adapter: 'auto', mapping: mapping ? loadMapping(mapping) : undefined, tz: 'UTC' };
  const planned = await planInputs(await expandInputs([file]), opts);
  const replayer = createReplayer({ seed: 1, environment: 'production', playbook: loadPlaybook(), plans });
  const partial = emptyPartial(plans.length);
  let batch = [];
  const flush = () => {
    addPartial(partial, replayBatch(replayer, { batch: 0, tickets: batch }).partial);
    batch = [];
  };
  for await (const { item } of ingest(planned, opts, [])) {
    if (!item.ticket) continue;
    batch.push(item.ticket);
    if (batch.length >= 1000) flush();
  }
  if (batch.length) flush();
  return { plans, partial, months: monthRange(monthOf(partial.firstAt), monthOf(partial.lastAt)) };
}

export async function runBacktests(log = console.log) {
  log(`\n== forecast back-test: the last ${HOLDOUT} months of each history forecast from the months before (2,000 paths, seed 1)`);
  const all = [];
  for (const d of DATASETS) {
    const file = existsSync(d.file) ? d.file : d.fallback;
    if (!file || !existsSync(file)) continue;
    const { plans, partial, months } = await replay(file, d.mapping);
    if (months.length < HOLDOUT + 3) {
      log(`\n${d.name}: ${months.length} months of tickets, too few to hold out ${HOLDOUT} (skipped)`);
      continue;
    }
    const result = await backtest(partial, plans, months, 'production', { holdout: HOLDOUT, paths: 2000, seed: 1 });
    log(`\n${d.name} (${file.startsWith(root) ? file.slice(root.length) : file}): ${partial.tickets.toLocaleString('en-US')} tickets, ${months[0]} to ${months.at(-1)}, forecasting ${result.months.join(', ')}`);
    log('plan                          coverage   MAPE(P50)   actual / P10–P90 per month');
    for (const p of result.plans) {
      all.push(p);
      const detail = p.months.map((m) => `${m.actual.toFixed(0)}/${m.p10.toFixed(0)}–${m.p90.toFixed(0)}`).join('  ');
      log(`${p.id.padEnd(29)} ${(p.coverage * 100).toFixed(0).padStart(7)} %  ${p.mape === null ? '     n/a' : `${(p.mape * 100).toFixed(1).padStart(7)} %`}   ${detail}`);
    }
  }
  if (all.length) {
    const coverage = all.reduce((s, p) => s + p.coverage, 0) / all.length;
    const mapes = all.map((p) => p.mape).filter((m) => m !== null).sort((a, b) => a - b);
    const mid = mapes.length ? mapes[Math.floor(mapes.length / 2)] : null;
    log(`\noverall: coverage ${(coverage * 100).toFixed(0)} % of plan-months inside P10–P90 (aim ≈ 80 %), median MAPE of P50 ${mid === null ? 'n/a' : `${(mid * 100).toFixed(1)} %`}`);
  }
}
