/**
 * Record-aligned framing of a CSV byte stream, the main thread's only CSV work: the bytes are cut
 * into chunks of whole records that workers decode and parse, so no byte is parsed here.
 *
 * A record boundary of RFC 4180 CSV is a '\n' with an even number of '"' before it since the last
 * boundary (inside a quoted field the count is odd; a doubled "" inside one keeps it odd). Only
 * '"' and '\n' are looked at, with Buffer#indexOf (a native memchr): on ticket exports, where they
 * are about 2% of the bytes, that is 2-3× faster than a JS loop over every byte (measured 1.1-1.6
 * against 0.3-0.6 GB/s); only a file quoting every short field (a quote every 3 bytes) is framed
 * faster by the loop (0.22 against 0.10 GB/s).
 * Framing does not decode, so it holds for any encoding where '"' and '\n' are single bytes that
 * never occur inside another character (UTF-8, Latin-1, windows-125x).
 *
 * Memory stays bounded whatever the records (engine/limits.ts): a record too long to be held
 * under the record limit is not buffered; the framer keeps its first bytes (to name it), skips
 * to its end by quote parity, and hands it on as a chunk of its own marked `oversized`, which the
 * worker turns into a rejection.
 */

import { RECORD_HEAD_BYTES } from '../../adapters/csv.js';

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CR = 0x0d;

export interface FramedChunk {
  /** The chunk's bytes: whole records only (an own copy, safe to transfer to a worker). */
  bytes: Uint8Array;
  /** Byte offset of the chunk's first byte in the stream given to the framer. */
  offset: number;
  /** 1-based line number of the chunk's first byte (lines counted by '\n'). */
  firstLine: number;
  /** How many '\n' the chunk holds (counted while framing, so nobody scans it again). */
  newlines: number;
  /**
   * Set for one record over the record limit that was skipped, not held: its size (bytes up to
   * its line break, a CR just before the LF not counted). `bytes` is then only its first
   * RECORD_HEAD_BYTES, `newlines` still all of its own.
   */
  oversized?: number;
}

/** The record being skipped: where it started, its first bytes, and how far it has gone. */
interface Skipping {
  offset: number;
  firstLine: number;
  head: Uint8Array[];
  headSize: number;
  /** Bytes of the record so far, its line break included once found. */
  size: number;
  /** The last byte seen, to tell whether a CR ends the record before its LF. */
  last: number;
}

/** Quote parity and newlines seen since the current chunk began. */
interface ScanState {
  odd: boolean;
  newlines: number;
}

/** A Buffer view of `bytes` (no copy), for Buffer#indexOf. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** How many times `byte` occurs in `buf`. */
function countByte(buf: Buffer, byte: number): number {
  let n = 0;
  for (let at = buf.indexOf(byte); at !== -1; at = buf.indexOf(byte, at + 1)) n++;
  return n;
}

/**
 * Index just past the first record boundary in `buf` at or after `from`, or -1 if there is none;
 * `state` follows the quotes and newlines scanned either way.
 */
function scanToBoundary(buf: Buffer, from: number, state: ScanState): number {
  let at = from;
  for (;;) {
    if (state.odd) {
      const close = buf.indexOf(QUOTE, at);
      const stop = close === -1 ? buf.length : close;
      state.newlines += countByte(buf.subarray(at, stop), NEWLINE);
      if (close === -1) return -1;
      state.odd = false;
      at = close + 1;
    } else {
      // Only the quotes before the next newline matter: bound the search for them by it.
      const nl = buf.indexOf(NEWLINE, at);
      const open = (nl === -1 ? buf.subarray(at) : buf.subarray(at, nl)).indexOf(QUOTE);
      if (open === -1) {
        if (nl === -1) return -1;
        state.newlines++;
        return nl + 1;
      }
      state.odd = true;
      at += open + 1;
    }
  }
}

/** Byte length of the first record of `bytes` (through its terminating '\n'), or -1 if `bytes` does not contain a whole first record. */
export function firstRecordLength(bytes: Uint8Array): number {
  return scanToBoundary(asBuffer(bytes), 0, { odd: false, newlines: 0 });
}

/**
 * Cuts a byte stream into chunks that end right after a '\n' at even quote parity (i.e. at a
 * record boundary for RFC 4180 CSV with '"' quotes), each at least `target` bytes except the last.
 * Each chunk ends at the first boundary that makes it `target` bytes or more.
 *
 * Pushed bytes are held as views until their chunk is complete, then copied once into it: do not
 * reuse a pushed buffer before `end` (fs and zip streams hand out a fresh buffer per read).
 *
 * With `maxRecordBytes`, a chunk never holds more than `target + maxRecordBytes` bytes (plus the
 * last push): once that many are held without a boundary past the target, the record they end
 * in is longer than the limit, and it is skipped (see FramedChunk.oversized) after the records
 * before it are cut off into a chunk of their own. A record over the limit but short enough to
 * be held reaches the parser, which rejects it the same way (adapters/csv-fast.ts).
 *
 * @example
 * const framer = new RecordFramer({ target: 1 << 20 });
 * for await (const bytes of createReadStream(path)) for (const chunk of framer.push(bytes)) send(chunk);
 * for (const chunk of framer.end()) send(chunk);
 */
export class RecordFramer {
  private readonly target: number;
  private readonly maxRecordBytes: number;
  private offset: number;
  private line: number;
  /** The current chunk's bytes so far, all scanned. */
  private pieces: Uint8Array[] = [];
  private size = 0;
  private readonly state: ScanState = { odd: false, newlines: 0 };
  private skipping: Skipping | undefined;

  constructor(options: { target: number; firstLine?: number; offset?: number; maxRecordBytes?: number }) {
    const { target, firstLine = 1, offset = 0, maxRecordBytes = Infinity } = options;
    if (!Number.isInteger(target) || target < 1) throw new RangeError(`RecordFramer: target must be a positive integer, got ${target}`);
    if (!(maxRecordBytes >= 1)) throw new RangeError(`RecordFramer: maxRecordBytes must be positive, got ${maxRecordBytes}`);
    this.target = target;
    this.maxRecordBytes = maxRecordBytes;
    this.line = firstLine;
    this.offset = offset;
  }

  push(bytes: Uint8Array): FramedChunk[] {
    const buf = asBuffer(bytes);
    const chunks: FramedChunk[] = [];
    let from = 0;
    while (from < buf.length) {
      if (this.skipping) {
        const end = this.skip(buf, from);
        if (end === -1) break;
        chunks.push(this.emitSkipped(true));
        from = end;
        continue;
      }
      const cut = this.scan(buf, from);
      if (cut === -1) {
        this.add(buf.subarray(from));
        // Held past the target by more than the limit: the last record is over it.
        if (this.size - this.target > this.maxRecordBytes) chunks.push(...this.startSkipping());
        break;
      }
      this.add(buf.subarray(from, cut));
      chunks.push(this.emit());
      from = cut;
    }
    return chunks;
  }

  /** The rest (may be empty → returns []), after the last push. */
  end(): FramedChunk[] {
    if (this.skipping) return [this.emitSkipped(false)];
    return this.size === 0 ? [] : [this.emit()];
  }

  /**
   * Scans `buf` from `from` and returns the index just past the current chunk's boundary in it,
   * or -1 when the chunk goes on past `buf`. No boundary can come before the chunk's byte
   * `target - 1`, so up to there only the parity and the newlines are counted.
   */
  private scan(buf: Buffer, from: number): number {
    const before = this.target - 1 - this.size;
    let at = from;
    if (before > 0) {
      at = Math.min(buf.length, from + before);
      const head = buf.subarray(from, at);
      if (countByte(head, QUOTE) % 2 === 1) this.state.odd = !this.state.odd;
      this.state.newlines += countByte(head, NEWLINE);
      if (at === buf.length) return -1;
    }
    return scanToBoundary(buf, at, this.state);
  }

  private add(piece: Uint8Array): void {
    this.pieces.push(piece);
    this.size += piece.length;
  }

  /**
   * The held bytes end in a record over the limit: the records before it (found by scanning the
   * held bytes again from the chunk's start, where the parity is even) become a chunk, and the
   * record is skipped from here on, its first bytes kept.
   */
  private startSkipping(): FramedChunk[] {
    // No boundary lies past byte target - 1 (scan found none): the record starts at the last one before.
    const front = asBuffer(this.bytesBetween(0, Math.min(this.size, this.target)));
    const state: ScanState = { odd: false, newlines: 0 };
    let start = 0;
    let before = 0;
    for (let at = scanToBoundary(front, 0, state); at !== -1 && at <= this.target - 1; at = scanToBoundary(front, at, state)) {
      start = at;
      before = state.newlines;
    }
    const head = this.bytesBetween(start, Math.min(this.size, start + RECORD_HEAD_BYTES));
    const last = this.bytesBetween(this.size - 1, this.size)[0];
    const record = this.size - start;
    const inside = this.state.newlines - before;
    const chunks: FramedChunk[] = [];
    if (start > 0) {
      this.pieces = [this.bytesBetween(0, start)];
      this.size = start;
      this.state.newlines = before;
      chunks.push(this.emit());
    }
    this.skipping = { offset: this.offset, firstLine: this.line, head: [head], headSize: head.length, size: record, last };
    this.state.newlines = inside;
    this.pieces = [];
    this.size = 0;
    return chunks;
  }

  /** Skips on through `buf` from `from`; the index just past the record's end, or -1 when it goes on. */
  private skip(buf: Buffer, from: number): number {
    const s = this.skipping!;
    const end = scanToBoundary(buf, from, this.state);
    const stop = end === -1 ? buf.length : end;
    if (s.headSize < RECORD_HEAD_BYTES) {
      const more = buf.subarray(from, Math.min(stop, from + RECORD_HEAD_BYTES - s.headSize));
      s.head.push(Uint8Array.from(more));
      s.headSize += more.length;
    }
    // The byte before the line break (for the CR rule), or the last byte seen.
    if (end === -1) s.last = buf[buf.length - 1];
    else if (end - 2 >= from) s.last = buf[end - 2];
    s.size += stop - from;
    return end;
  }

  /** The skipped record as a chunk of its head; the next chunk starts after it. */
  private emitSkipped(terminated: boolean): FramedChunk {
    const s = this.skipping!;
    const bytes = new Uint8Array(s.headSize);
    let at = 0;
    for (const piece of s.head) {
      bytes.set(piece, at);
      at += piece.length;
    }
    // Up to the line break, a CR just before the LF not counted (as the parsers count it).
    const size = terminated ? s.size - 1 - (s.last === CR && s.size >= 2 ? 1 : 0) : s.size;
    const chunk: FramedChunk = { bytes, offset: s.offset, firstLine: s.firstLine, newlines: this.state.newlines, oversized: size };
    this.offset = s.offset + s.size;
    this.line = s.firstLine + this.state.newlines;
    this.state.newlines = 0;
    this.state.odd = false;
    this.skipping = undefined;
    return chunk;
  }

  /** A copy of the held bytes from `from` to `to` (chunk positions). */
  private bytesBetween(from: number, to: number): Uint8Array {
    const out = new Uint8Array(Math.max(0, to - from));
    let pos = 0;
    for (const piece of this.pieces) {
      const a = Math.max(from, pos);
      const b = Math.min(to, pos + piece.length);
      if (a < b) out.set(piece.subarray(a - pos, b - pos), a - from);
      pos += piece.length;
      if (pos >= to) break;
    }
    return out;
  }

  /** The pieces copied into one chunk of their own; the next chunk starts after them. */
  private emit(): FramedChunk {
    const bytes = new Uint8Array(this.size);
    let at = 0;
    for (const piece of this.pieces) {
      bytes.set(piece, at);
      at += piece.length;
    }
    const chunk: FramedChunk = { bytes, offset: this.offset, firstLine: this.line, newlines: this.state.newlines };
    this.offset += this.size;
    this.line += this.state.newlines;
    this.pieces = [];
    this.size = 0;
    this.state.newlines = 0; // the parity is even after a boundary
    return chunk;
  }
}
