/**
 * Which ticket ids a run has seen, for de-duplication: ids are kept as two independent 32-bit
 * hashes (a false match needs a 64-bit collision, about 3 in 100 million at a million ids) in
 * typed arrays, so memory grows by megabytes, not by an object per ticket.
 *
 * About 32 bytes an id: each entry's 24 bytes (hashes, last update, source, ordinal) are appended
 * to columns in blocks, which growing never copies, and an open-addressing table of 4-byte entry
 * numbers, at most half full, finds them. Only that table is rebuilt as it grows. (One table of
 * 25-byte slots, at most half full, took 52 MiB at a million ids and 78 MiB while growing to it.)
 */

import { hash32 } from '../random.js';

export interface IdEntry {
  /** Last update of the record kept (−Infinity when the export gives none). */
  updatedAt: number;
  /** Where the kept record is: its source's index and its ordinal in that source. */
  source: number;
  ordinal: number;
}

/** An id's two hashes, as the index keeps it (workers compute them; only numbers cross threads). */
export function idHashes(id: string): [number, number] {
  return [hash32(id, 0x1234567), hash32(id, 0x7654321)];
}

/** Entries a column block holds (a power of two: entry e is at place e & PLACE of block e >>> BLOCK_BITS). */
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
const PLACE = BLOCK - 1;
/** An entry's bytes across the columns: two hashes, last update, source, ordinal. */
const ENTRY_BYTES = 4 + 4 + 8 + 4 + 4;

export class IdIndex {
  private readonly h1: Uint32Array[] = [];
  private readonly h2: Uint32Array[] = [];
  private readonly updated: Float64Array[] = [];
  private readonly source: Uint32Array[] = [];
  private readonly ordinal: Uint32Array[] = [];
  /** Entry number + 1 of the id hashed to each slot (0: empty). */
  private slots = new Int32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The bytes its typed arrays hold. */
  get bytes(): number {
    return this.slots.byteLength + this.h1.length * BLOCK * ENTRY_BYTES;
  }

  /** The slot of an id: the one holding it, or the empty one where it would go. */
  private slot(a: number, b: number): number {
    const mask = this.slots.length - 1;
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    for (let e = this.slots[i] - 1; e >= 0; e = this.slots[i] - 1) {
      if (this.h1[e >>> BLOCK_BITS][e & PLACE] === a && this.h2[e >>> BLOCK_BITS][e & PLACE] === b) return i;
      i = (i + 1) & mask;
    }
    return i;
  }

  /** The entry for an id, if seen. */
  get(id: string): IdEntry | undefined {
    return this.getHashed(...idHashes(id));
  }

  /** The entry for an id given as its idHashes. */
  getHashed(a: number, b: number): IdEntry | undefined {
    const e = this.slots[this.slot(a, b)] - 1;
    return e < 0 ? undefined : this.entry(e);
  }

  /** Records (or replaces) the entry for an id. */
  set(id: string, entry: IdEntry): void {
    this.setHashed(...idHashes(id), entry);
  }

  /** Records (or replaces) the entry for an id given as its idHashes. */
  setHashed(a: number, b: number, entry: IdEntry): void {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const i = this.slot(a, b);
    let e = this.slots[i] - 1;
    if (e < 0) {
      e = this.count++;
      if ((e & PLACE) === 0) {
        this.h1.push(new Uint32Array(BLOCK));
        this.h2.push(new Uint32Array(BLOCK));
        this.updated.push(new Float64Array(BLOCK));
        this.source.push(new Uint32Array(BLOCK));
        this.ordinal.push(new Uint32Array(BLOCK));
      }
      this.slots[i] = e + 1;
      this.h1[e >>> BLOCK_BITS][e & PLACE] = a;
      this.h2[e >>> BLOCK_BITS][e & PLACE] = b;
    }
    this.updated[e >>> BLOCK_BITS][e & PLACE] = entry.updatedAt;
    this.source[e >>> BLOCK_BITS][e & PLACE] = entry.source;
    this.ordinal[e >>> BLOCK_BITS][e & PLACE] = entry.ordinal;
  }

  /** Calls `each` with every entry, in the order the ids were first seen. */
  forEach(each: (h1: number, h2: number, entry: IdEntry) => void): void {
    for (let e = 0; e < this.count; e++) each(this.h1[e >>> BLOCK_BITS][e & PLACE], this.h2[e >>> BLOCK_BITS][e & PLACE], this.entry(e));
  }

  private entry(e: number): IdEntry {
    const block = e >>> BLOCK_BITS;
    const at = e & PLACE;
    return { updatedAt: this.updated[block][at], source: this.source[block][at], ordinal: this.ordinal[block][at] };
  }

  /** Doubles the table of entry numbers; the entries stay where they are. */
  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let e = 0; e < this.count; e++) this.slots[this.slot(this.h1[e >>> BLOCK_BITS][e & PLACE], this.h2[e >>> BLOCK_BITS][e & PLACE])] = e + 1;
  }
}
