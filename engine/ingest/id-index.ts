/**
 * Which ticket ids a run has seen, for de-duplication, in 24 bytes a slot: ids are kept as two
 * independent 32-bit hashes (a false match needs a 64-bit collision, about 3 in 100 million at
 * a million ids) in typed arrays, so memory grows by megabytes, not by an object per ticket.
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

export class IdIndex {
  private h1 = new Uint32Array(1024);
  private h2 = new Uint32Array(1024);
  private updated = new Float64Array(1024);
  private source = new Uint32Array(1024);
  private ordinal = new Uint32Array(1024);
  private used = new Uint8Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  private slot(a: number, b: number): number {
    const mask = this.used.length - 1;
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    while (this.used[i] && (this.h1[i] !== a || this.h2[i] !== b)) i = (i + 1) & mask;
    return i;
  }

  /** The entry for an id, if seen. */
  get(id: string): IdEntry | undefined {
    return this.getHashed(...idHashes(id));
  }

  /** The entry for an id given as its idHashes. */
  getHashed(a: number, b: number): IdEntry | undefined {
    const i = this.slot(a, b);
    return this.used[i] ? { updatedAt: this.updated[i], source: this.source[i], ordinal: this.ordinal[i] } : undefined;
  }

  /** Records (or replaces) the entry for an id. */
  set(id: string, entry: IdEntry): void {
    this.setHashed(...idHashes(id), entry);
  }

  /** Records (or replaces) the entry for an id given as its idHashes. */
  setHashed(a: number, b: number, entry: IdEntry): void {
    if ((this.count + 1) * 2 > this.used.length) this.grow();
    const i = this.slot(a, b);
    if (!this.used[i]) {
      this.used[i] = 1;
      this.h1[i] = a;
      this.h2[i] = b;
      this.count++;
    }
    this.updated[i] = entry.updatedAt;
    this.source[i] = entry.source;
    this.ordinal[i] = entry.ordinal;
  }

  /** Calls `each` with every entry, in slot order. */
  forEach(each: (h1: number, h2: number, entry: IdEntry) => void): void {
    for (let i = 0; i < this.used.length; i++) {
      if (this.used[i]) each(this.h1[i], this.h2[i], { updatedAt: this.updated[i], source: this.source[i], ordinal: this.ordinal[i] });
    }
  }

  private grow(): void {
    const old = { h1: this.h1, h2: this.h2, updated: this.updated, source: this.source, ordinal: this.ordinal, used: this.used };
    const size = old.used.length * 2;
    this.h1 = new Uint32Array(size);
    this.h2 = new Uint32Array(size);
    this.updated = new Float64Array(size);
    this.source = new Uint32Array(size);
    this.ordinal = new Uint32Array(size);
    this.used = new Uint8Array(size);
    for (let j = 0; j < old.used.length; j++) {
      if (!old.used[j]) continue;
      const i = this.slot(old.h1[j], old.h2[j]);
      this.used[i] = 1;
      this.h1[i] = old.h1[j];
      this.h2[i] = old.h2[j];
      this.updated[i] = old.updated[j];
      this.source[i] = old.source[j];
      this.ordinal[i] = old.ordinal[j];
    }
  }
}
