/**
 * The worker side of chunked reading: a record-aligned chunk of a CSV file's bytes in, its
 * records parsed, turned into tickets by the adapter's row reader, replayed and folded into one
 * partial out — with the rejections, the record count and, per replayed ticket, only the numbers
 * de-duplication needs (id hashes, update time, line). No per-ticket object crosses threads.
 */

import { chunkRecords } from '../../adapters/csv-fast.js';
import { findAdapter } from '../../adapters/index.js';
import { decodeBytes } from '../ingest/decode.js';
import { idHashes } from '../ingest/id-index.js';
import type { Rejection } from '../ingest/rejection.js';
import { BatchReplay, faultAt, type Replayer } from './replay-batch.js';
import type { ChunkResult, ChunkTask } from './task.js';

/** The record being read, for a fault's message: only the worker knows a chunk's ticket ids. */
interface At {
  line?: number;
  id?: string;
}

export async function replayChunk(r: Replayer, task: ChunkTask): Promise<ChunkResult> {
  const at: At = {};
  try {
    return await readChunk(r, task, at);
  } catch (err) {
    // A throw past the per-record rejections is a fault of the worker: the chunk fails, naming the record.
    throw at.line === undefined ? err : faultAt(err, { file: task.file, line: at.line, ticketId: at.id });
  }
}

async function readChunk(r: Replayer, task: ChunkTask, at: At): Promise<ChunkResult> {
  const rows = findAdapter(task.adapter)?.rows;
  if (!rows) throw new Error(`adapter ${task.adapter} cannot read in chunks`);
  // ignoreBOM: a U+FEFF at the start of a later chunk is text, as it is to a whole-file read (the file's own BOM was cut off before framing).
  const started = performance.now();
  const text = decodeBytes(task.bytes, task.encoding, { ignoreBOM: true });
  const items = await chunkRecords(text, task.delimiter, task.firstLine, task.guard ?? { file: task.file, header: [] }, task.oversized);
  const parsed = performance.now();
  let toItemMs = 0;
  const replay = new BatchReplay(r);
  const rejections: Rejection[] = [];
  const n = items.length;
  const h1 = new Uint32Array(n);
  const h2 = new Uint32Array(n);
  const updatedAt = new Float64Array(n);
  const lines = new Float64Array(n);
  let kept = 0;
  let records = 0;
  for (let k = task.skipHeader ? 1 : 0; k < n; k++) {
    const item = items[k];
    records++;
    at.line = item.line;
    at.id = undefined;
    if (item.rejection) {
      rejections.push(item.rejection);
      continue;
    }
    // Every 16th record's conversion is timed (bench time shares).
    const timed = (records & 15) === 1;
    const t0 = timed ? performance.now() : 0;
    const read = rows.toItem(item.record, item.line, task.context);
    if (timed) toItemMs += (performance.now() - t0) * 16;
    if (read.rejection) {
      rejections.push(read.rejection);
      continue;
    }
    const ticket = read.ticket;
    at.id = ticket.id;
    const failed = replay.replay(ticket);
    if (failed) {
      rejections.push(failed);
      continue;
    }
    [h1[kept], h2[kept]] = idHashes(ticket.id);
    updatedAt[kept] = ticket.updatedAt ?? -Infinity;
    lines[kept++] = item.line;
  }
  at.line = undefined;
  const partial = replay.finish();
  const total = performance.now() - started;
  const parseMs = parsed - started + toItemMs;
  return {
    batch: task.batch,
    partial,
    timing: { parseMs, inferMs: replay.inferMs, meterMs: Math.max(0, total - parseMs - replay.inferMs) },
    rejections,
    records,
    keys: { h1: h1.slice(0, kept), h2: h2.slice(0, kept), updatedAt: updatedAt.slice(0, kept), position: lines.slice(0, kept) },
  };
}
