/**
 * Repeated ticket ids (incremental or overlapping exports): of all the records with one id, the
 * first with the latest update is kept; every other record is a loser, taken back out of the
 * totals if it was replayed and written to rejected.csv. A loser's code compares it with the
 * record finally kept — `duplicate-id` when the kept one comes earlier in the input,
 * `duplicate-superseded` when a later record with a newer update replaced it — so the outcome
 * does not depend on the order in which records were seen, and sharded runs merge to exactly
 * what one run gives.
 */

import { messages } from '../messages.js';
import { IdIndex, type IdEntry } from './id-index.js';
import type { Rejection } from './rejection.js';

export interface Loser {
  /** Where the record is: its source's index and its position there (record ordinal or line). */
  source: number;
  position: number;
  h1: number;
  h2: number;
  /** Its file, line and id, once known (losers that were replayed are re-read to learn them). */
  record?: { file: string; line: number; id: string };
}

/** The kept entries of an IdIndex, as plain arrays (for partial files). */
export interface KeptIds {
  h1: number[];
  h2: number[];
  updatedAt: (number | null)[];
  source: number[];
  position: number[];
}

const before = (a: { source: number; position: number }, b: { source: number; position: number }) =>
  a.source < b.source || (a.source === b.source && a.position < b.position);

export class Dedupe {
  private readonly ids = new IdIndex();
  private readonly losers = new Map<string, Loser>();

  /**
   * Files one record. Returns false when it loses at once (an earlier record of its id was updated
   * as late or later); when it replaces an earlier record, that one becomes the loser.
   */
  see(h1: number, h2: number, updatedAt: number, source: number, position: number, record?: Loser['record']): boolean {
    const prior = this.ids.getHashed(h1, h2);
    if (prior && updatedAt <= prior.updatedAt) {
      this.lose({ source, position, h1, h2, record });
      return false;
    }
    if (prior) this.lose({ source: prior.source, position: prior.ordinal, h1, h2 });
    this.ids.setHashed(h1, h2, { updatedAt, source, ordinal: position });
    return true;
  }

  private lose(loser: Loser): void {
    this.losers.set(`${loser.source}:${loser.position}`, loser);
  }

  /** Losers not yet re-read, by source → positions: they were replayed and must be taken back out. */
  pending(): Map<number, Set<number>> {
    const out = new Map<number, Set<number>>();
    for (const l of this.losers.values()) {
      if (l.record) continue;
      const set = out.get(l.source) ?? new Set<number>();
      out.set(l.source, set.add(l.position));
    }
    return out;
  }

  /** Tells a pending loser's file, line and id (from the re-read). */
  resolve(source: number, position: number, record: NonNullable<Loser['record']>): void {
    const l = this.losers.get(`${source}:${position}`);
    if (l) l.record = record;
  }

  /** Drops a pending loser that could not be replayed when re-read (it was rejected for that already). */
  forget(source: number, position: number): void {
    this.losers.delete(`${source}:${position}`);
  }

  /** Every loser's rejection, in input order. Call once every loser is resolved. */
  rejections(): Rejection[] {
    return [...this.losers.values()].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0)).map((l) => {
      const { file, line, id } = l.record!;
      const kept = this.ids.getHashed(l.h1, l.h2)!;
      return before({ source: kept.source, position: kept.ordinal }, l)
        ? { file, line, id, code: 'duplicate-id', reason: messages.duplicateId(id) }
        : { file, line, id, code: 'duplicate-superseded', reason: messages.duplicateSuperseded(id) };
    });
  }

  /** The kept records' keys and the resolved losers, for a shard's partial file. */
  export(): { kept: KeptIds; losers: Loser[] } {
    const kept: KeptIds = { h1: [], h2: [], updatedAt: [], source: [], position: [] };
    this.ids.forEach((h1, h2, e: IdEntry) => {
      kept.h1.push(h1);
      kept.h2.push(h2);
      kept.updatedAt.push(Number.isFinite(e.updatedAt) ? e.updatedAt : null);
      kept.source.push(e.source);
      kept.position.push(e.ordinal);
    });
    return { kept, losers: [...this.losers.values()] };
  }

  /**
   * Folds in a later shard's export: its losers as they are, its kept records as if seen now
   * (a cross-shard repeat makes a new pending loser, to be re-read and taken back out).
   */
  absorb(shard: { kept: KeptIds; losers: Loser[] }): void {
    for (const l of shard.losers) this.lose(l);
    const { h1, h2, updatedAt, source, position } = shard.kept;
    for (let i = 0; i < h1.length; i++) this.see(h1[i], h2[i], updatedAt[i] ?? -Infinity, source[i], position[i]);
  }
}
