import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dedupe } from '../../../engine/ingest/dedupe.js';
import { idHashes } from '../../../engine/ingest/id-index.js';

interface Rec {
  id: string;
  updatedAt: number;
}

/** Files records [from, to) into a Dedupe and re-reads (resolves) the losers that were replayed, as a run does. */
function fold(dedupe: Dedupe, recs: Rec[], from: number, to: number): Dedupe {
  for (let i = from; i < to; i++) dedupe.see(...idHashes(recs[i].id), recs[i].updatedAt, 0, i);
  resolveAll(dedupe, recs);
  return dedupe;
}

function resolveAll(dedupe: Dedupe, recs: Rec[]): void {
  for (const [source, positions] of dedupe.pending()) for (const p of positions) dedupe.resolve(source, p, { file: 'f.csv', line: p + 2, id: recs[p].id });
}

/** The rule, written plainly: of one id's records the first with the latest update is kept. */
function expected(recs: Rec[]) {
  const kept = new Map<string, number>();
  recs.forEach((r, i) => {
    const k = kept.get(r.id);
    if (k === undefined || r.updatedAt > recs[k].updatedAt) kept.set(r.id, i);
  });
  return recs.flatMap((r, i) => {
    const k = kept.get(r.id)!;
    if (k === i) return [];
    return [{ file: 'f.csv', line: i + 2, id: r.id, code: k < i ? 'duplicate-id' : 'duplicate-superseded' }];
  });
}

const records = fc.array(
  fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), updatedAt: fc.constantFrom(-Infinity, 1, 2, 3) }),
  { maxLength: 40 },
);

describe('Dedupe', () => {
  it('keeps the first record with the latest update and codes every other against it', () => {
    fc.assert(
      fc.property(records, (recs) => {
        const got = fold(new Dedupe(), recs, 0, recs.length).rejections().map(({ reason: _r, ...rest }) => rest);
        expect(got).toEqual(expected(recs));
      }),
      { seed: 8, numRuns: 500 },
    );
  });

  it('gives the same losers, codes and order however the records are cut into shards', () => {
    fc.assert(
      fc.property(records, fc.array(fc.nat(), { maxLength: 4 }), (recs, cutsRaw) => {
        const cuts = [0, ...cutsRaw.map((c) => c % (recs.length + 1)).sort((a, b) => a - b), recs.length];
        const merged = new Dedupe();
        for (let s = 0; s + 1 < cuts.length; s++) merged.absorb(fold(new Dedupe(), recs, cuts[s], cuts[s + 1]).export());
        resolveAll(merged, recs);
        expect(merged.rejections()).toEqual(fold(new Dedupe(), recs, 0, recs.length).rejections());
      }),
      { seed: 9, numRuns: 500 },
    );
  });

  it('a record that loses at once is reported with what the caller knew of it', () => {
    const d = new Dedupe();
    expect(d.see(...idHashes('x'), 5, 0, 1)).toBe(true);
    expect(d.see(...idHashes('x'), 5, 0, 2, { file: 'f.csv', line: 9, id: 'x' })).toBe(false);
    expect(d.pending().size).toBe(0);
    expect(d.rejections()).toMatchObject([{ file: 'f.csv', line: 9, id: 'x', code: 'duplicate-id' }]);
  });
});
