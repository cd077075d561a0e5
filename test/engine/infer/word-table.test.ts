import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWord, createWordTable, hashChar, hashWord, lookupWord, NOT_FOUND, tokenAt, WORD_HASH_SEED } from '../../../engine/infer/word-table.js';

const find = (table: ReturnType<typeof createWordTable>, word: string) => lookupWord(table, word, 0, word.length, hashWord(word));
const add = (table: ReturnType<typeof createWordTable>, word: string, id: number) => addWord(table, word, 0, word.length, hashWord(word), id);

describe('hashWord', () => {
  it('folds in every character but apostrophes, straight or typographic', () => {
    expect(hashWord("can't")).toBe(hashWord('cant'));
    expect(hashWord('it\u2019s')).toBe(hashWord('its'));
    expect(hashWord('abc')).toBe(hashChar(hashChar(hashChar(WORD_HASH_SEED, 97), 98), 99));
    expect(hashWord('xabcx', 1, 4)).toBe(hashWord('abc'));
  });
});

describe('word table', () => {
  it('finds a stored word by its characters, apostrophes left out, and nothing else', () => {
    const table = createWordTable();
    add(table, 'refund', 3);
    add(table, "don't", 5);
    expect(find(table, 'refund')).toBe(3);
    expect(find(table, 'dont')).toBe(5);
    expect(find(table, 'don\u2019t')).toBe(5);
    expect(find(table, 'refunds')).toBe(NOT_FOUND);
    expect(find(table, 'refun')).toBe(NOT_FOUND);
    expect(lookupWord(table, 'a refund!', 2, 8, hashWord('refund'))).toBe(3);
  });

  it('checks the characters, so a word that shares another\'s hash is not taken for it', () => {
    const table = createWordTable();
    addWord(table, 'abc', 0, 3, 42, 7);
    expect(lookupWord(table, 'abc', 0, 3, 42)).toBe(7);
    expect(lookupWord(table, 'abd', 0, 3, 42)).toBe(NOT_FOUND);
    expect(lookupWord(table, 'ab', 0, 2, 42)).toBe(NOT_FOUND);
    expect(lookupWord(table, 'abcd', 0, 4, 42)).toBe(NOT_FOUND);
  });

  it('grows past its first slots and empties itself at its limits', () => {
    const big = createWordTable();
    for (let i = 0; i < 10_000; i++) add(big, `w${i}`, i);
    expect(find(big, 'w0')).toBe(0);
    expect(find(big, 'w9999')).toBe(9999);
    const small = createWordTable(3, 1000);
    for (const [i, w] of ['a', 'b', 'c', 'd'].entries()) add(small, w, i);
    expect([find(small, 'a'), find(small, 'd')]).toEqual([NOT_FOUND, 3]);
    const short = createWordTable(1000, 8);
    add(short, 'abcdef', 1);
    add(short, 'ghijkl', 2);
    expect([find(short, 'abcdef'), find(short, 'ghijkl')]).toEqual([NOT_FOUND, 2]);
  });

  it('stems a word the first time, then takes its token from the table', () => {
    const table = createWordTable();
    const stems = new Map([['refund', 0], ['cant', 1]]);
    expect(tokenAt(table, stems, 'refunded', 0, 8, hashWord('refunded'))).toBe(0);
    expect(tokenAt(table, stems, "can't", 0, 5, hashWord("can't"))).toBe(1);
    expect(tokenAt(table, stems, 'parcel', 0, 6, hashWord('parcel'))).toBe(-1);
    stems.clear();
    expect([find(table, 'refunded'), find(table, 'cant'), find(table, 'parcel')]).toEqual([0, 1, -1]);
    expect(tokenAt(table, stems, 'refunded', 0, 8, hashWord('refunded'))).toBe(0);
  });

  it('gives back, for any words, either nothing or the id stored last for that word', () => {
    const word = fc.stringMatching(/^[a-zé][a-zé'\u2019]{0,7}$/); // as forEachWord cuts them: a letter first
    fc.assert(fc.property(fc.array(fc.tuple(word, fc.integer({ min: -1, max: 99 })), { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (entries, limit) => {
      const table = createWordTable(limit, 4 * limit);
      const stored = new Map<string, number>();
      for (const [w, id] of entries) {
        const key = w.replace(/['\u2019]/g, '');
        if (find(table, w) === NOT_FOUND) {
          add(table, w, id);
          stored.set(key, id);
        }
        for (const [other, otherId] of stored) expect([NOT_FOUND, otherId]).toContain(find(table, other));
        expect(find(table, w)).toBe(stored.get(key));
      }
    }));
  });
});
