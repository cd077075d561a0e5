/**
 * Ingest and replay, streaming: every input (or, in a sharded run, this shard's slice of them)
 * goes to the worker pool — CSV files with a row reader as record-aligned byte chunks that the
 * workers parse, every other format as batches of tickets read here — and the results come back
 * in order, summed into one partial. Repeated ids are filed as results arrive; the records that
 * lost are re-read and taken back out by `takeBack` once every input is through.
 */

import { addPartial, emptyPartial, mergePartials, pruneZeros, scalePartial, type Partial } from '../aggregate/partial.js';
import { Dedupe } from '../ingest/dedupe.js';
import { chunkable, openChunked, rereadChunked } from '../ingest/chunks.js';
import { idHashes } from '../ingest/id-index.js';
import { ingest, type IngestOptions, type PlannedInput } from '../ingest/ingest.js';
import type { Rejection } from '../ingest/rejection.js';
import { ReplayError } from '../errors.js';
import { messages } from '../messages.js';
import { BATCH_SIZE } from '../options.js';
import type { InputSummary } from '../summary.js';
import type { Ticket } from '../ticket.js';
import type { BatchResult, ReplayPool } from './pool.js';
import type { ChunkTiming } from './task.js';

/** `--shard i/n`: the i-th (1-based) of n slices of the inputs. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * A unit of reading: one input, or a multi-file group at its first member. Rejections are kept in
 * unit order, which is how sharded runs put rejected.csv back together in a single run's order.
 */
export type UnitOf = (input: number) => number;

export interface Fed {
  partial: Partial;
  inputs: InputSummary[];
  /** Records read (replayed + rejected). */
  read: number;
  dedupe: Dedupe;
  /**
   * Tickets read here that failed in a worker: written after every unit's own rejections, sorted,
   * because they come back whenever the worker finishes.
   */
  late: Rejection[];
  /** Workers' time (summed over threads) in parse, infer and meter; the main thread's in merging results (ms). */
  timing: ChunkTiming & { mergeMs: number };
}

/** Which inputs and chunks belong to a shard: whole inputs by their unit, chunks by their first byte. */
function shardFilter(shard: Shard | undefined) {
  if (!shard) return { unit: () => true, bytes: () => true };
  const mine = (k: number, n: number) => Math.floor((k * shard.count) / Math.max(1, n)) === shard.index - 1;
  return {
    unit: (unit: number) => unit % shard.count === shard.index - 1,
    bytes: (offset: number, size: number) => mine(Math.min(offset, size - 1), size),
  };
}

export function unitOf(planned: PlannedInput[]): UnitOf {
  return (i) => (planned[i].adapter.readGroup ? planned.findIndex((p) => p.adapter === planned[i].adapter) : i);
}

export async function feed(
  planned: PlannedInput[],
  opts: IngestOptions,
  replay: ReplayPool,
  reject: (r: Rejection, unit: number) => void,
  signal: AbortSignal | undefined,
  log: (line: string) => void,
  shard?: Shard,
  planCount = 0,
): Promise<Fed> {
  const partial = emptyPartial(planCount);
  const dedupe = new Dedupe();
  const late: Rejection[] = [];
  const inputs: InputSummary[] = planned.map((p) => ({ path: p.source.name, adapter: p.adapter.name, sha256: '', records: 0 }));
  const unit = unitOf(planned);
  const filter = shardFilter(shard);
  let read = 0;
  let logged = 0;
  // What each delivered batch belongs to, by batch number.
  const sourceOf: number[] = [];
  const timing = { parseMs: 0, inferMs: 0, meterMs: 0, mergeMs: 0 };
  replay.deliver = (result: BatchResult) => {
    const t0 = performance.now();
    const source = sourceOf[result.batch];
    addPartial(partial, result.partial);
    if (result.kind === 'tickets') {
      late.push(...result.rejections);
      timing.mergeMs += performance.now() - t0;
      return;
    }
    timing.parseMs += result.timing.parseMs;
    timing.inferMs += result.timing.inferMs;
    timing.meterMs += result.timing.meterMs;
    read += result.records;
    inputs[source].records += result.records;
    for (const r of result.rejections) reject(r, unit(source));
    const { h1, h2, updatedAt, position } = result.keys;
    for (let k = 0; k < h1.length; k++) dedupe.see(h1[k], h2[k], updatedAt[k], source, position[k]);
    timing.mergeMs += performance.now() - t0;
    progress();
  };
  const progress = () => {
    if (read - logged >= 100_000) {
      logged = read;
      log(`replayed ${read.toLocaleString('en-US')} records…`);
    }
  };
  let batches = 0;
  const interrupted = () => {
    if (signal?.aborted) throw new ReplayError('INTERRUPTED', messages.interrupted());
  };

  // Input by input, in order; a multi-file group is read at its first member.
  for (const [i, input] of planned.entries()) {
    if (unit(i) !== i) continue;
    const reading = chunkable(input) ? await openChunked(input, opts, inputs[i]) : undefined;
    if (reading) {
      const size = input.source.size ?? 0;
      for await (const chunk of reading.chunks) {
        interrupted();
        // Every shard frames the whole file (record boundaries depend on all the bytes before), but
        // replays only the chunks that start in its byte range. Without a known size, the whole
        // file goes to the shard of its unit.
        if (shard && !(size > 0 ? filter.bytes(chunk.offset, size) : filter.unit(i))) continue;
        sourceOf[batches++] = i;
        await replay.submitChunk(
          {
            file: input.source.name, adapter: input.adapter.name, context: reading.context, delimiter: reading.delimiter, encoding: reading.encoding,
            firstLine: chunk.firstLine, skipHeader: chunk.skipHeader, bytes: chunk.bytes, guard: reading.guard, oversized: chunk.oversized,
          },
          chunk.lastLine,
        );
      }
      // This input's rejections are all written before the next input's begin.
      await replay.finish();
      continue;
    }
    if (!filter.unit(i)) continue;
    // Every other format: read here, replayed in batches of tickets.
    const members = input.adapter.readGroup ? planned.filter((p) => p.adapter === input.adapter) : [input];
    const at = members.map((m) => planned.indexOf(m));
    const stats: InputSummary[] = [];
    let batch: Ticket[] = [];
    const flush = async () => {
      sourceOf[batches++] = i;
      await replay.submit(batch);
      batch = [];
    };
    for await (const { item, source: s, ordinal } of ingest(members, opts, stats)) {
      interrupted();
      const source = at[s];
      read++;
      progress();
      if (item.rejection) {
        reject(item.rejection, i);
        continue;
      }
      const ticket = item.ticket;
      const [h1, h2] = idHashes(ticket.id);
      // A record that loses at once is not replayed at all; one it replaces was, and is taken back later.
      if (!dedupe.see(h1, h2, ticket.updatedAt ?? -Infinity, source, ordinal, { file: ticket.source.file, line: ticket.source.line, id: ticket.id })) continue;
      batch.push(ticket);
      if (batch.length >= BATCH_SIZE) await flush();
    }
    if (batch.length > 0) await flush();
    for (const [k, s] of stats.entries()) {
      inputs[at[k]].records += s.records;
      inputs[at[k]].sha256 = s.sha256;
    }
  }
  await replay.finish();
  // Every batch is in. The pool outlives the feed (take-back and the forecast use it), and the
  // callback would keep the id index, tens of MiB at a million tickets, alive through the report.
  // A closure made in here would too (it shares this call's context), hence one from outside.
  replay.deliver = noMoreBatches;
  late.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.id.localeCompare(b.id));
  return { partial, inputs, read, dedupe, late, timing };
}

/** What a pool delivers to once its feed has ended: nothing is left to arrive. */
const noMoreBatches = (): void => undefined;

/**
 * Re-reads the records that lost to a repeat of their id and were replayed, and takes them back
 * out of the partial. Returns the partial without them; `dedupe` learns their file, line and id.
 */
export async function takeBack(planned: PlannedInput[], opts: IngestOptions, pool: ReplayPool, dedupe: Dedupe, partial: Partial): Promise<Partial> {
  const pending = dedupe.pending();
  if (pending.size === 0) return partial;
  const stale: { ticket: Ticket; source: number; position: number }[] = [];
  const viaIngest = new Map<number, Set<number>>();
  for (const [source, positions] of pending) {
    const input = planned[source];
    // Read again the way it was read the first time: in chunks when its head allowed it.
    const reading = chunkable(input) ? await openChunked(input, opts, { path: input.source.name, adapter: input.adapter.name, sha256: '', records: 0 }) : undefined;
    if (reading) {
      for await (const ticket of rereadChunked(input, reading, positions)) stale.push({ ticket, source, position: ticket.source.line });
    } else viaIngest.set(source, positions);
  }
  if (viaIngest.size > 0) {
    for await (const { item, source, ordinal } of ingest(planned, opts, [], viaIngest)) if (item.ticket) stale.push({ ticket: item.ticket, source, position: ordinal });
  }
  // Replayed again on a worker (the main thread holds no compiled playbook), in batches.
  let taken = emptyPartial(partial.plans.length);
  const failed = new Set<string>();
  for (let i = 0; i < stale.length; i += BATCH_SIZE) {
    const result = await pool.replayTickets(stale.slice(i, i + BATCH_SIZE).map((s) => s.ticket));
    taken = mergePartials(taken, result.partial);
    // A stale record that failed to replay was rejected for that already; it is not counted twice.
    for (const r of result.rejections) failed.add(`${r.file}:${r.line}`);
  }
  for (const { ticket, source, position } of stale) {
    if (failed.has(`${ticket.source.file}:${ticket.source.line}`)) dedupe.forget(source, position);
    else dedupe.resolve(source, position, { file: ticket.source.file, line: ticket.source.line, id: ticket.id });
  }
  return pruneZeros(mergePartials(partial, scalePartial(taken, -1)));
}
