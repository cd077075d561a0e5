/**
 * Beyond one machine (SPEC): a sharded run writes its usage — not bills — to a partial file, and
 * `merge` sums the shards and picks the pipeline up at billing, so the report is the one a single
 * run over all the inputs gives, byte for byte (run.* aside). A partial file carries the run's
 * options, plans and playbook, so a merge needs no configuration of its own and refuses shards of
 * different runs. Repeated ids across shards are resolved here; the records that lose are re-read
 * from the inputs (only then are the inputs needed at the merge).
 */

import { rmSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { loadMapping } from '../adapters/mapping.js';
import { addPartial, emptyPartial, type Partial } from './aggregate/partial.js';
import type { Effects } from './effects.js';
import { ReplayError } from './errors.js';
import { Dedupe, type KeptIds, type Loser } from './ingest/dedupe.js';
import type { Rejection } from './ingest/rejection.js';
import { playbookSummary, type Playbook } from './infer/playbook.js';
import type { Scenario } from './forecast/scenarios.js';
import { messages } from './messages.js';
import type { RunOptions } from './options.js';
import { OutputFolder } from './output.js';
import { finishRun, planRun, reportAndCommit } from './pipeline.js';
import { poolWorkerData } from './run-config.js';
import type { Plan } from './pricing/plans.js';
import { takeBack, type Shard } from './replay/feed.js';
import { ReplayPool, type PoolLimits } from './replay/pool.js';
import type { InputSummary, Summary } from './summary.js';

export interface ShardFile {
  format: 'ticket-replay-partial';
  version: 1;
  shard: Shard;
  options: RunOptions;
  plans: Plan[];
  playbook: Playbook;
  scenarios: Scenario[];
  partial: Partial;
  inputs: InputSummary[];
  read: number;
  /** Rejections per unit of reading (an input, or a multi-file group), in input order. */
  units: { unit: number; rejections: Rejection[] }[];
  /** Tickets that failed in a worker (written after every unit's own, sorted). */
  late: Rejection[];
  /** The ids kept and the repeats already taken back within the shard. */
  ids: { kept: KeptIds; losers: Loser[] };
}

/** `i/n` with 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const shard = m ? { index: Number(m[1]), count: Number(m[2]) } : undefined;
  if (!shard || shard.count < 1 || shard.index < 1 || shard.index > shard.count) throw new ReplayError('USAGE', messages.badShard(text));
  return shard;
}

/**
 * Written whole or not at all (a killed shard leaves no partial file that looks complete), and
 * no temporary file left behind, even by the interrupt's last-resort exit.
 */
export async function writeShardFile(file: string, shard: ShardFile): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  const tidy = () => rmSync(temp, { force: true });
  process.on('exit', tidy);
  try {
    await writeFile(temp, JSON.stringify(shard));
    await rename(temp, file);
  } finally {
    tidy();
    process.removeListener('exit', tidy);
  }
}

async function readShardFile(file: string): Promise<ShardFile> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReplayError('INPUT', messages.notAPartial(file, code ?? (err as Error).message), { file });
  }
  const shard = data as { format?: unknown; version?: unknown } | null;
  if (shard?.format !== 'ticket-replay-partial') throw new ReplayError('INPUT', messages.notAPartial(file, 'it is not a ticket-replay partial file'), { file });
  if (shard.version !== 1) throw new ReplayError('INPUT', messages.notAPartial(file, `its version ${String(shard.version)} is not 1`), { file });
  return shard as unknown as ShardFile;
}

/** What must be equal for two shards to belong to one run: everything but where they ran. */
function runIdentity(s: ShardFile): string {
  const { out: _out, workers: _workers, ...options } = s.options;
  return JSON.stringify({ options, plans: s.plans, playbook: s.playbook, scenarios: s.scenarios, count: s.shard.count });
}

/** `ticket-replay merge <partials...> --out <dir>`: the report of a single run over all the shards' inputs. */
export async function runMerge(files: string[], merge: { out: string; workers: number }, effects: Effects, poolLimits: PoolLimits = {}): Promise<Summary> {
  const started = effects.now();
  const timings: Record<string, number> = {};
  const shards = await Promise.all(files.map(readShardFile));
  const first = shards[0];
  shards.forEach((s, i) => {
    if (runIdentity(s) !== runIdentity(first)) throw new ReplayError('INPUT', messages.shardMismatch(files[i], files[0]), { file: files[i] });
  });
  const byIndex = new Map<number, { shard: ShardFile; file: string }>();
  shards.forEach((shard, i) => {
    const twin = byIndex.get(shard.shard.index);
    if (twin) throw new ReplayError('INPUT', messages.shardTwice(shard.shard.index, shard.shard.count, twin.file, files[i]), { file: files[i] });
    byIndex.set(shard.shard.index, { shard, file: files[i] });
  });
  const missing = Array.from({ length: first.shard.count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new ReplayError('INPUT', messages.shardsMissing(missing, first.shard.count));
  const ordered = [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!.shard);

  const options: RunOptions = { ...first.options, out: merge.out, workers: merge.workers };
  const config = { plans: first.plans, playbook: playbookSummary(first.playbook, first.options.playbook), scenarios: first.scenarios };

  // Sum the shards in order: usage, counts, inputs, kept ids.
  const partial = emptyPartial(first.plans.length);
  const inputs: InputSummary[] = first.inputs.map((i) => ({ ...i, sha256: '', records: 0 }));
  let read = 0;
  const dedupe = new Dedupe();
  for (const s of ordered) {
    addPartial(partial, s.partial);
    read += s.read;
    s.inputs.forEach((input, i) => {
      inputs[i].records += input.records;
      if (input.sha256) inputs[i].sha256 = input.sha256;
    });
    dedupe.absorb(s.ids);
  }

  const out = new OutputFolder(options.out);
  await out.open();
  const pool = new ReplayPool(poolWorkerData(options, first), options.workers, effects.signal, poolLimits);
  try {
    // Repeats across shards: re-read the records that lost and take them back out.
    let net = partial;
    if (dedupe.pending().size > 0) {
      const ingest = { adapter: options.adapter, mapping: options.mapping ? loadMapping(options.mapping) : undefined, tz: options.tz, dateOrder: options.dateOrder, encoding: options.encoding, limits: options.limits };
      net = await takeBack(await planRun(options, ingest), ingest, pool, dedupe, partial);
    }
    // rejected.csv in a single run's order: unit by unit (shards in order within a unit), then
    // the worker failures, then the repeats.
    const reject = (r: Rejection) => out.reject(r);
    const units = ordered.flatMap((s, order) => s.units.map((u) => ({ ...u, order })));
    units.sort((a, b) => a.unit - b.unit || a.order - b.order);
    for (const u of units) for (const r of u.rejections) reject(r);
    const late = ordered.flatMap((s) => s.late).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.id.localeCompare(b.id));
    for (const r of late) reject(r);
    for (const r of dedupe.rejections()) reject(r);

    const summary = await finishRun({ partial: net, inputs, read, rejectedByReason: out.rejectedByReason, firstRejection: out.firstRejection }, options, config, pool, effects, { started, timings });
    await reportAndCommit(summary, out, pool, effects);
    return summary;
  } catch (err) {
    await out.discard();
    throw err;
  } finally {
    await pool.close();
  }
}
