/**
 * The whole run, top-down (STYLE rule 1):
 *   1. options and configuration (plans, playbook, mapping) validated once
 *   2. ingest: every input through its adapter, rejections streamed to rejected.csv
 *   3. replay: batches of tickets inferred and metered in the worker pool
 *   4. bill: every plan month by month from the merged usage; what-if curves and break-even points;
 *      forecast: Monte Carlo paths of the coming months, billed the same way, in the pool
 *   5. report: summary.json, charts, tables, HTML and Markdown, written atomically
 */

import { loadMapping } from '../adapters/mapping.js';
import { dayOf, monthOf } from '../adapters/time.js';
import { writeReport } from '../reports/index.js';
import type { Counts } from './aggregate/partial.js';
import { bump, mergePartials, pruneZeros, scalePartial } from './aggregate/partial.js';
import { IdIndex } from './ingest/id-index.js';
import { createReplayer, replayBatch } from './replay/replay-batch.js';
import type { Effects } from './effects.js';
import { ReplayError } from './errors.js';
import { expandInputs, ingest, planInputs, type IngestOptions } from './ingest/ingest.js';
import type { Rejection } from './ingest/rejection.js';
import { loadPlaybook, playbookSummary } from './infer/playbook.js';
import { messages } from './messages.js';
import { BATCH_SIZE, type RunOptions } from './options.js';
import { OutputFolder } from './output.js';
import { datasetPath } from './paths.js';
import { billPlan, monthRange } from './pricing/bill.js';
import { analyse } from './analysis/break-even.js';
import { forecast, forecastInput, forecastScenarios } from './forecast/forecast.js';
import { loadScenarios, missingShiftChannel } from './forecast/scenarios.js';
import { loadPlans } from './pricing/plans.js';
import { ReplayPool } from './replay/pool.js';
import { buildSummary } from './summarize.js';
import type { ForecastSummary, InputSummary, ScenarioSummary, Summary } from './summary.js';
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
  const scenarios = options.scenarios ? loadScenarios(options.scenarios, plans) : [];
  if (options.scenarios && options.forecastMonths === 0) throw new ReplayError('CONFIG', messages.scenariosNeedForecast(options.scenarios));
  const ingestOptions: IngestOptions = { adapter: options.adapter, mapping, tz: options.tz, dateOrder: options.dateOrder, encoding: options.encoding };
  const planned = await planInputs(await expandInputs(options.inputs.length > 0 ? options.inputs : [SAMPLE_INPUT]), ingestOptions);

  const out = new OutputFolder(options.out);
  await out.open();
  const pool = new ReplayPool({ seed: options.seed, environment: options.environment, playbook, plans }, options.workers, effects.signal);
  try {
    // 2 + 3. Ingest and replay, streaming: batches go to the pool as they fill.
    const ingestStart = effects.now();
    const inputs: InputSummary[] = [];
    const rejectedByReason: Counts = {};
    const ids = new IdIndex();
    const superseded = new Map<number, Set<number>>();
    const reject = (r: Rejection) => {
      out.reject(r);
      bump(rejectedByReason, r.code);
    };
    let read = 0;
    let batch: Ticket[] = [];
    for await (const { item, source, ordinal } of ingest(planned, ingestOptions, inputs)) {
      if (effects.signal?.aborted) throw new ReplayError('INTERRUPTED', messages.interrupted());
      read++;
      if (item.rejection) {
        reject(item.rejection);
        continue;
      }
      const ticket = item.ticket;
      // Repeated ids (incremental exports, overlapping exports): the latest update wins; an
      // earlier record already replayed is taken back out after the pass.
      const updatedAt = ticket.updatedAt ?? -Infinity;
      const prior = ids.get(ticket.id);
      if (prior) {
        if (updatedAt <= prior.updatedAt) {
          reject({ file: ticket.source.file, line: ticket.source.line, id: ticket.id, code: 'duplicate-id', reason: messages.duplicateId(ticket.id) });
          continue;
        }
        const set = superseded.get(prior.source) ?? new Set<number>();
        superseded.set(prior.source, set.add(prior.ordinal));
      }
      ids.set(ticket.id, { updatedAt, source, ordinal });
      batch.push(ticket);
      if (batch.length >= BATCH_SIZE) {
        await pool.submit(batch);
        batch = [];
        if (read % 50_000 < BATCH_SIZE) effects.log(`replayed ${read.toLocaleString('en-US')} records…`);
      }
    }
    if (batch.length > 0) await pool.submit(batch);
    const finished = await pool.finish();
    let partial = finished.partial;
    for (const r of finished.rejections) reject(r);
    if (superseded.size > 0) {
      // Second look at only the replaced records: replay them again and subtract them.
      const stale: Ticket[] = [];
      for await (const { item } of ingest(planned, ingestOptions, [], superseded)) if (item.ticket) stale.push(item.ticket);
      const replayer = createReplayer({ seed: options.seed, environment: options.environment, playbook, plans });
      const taken = replayBatch(replayer, { batch: -1, tickets: stale });
      // A stale record that failed to replay was already rejected for that; it is not counted twice.
      const failed = new Set(taken.rejections.map((r) => `${r.file}:${r.line}`));
      for (const t of stale) {
        if (failed.has(`${t.source.file}:${t.source.line}`)) continue;
        reject({ file: t.source.file, line: t.source.line, id: t.id, code: 'duplicate-superseded', reason: messages.duplicateSuperseded(t.id) });
      }
      partial = pruneZeros(mergePartials(partial, scalePartial(taken.partial, -1)));
    }
    lap('ingestReplayMs', ingestStart);

    const rejected = Object.values(rejectedByReason).reduce((a, b) => a + b, 0);
    if (read !== partial.tickets + rejected) throw new Error(messages.countsMismatch(read, partial.tickets, rejected));
    if (partial.tickets === 0) throw new ReplayError('INPUT', messages.noTickets());

    // 4. Bill every plan over every month of the period.
    const billStart = effects.now();
    const months = monthRange(monthOf(partial.firstAt!), monthOf(partial.lastAt!));
    const planSummaries = plans.map((plan, i) => billPlan(plan, i, partial, months, { environment: options.environment, humanUsdPerHandoff: options.humanCost }));
    lap('billMs', billStart);

    // 4b. What if: the bills at other volumes and automation rates, and where plans break even.
    const analysisStart = effects.now();
    const { whatIf, breakEven } = analyse({ plans, partial, months, environment: options.environment, humanUsdPerHandoff: options.humanCost });
    lap('analysisMs', analysisStart);

    // 4c. Forecast: Monte Carlo paths of the coming months, billed like the history, in the pool.
    let forecastSummary: ForecastSummary | undefined;
    let scenarioSummaries: ScenarioSummary[] | undefined;
    if (options.forecastMonths > 0) {
      const forecastStart = effects.now();
      const period = { from: dayOf(partial.firstAt!), to: dayOf(partial.lastAt!) };
      const forecastOptions = { months: options.forecastMonths, paths: options.forecastPaths, seed: options.seed, surge: options.surge, budget: options.budget };
      const input = forecastInput(partial, plans, months, period, options.environment, options.humanCost, forecastOptions);
      forecastSummary = await forecast(input, forecastOptions, (from, to) => pool.forecast(input, from, to));
      for (const scenario of scenarios) {
        const missing = missingShiftChannel(scenario, partial);
        if (missing) throw new ReplayError('CONFIG', messages.channelNotInHistory(options.scenarios!, scenario.name, missing));
      }
      if (scenarios.length > 0) {
        scenarioSummaries = await forecastScenarios(input, forecastSummary, scenarios, partial, forecastOptions, (i, from, to) => pool.forecast(i, from, to));
      }
      lap('forecastMs', forecastStart);
    }

    // 5. Report, then move the finished folder into place. (summary.json is part of the report, so
    // its timings stop where reporting starts.)
    lap('beforeReportMs', started);
    const summary = buildSummary(partial, {
      options, inputs, read, rejectedByReason, months, plans: planSummaries, whatIf, breakEven, forecast: forecastSummary, scenarios: scenarioSummaries,
      playbook: playbookSummary(playbook, options.playbook),
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
