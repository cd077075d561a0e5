/**
 * The whole run, top-down (STYLE rule 1):
 *   1. options and configuration (plans, playbook, mapping) validated once
 *   2. ingest + 3. replay (engine/replay/feed.ts): CSV inputs cut into record-aligned chunks that
 *      the workers parse, infer and meter; other formats read here and sent as batches of tickets;
 *      rejections streamed to rejected.csv; records that lost to a repeated id taken back out
 *   4. bill: every plan month by month from the merged usage; what-if curves and break-even points;
 *      forecast: Monte Carlo paths of the coming months, billed the same way, in the pool
 *   5. report: summary.json, charts, tables, HTML and Markdown, written atomically
 * A sharded run (`--shard i/n --partial f`) stops after 3 and writes its usage to a partial file;
 * `merge` (engine/shard.ts) picks up at 4 with the shards' usage summed.
 */

import { dayOf, monthOf } from '../adapters/time.js';
import type { Counts, Partial } from './aggregate/partial.js';
import type { Effects } from './effects.js';
import { ReplayError } from './errors.js';
import { trimMalloc } from './heap.js';
import { expandInputs, planInputs, type IngestOptions, type PlannedInput } from './ingest/ingest.js';
import type { Rejection } from './ingest/rejection.js';
import { messages } from './messages.js';
import type { RunOptions } from './options.js';
import { OutputFolder } from './output.js';
import { datasetPath } from './paths.js';
import { billPlan, monthRange } from './pricing/bill.js';
import { analyse } from './analysis/break-even.js';
import { forecast, forecastInput, forecastScenarios } from './forecast/forecast.js';
import { missingShiftChannel } from './forecast/scenarios.js';
import { feed, takeBack, type Shard } from './replay/feed.js';
import { ReplayPool, type PoolLimits } from './replay/pool.js';
import { loadConfigInThread } from './config-thread.js';
import { loadConfig, poolWorkerData, type RunConfig } from './run-config.js';
import { writeShardFile, type ShardFile } from './shard.js';
import { buildSummary } from './summarize.js';
import type { ForecastSummary, InputSummary, PlaybookSummary, ScenarioSummary, Summary } from './summary.js';

/**
 * 5. The report, then the finished folder moved into place. The workers go first, and the pages
 * their arenas held go back (heap.ts): their memory is free before the charts are drawn.
 */
export async function reportAndCommit(summary: Summary, out: OutputFolder, pool: ReplayPool, effects: Effects): Promise<void> {
  await pool.close();
  trimMalloc();
  await untilAborted(writeReportLazily(summary, out.sink, effects.signal), effects.signal);
  if (effects.signal?.aborted) throw new ReplayError('INTERRUPTED', messages.interrupted());
  await out.commit();
}

/**
 * On an interrupt the report draws no further chart, but the chart being drawn or rasterised runs
 * to its end; the run does not wait for it: it fails at once, the caller discards the folder
 * (which then refuses the abandoned report's writes) and the process exits (engine/cli/main.ts).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  work.catch(() => {}); // abandoned on an interrupt: its failure on the closed folder is expected
  return new Promise<T>((done, fail) => {
    const stop = () => fail(new ReplayError('INTERRUPTED', messages.interrupted()));
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(done, fail).finally(() => signal.removeEventListener('abort', stop));
  });
}

/**
 * The report's modules (vega, vega-lite, resvg: about 45 MiB resident) are loaded only once the
 * replay is over and its workers are gone, so they never add to the replay's peak memory.
 */
async function writeReportLazily(summary: Summary, sink: Parameters<typeof import('../reports/index.js').writeReport>[1], signal?: AbortSignal): Promise<void> {
  const { writeReport } = await import('../reports/index.js');
  await writeReport(summary, sink, { signal });
}

/** The bundled sample, replayed when `run` is given no inputs. */
export const SAMPLE_INPUT = datasetPath('sample', 'tickets.csv');

/** The inputs as sources with their adapters and encodings (the sample when there are none). */
export async function planRun(options: RunOptions, ingest: IngestOptions) {
  return planInputs(await expandInputs(options.inputs.length > 0 ? options.inputs : [SAMPLE_INPUT]), ingest);
}

/** What ingest and replay leave for billing and the report: the usage, and what was read. */
export interface Replayed {
  partial: Partial;
  inputs: InputSummary[];
  read: number;
  rejectedByReason: Counts;
  /** The first record written to rejected.csv, named when every record was rejected. */
  firstRejection?: Rejection;
}

export async function runReplay(options: RunOptions, effects: Effects, poolLimits: PoolLimits = {}): Promise<Summary> {
  const started = effects.now();
  const timings: Record<string, number> = {};

  // 1. Configuration: every file validated before a single ticket is read (in a thread of its
  // own, so the keyword table's garbage never grows this thread's heap: config-thread.ts).
  const { config, playbook, workerData } = await loadConfigInThread(options, effects.signal);
  const planned = await planRun(options, config.ingest);

  const pool = new ReplayPool(workerData, options.workers, effects.signal, poolLimits);
  const out = new OutputFolder(options.out);
  try {
    await out.open();
    // 2 + 3. Ingest and replay, streaming; rejections go straight to rejected.csv.
    const { partial, inputs, read } = await ingestAndReplay(planned, config, pool, out, effects, timings);
    const summary = await finishRun({ partial, inputs, read, rejectedByReason: out.rejectedByReason, firstRejection: out.firstRejection }, options, { ...config, playbook }, pool, effects, { started, timings });
    await reportAndCommit(summary, out, pool, effects);
    effects.log(`report written in ${Math.round(effects.now() - started - (timings.beforeReportMs ?? 0))} ms`);
    return summary;
  } catch (err) {
    await out.discard();
    throw err;
  } finally {
    await pool.close();
  }
}

/**
 * Steps 2 and 3 of a run: every input read, replayed and de-duplicated, rejections written. What
 * only they need (the index of every ticket id seen, tens of MiB at a million tickets) is out of
 * scope once this returns; feed() also unhooks it from the pool, which lives on to the report.
 */
async function ingestAndReplay(planned: PlannedInput[], config: RunConfig, pool: ReplayPool, out: OutputFolder, effects: Effects, timings: Record<string, number>) {
  const ingestStart = effects.now();
  const reject = (r: Rejection) => out.reject(r);
  const fed = await feed(planned, config.ingest, pool, reject, effects.signal, effects.log, undefined, config.plans.length);
  for (const r of fed.late) reject(r);
  const takeBackStart = effects.now();
  const partial = await takeBack(planned, config.ingest, pool, fed.dedupe, fed.partial);
  for (const r of fed.dedupe.rejections()) reject(r);
  timings.ingestReplayMs = Math.round(effects.now() - ingestStart);
  // Workers' time is summed over threads; merge is the main thread's share of ingest + replay.
  for (const key of ['parseMs', 'inferMs', 'meterMs'] as const) timings[key] = Math.round(fed.timing[key]);
  timings.mergeMs = Math.round(fed.timing.mergeMs + effects.now() - takeBackStart);
  return { partial, inputs: fed.inputs, read: fed.read };
}

/**
 * `run --shard i/n --partial f`: ingest and replay this shard's slice of the inputs, take back the
 * repeats found within it, and write the usage, counts, rejections and kept ids to the partial
 * file. Billing, forecasting and the report happen at `merge`.
 */
export async function runShard(options: RunOptions, shard: Shard, file: string, effects: Effects, poolLimits: PoolLimits = {}): Promise<ShardFile> {
  const config = loadConfig(options);
  const planned = await planRun(options, config.ingest);
  const pool = new ReplayPool(poolWorkerData(options, config), options.workers, effects.signal, poolLimits);
  try {
    const units: { unit: number; rejections: Rejection[] }[] = [];
    const reject = (r: Rejection, unit: number) => {
      if (units.at(-1)?.unit !== unit) units.push({ unit, rejections: [] });
      units.at(-1)!.rejections.push(r);
    };
    const fed = await feed(planned, config.ingest, pool, reject, effects.signal, effects.log, shard, config.plans.length);
    const partial = await takeBack(planned, config.ingest, pool, fed.dedupe, fed.partial);
    const shardFile: ShardFile = {
      format: 'ticket-replay-partial', version: 1, shard, options, plans: config.plans, playbook: config.playbook, scenarios: config.scenarios,
      partial, inputs: fed.inputs, read: fed.read, units, late: fed.late, ids: fed.dedupe.export(),
    };
    if (effects.signal?.aborted) throw new ReplayError('INTERRUPTED', messages.interrupted());
    await writeShardFile(file, shardFile);
    return shardFile;
  } finally {
    await pool.close();
  }
}

/**
 * 4. Bill, analyse and forecast the replayed usage, and build summary.json: the same for a run
 * and for a merge of shards.
 */
export async function finishRun(
  replayed: Replayed,
  options: RunOptions,
  config: Pick<RunConfig, 'plans' | 'scenarios'> & { playbook: PlaybookSummary },
  pool: ReplayPool,
  effects: Effects,
  clock: { started: number; timings: Record<string, number> },
): Promise<Summary> {
  const { partial, inputs, read, rejectedByReason } = replayed;
  const { plans, playbook, scenarios } = config;
  const { timings } = clock;
  const lap = (name: string, since: number) => (timings[name] = Math.round(effects.now() - since));
  const rejected = Object.values(rejectedByReason).reduce((a, b) => a + b, 0);
  if (read !== partial.tickets + rejected) throw new Error(messages.countsMismatch(read, partial.tickets, rejected));
  if (read === 0) throw new ReplayError('INPUT', messages.noRecords(inputs.map((i) => i.path)), { file: inputs[0]?.path, line: 2 });
  if (partial.tickets === 0) {
    const first = replayed.firstRejection;
    throw new ReplayError('INPUT', messages.noTickets(read, first && `${first.file}:${first.line}: ${first.reason}`), first && { file: first.file, line: first.line });
  }

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

  // 5. summary.json is part of the report, so its timings stop where reporting starts.
  lap('beforeReportMs', clock.started);
  return buildSummary(partial, {
    options, inputs, read, rejectedByReason, months, plans: planSummaries, whatIf, breakEven, forecast: forecastSummary, scenarios: scenarioSummaries,
    playbook,
    startedAt: new Date(clock.started).toISOString(), timings,
  });
}
