/**
 * The whole run, top-down (STYLE rule 1):
 *   1. options and configuration (plans, playbook, mapping) validated once
 *   2. ingest: every input through its adapter, rejections streamed to rejected.csv
 *   3. replay: batches of tickets inferred and metered in the worker pool
 *   4. bill: every plan month by month from the merged usage
 *   5. report: summary.json, charts, tables, HTML and Markdown, written atomically
 */

import type { ReadContext } from '../adapters/adapter.js';
import { loadMapping } from '../adapters/mapping.js';
import { monthOf } from '../adapters/time.js';
import { writeReport } from '../reports/index.js';
import type { Counts } from './aggregate/partial.js';
import { bump } from './aggregate/partial.js';
import type { Effects } from './effects.js';
import { ReplayError } from './errors.js';
import { chooseAdapter, expandInputs, readInput } from './ingest/ingest.js';
import type { Rejection } from './ingest/rejection.js';
import { loadPlaybook } from './infer/playbook.js';
import { messages } from './messages.js';
import { BATCH_SIZE, type RunOptions } from './options.js';
import { OutputFolder } from './output.js';
import { datasetPath } from './paths.js';
import { billPlan, monthRange } from './pricing/bill.js';
import { loadPlans } from './pricing/plans.js';
import { ReplayPool } from './replay/pool.js';
import { buildSummary } from './summarize.js';
import type { InputSummary, Summary } from './summary.js';
import type { Ticket } from './ticket.js';

/** The bundled sample, replayed when `run` is given no inputs. */
export const SAMPLE_INPUT = datasetPath('sample', 'tickets.csv');

export async function runReplay(options: RunOptions, effects: Effects): Promise<Summary> {
  const started = effects.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = Math.round(effects.now() - since));

  // 1. Configuration: every file validated before a single ticket is read.
  const plans = loadPlans(options.plans);
  const playbook = loadPlaybook(options.playbook);
  const mapping = options.mapping ? loadMapping(options.mapping) : undefined;
  const files = await expandInputs(options.inputs.length > 0 ? options.inputs : [SAMPLE_INPUT]);
  const adapters = await Promise.all(files.map((file) => chooseAdapter(file, options.adapter, mapping !== undefined)));

  const out = new OutputFolder(options.out);
  await out.open();
  const pool = new ReplayPool({ seed: options.seed, environment: options.environment, playbook, plans }, options.workers, effects.signal);
  try {
    // 2 + 3. Ingest and replay, streaming: batches go to the pool as they fill.
    const ingestStart = effects.now();
    const inputs: InputSummary[] = [];
    const rejectedByReason: Counts = {};
    const seen = new Set<string>();
    const reject = (r: Rejection) => {
      out.reject(r);
      bump(rejectedByReason, r.code);
    };
    let read = 0;
    let batch: Ticket[] = [];
    for (const [i, file] of files.entries()) {
      const stats: InputSummary = { path: file, adapter: adapters[i].name, sha256: '', records: 0 };
      inputs.push(stats);
      const ctx: ReadContext = { file, tz: options.tz, mapping };
      for await (const item of readInput(adapters[i], ctx, stats)) {
        if (effects.signal?.aborted) throw new ReplayError('INTERRUPTED', messages.interrupted());
        read++;
        if (item.rejection) {
          reject(item.rejection);
          continue;
        }
        const ticket = item.ticket;
        if (seen.has(ticket.id)) {
          reject({ file, line: ticket.source.line, id: ticket.id, code: 'duplicate-id', reason: messages.duplicateId(ticket.id) });
          continue;
        }
        seen.add(ticket.id);
        batch.push(ticket);
        if (batch.length >= BATCH_SIZE) {
          await pool.submit(batch);
          batch = [];
          if (read % 50_000 < BATCH_SIZE) effects.log(`replayed ${read.toLocaleString('en-US')} records…`);
        }
      }
    }
    if (batch.length > 0) await pool.submit(batch);
    const { partial, rejections } = await pool.finish();
    for (const r of rejections) reject(r);
    lap('ingestReplayMs', ingestStart);

    const rejected = Object.values(rejectedByReason).reduce((a, b) => a + b, 0);
    if (read !== partial.tickets + rejected) throw new Error(messages.countsMismatch(read, partial.tickets, rejected));
    if (partial.tickets === 0) throw new ReplayError('INPUT', messages.noTickets());

    // 4. Bill every plan over every month of the period.
    const billStart = effects.now();
    const months = monthRange(monthOf(partial.firstAt!), monthOf(partial.lastAt!));
    const planSummaries = plans.map((plan, i) => billPlan(plan, i, partial, months, options.environment));
    lap('billMs', billStart);

    // 5. Report, then move the finished folder into place. (summary.json is part of the report, so
    // its timings stop where reporting starts.)
    lap('beforeReportMs', started);
    const summary = buildSummary(partial, {
      options, inputs, read, rejectedByReason, months, plans: planSummaries,
      startedAt: new Date(started).toISOString(), timings,
    });
    const reportStart = effects.now();
    await writeReport(summary, out.sink);
    effects.log(`report written in ${Math.round(effects.now() - reportStart)} ms`);
    if (effects.signal?.aborted) throw new ReplayError('INTERRUPTED', messages.interrupted());
    await out.commit();
    return summary;
  } catch (err) {
    await out.discard();
    throw err;
  } finally {
    await pool.close();
  }
}
