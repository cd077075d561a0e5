/**
 * The worker side of chunked reading: a record-aligned chunk of a CSV file's bytes in, its
 * records parsed, turned into tickets by the adapter's row reader, replayed and folded into one
 * partial out — with the rejections, the record count and, per replayed ticket, only the numbers
 * de-duplication needs (id hashes, update time, line). No per-ticket object crosses threads.
 */

import type { CsvItem } from '../../adapters/csv.js';
import { eachChunkItem } from '../../adapters/csv-fast.js';
import { findAdapter } from '../../adapters/index.js';
import { decodeBytes } from '../ingest/decode.js';
import { idHashes } from '../ingest/id-index.js';
import type { Rejection } from '../ingest/rejection.js';
import { BatchReplay, faultAt, type Replayer } from './replay-batch.js';
import type { ChunkResult, ChunkTask, IdKeys } from './task.js';

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

/** Every 16th record's parsing and conversion are timed (the bench's time shares; a clock read per record would cost more). */
const SAMPLE = 16;

/**
 * Records are replayed as the parser hands them on, not parsed into a list first: a chunk's
 * thousands of records then die young instead of surviving the collections of the whole chunk
 * (at 1M tickets with one worker, its scavenges took 0.3 s instead of 0.9).
 */
async function readChunk(r: Replayer, task: ChunkTask, at: At): Promise<ChunkResult> {
  const rows = findAdapter(task.adapter)?.rows;
  if (!rows) throw new Error(`adapter ${task.adapter} cannot read in chunks`);
  // ignoreBOM: a U+FEFF at the start of a later chunk is text, as it is to a whole-file read (the file's own BOM was cut off before framing).
  const started = performance.now();
  const text = decodeBytes(task.bytes, task.encoding, { ignoreBOM: true });
  let parseMs = performance.now() - started;
  let replay = new BatchReplay(r);
  let rejections: Rejection[] = [];
  let keys = new KeyColumns();
  let records = 0;
  let header = task.skipHeader;
  /** When the last sampled record was done with: the parser's time until the next one is timed. */
  let doneAt = 0;
  const each = (item: CsvItem) => {
    if (doneAt !== 0) {
      parseMs += (performance.now() - doneAt) * SAMPLE;
      doneAt = 0;
    }
    if (header) {
      header = false;
      return;
    }
    const timed = records++ % SAMPLE === 0;
    at.line = item.line;
    at.id = undefined;
    if (item.rejection) {
      rejections.push(item.rejection);
      return;
    }
    const t0 = timed ? performance.now() : 0;
    const read = rows.toItem(item.record, item.line, task.context);
    if (timed) parseMs += (performance.now() - t0) * SAMPLE;
    if (read.rejection) rejections.push(read.rejection);
    else {
      const ticket = read.ticket;
      at.id = ticket.id;
      const failed = replay.replay(ticket);
      if (failed) rejections.push(failed);
      else keys.push(ticket.id, ticket.updatedAt ?? -Infinity, item.line);
    }
    if (timed) doneAt = performance.now();
  };
  // The fast parser gave up partway (adapters/csv-fast.ts eachChunkItem): every item comes again, from the chunk's start.
  const restart = () => {
    replay = new BatchReplay(r);
    rejections = [];
    keys = new KeyColumns();
    records = 0;
    header = task.skipHeader;
    doneAt = 0;
  };
  await eachChunkItem(text, task.delimiter, task.firstLine, task.guard ?? { file: task.file, header: [] }, task.oversized, each, restart);
  at.line = undefined;
  const partial = replay.finish();
  const total = performance.now() - started;
  return {
    batch: task.batch,
    partial,
    timing: { parseMs, inferMs: replay.inferMs, meterMs: Math.max(0, total - parseMs - replay.inferMs) },
    rejections,
    records,
    keys: keys.columns(),
  };
}

/** Per replayed ticket, what de-duplication needs (IdKeys), in typed arrays that double as they fill. */
class KeyColumns {
  private h1 = new Uint32Array(1024);
  private h2 = new Uint32Array(1024);
  private updatedAt = new Float64Array(1024);
  private position = new Float64Array(1024);
  private size = 0;

  push(id: string, updatedAt: number, line: number): void {
    if (this.size === this.h1.length) this.grow();
    const k = this.size++;
    [this.h1[k], this.h2[k]] = idHashes(id);
    this.updatedAt[k] = updatedAt;
    this.position[k] = line;
  }

  /** The columns, exactly as long as the keys pushed. */
  columns(): IdKeys {
    const n = this.size;
    return { h1: this.h1.slice(0, n), h2: this.h2.slice(0, n), updatedAt: this.updatedAt.slice(0, n), position: this.position.slice(0, n) };
  }

  private grow(): void {
    const n = 2 * this.h1.length;
    const h1 = new Uint32Array(n);
    const h2 = new Uint32Array(n);
    const updatedAt = new Float64Array(n);
    const position = new Float64Array(n);
    h1.set(this.h1);
    h2.set(this.h2);
    updatedAt.set(this.updatedAt);
    position.set(this.position);
    this.h1 = h1;
    this.h2 = h2;
    this.updatedAt = updatedAt;
    this.position = position;
  }
}
