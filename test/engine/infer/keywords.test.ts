import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildKeywordIndex, keywordWeight, scoreKeywords, spelledInText, type KeywordIndex } from '../../../engine/infer/keywords.js';
import { forEachWord, stem } from '../../../engine/infer/tokens.js';
import { createWordTable } from '../../../engine/infer/word-table.js';

const score = (keywords: Record<string, number>[], text: string) => {
  const index = buildKeywordIndex(keywords);
  const scores = new Float64Array(keywords.length);
  const found = scoreKeywords(index, text, scores).map((f) => index.phrase[f]);
  return { scores: [...scores], found };
};

describe('scoreKeywords', () => {
  it('sums the weights of the keywords found, each once, inflections included', () => {
    expect(score([{ refund: 2, 'money back': 1.5 }, { return: 1 }], 'refund refunded please, i want my money back')).toEqual({
      scores: [3.5, 0], found: ['refund', 'money back'],
    });
  });

  it('counts negative weights against an intent', () => {
    expect(score([{ order: 1, cancel: -2 }], 'cancel my order').scores).toEqual([-1]);
  });

  it('finds two- and three-word keywords only with their words adjacent and in order', () => {
    const kw = [{ 'log in': 1, 'not working at': 2 }];
    expect(score(kw, 'i cannot log in').scores).toEqual([1]);
    expect(score(kw, 'in the log').scores).toEqual([0]);
    expect(score(kw, 'it is not working at all').scores).toEqual([2]);
    expect(score(kw, 'not working, at all').scores).toEqual([2]);
    expect(score(kw, 'not at working').scores).toEqual([0]);
  });

  it('adds up spellings that share their stems, and serves every intent that lists a keyword', () => {
    expect(score([{ refund: 1, refunds: 1 }, { refund: 0.5 }], 'refunded').scores).toEqual([2, 0.5]);
  });

  it('has no state between texts', () => {
    const index = buildKeywordIndex([{ parcel: 1 }]);
    for (let i = 0; i < 3; i++) {
      const scores = new Float64Array(1);
      scoreKeywords(index, 'parcel parcel', scores);
      expect(scores[0]).toBe(1);
    }
  });

  it('scores nothing with no keywords', () => {
    expect(score([{}], 'anything at all')).toEqual({ scores: [0], found: [] });
  });

  it('marks as evidence the intents given a positive weight, by any keyword found', () => {
    const index = buildKeywordIndex([{ refund: 1 }, { order: 1, refund: -1 }, { parcel: 1, refund: 0 }]);
    const evidence = new Uint8Array(3);
    scoreKeywords(index, 'refund my order', new Float64Array(3), evidence);
    expect([...evidence]).toEqual([1, 1, 0]);
  });

  it('reads apostrophes, digits, capitals and letters beyond ASCII as forEachWord does', () => {
    const kw = [{ "don't": 1, '12': 2, 'réclamation': 3, 'caf': 4 }];
    expect(score(kw, "dont 12 RÉCLAMATION réclamation o'clock").scores).toEqual([6]);
    expect(score(kw, 'café caf’s').found).toEqual(['caf']);
  });
});

/**
 * scoreKeywords as plainly as it can be said: forEachWord's words, each stemmed and looked up,
 * every one-, three- and two-word keyword ending at each word counted once in the order found.
 */
function plainScore(index: KeywordIndex, text: string, intents: number) {
  const ids: number[] = [];
  forEachWord(text, (w) => ids.push(index.tokens.get(stem(w)) ?? -1));
  const byTokens = new Map(index.phraseTokens.map((tokens, f) => [tokens.join(' '), f]));
  const found: number[] = [];
  ids.forEach((id, i) => {
    for (const length of [1, 3, 2]) {
      const words = ids.slice(i + 1 - length, i + 1);
      const f = i + 1 >= length && words.every((w) => w >= 0) ? byTokens.get(words.join(' ')) : undefined;
      if (f !== undefined && !found.includes(f)) found.push(f);
    }
  });
  const scores = new Array<number>(intents).fill(0);
  const evidence = new Array<number>(intents).fill(0);
  for (const f of found) {
    for (let intent = 0; intent < intents; intent++) {
      scores[intent] += keywordWeight(index, f, intent);
      if (keywordWeight(index, f, intent) > 0) evidence[intent] = 1;
    }
  }
  return { found, scores, evidence };
}

// Words that make keywords and texts collide: inflections, apostrophes, digits, capitals, letters beyond ASCII.
const VOCABULARY = ['refund', 'refunded', 'Refunds', 'order', 'orders', "can't", 'cant', 'don\u2019t', 'o\'clock', 'log', 'in', 'a1',
  '42', '9', 'réclamation', 'Kündigung', 'straße', 'caf', 'café', 'x', 'not', 'working', 'at', 'ship', 'shipped', 'i', '日本'];
const SEPARATORS = [' ', ' ', ' ', '\n', ', ', '-', "'", '\u2019', "''", '!', '×', '\u2003', '\u2014', '😀', ''];

describe('scoreKeywords, the fast reading', () => {
  const weight = fc.integer({ min: -30, max: 30 }).map((w) => w / 10);
  const phrase = fc.array(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '));
  const keywords = fc.array(fc.dictionary(phrase, weight, { minKeys: 1, maxKeys: 12, size: 'max' }), { minLength: 1, maxLength: 4 });
  const fragment = fc.oneof(
    { arbitrary: fc.tuple(fc.constantFrom(...VOCABULARY), fc.constantFrom(...SEPARATORS)).map(([w, s]) => w + s), weight: 8 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 4 }), weight: 1 },
  );
  const text = fc.array(fragment, { maxLength: 40, size: 'max' }).map((parts) => parts.join(''));

  it('finds what a plain reading of forEachWord\'s words finds, in the same order, with the same sums', () => {
    fc.assert(fc.property(keywords, fc.array(text, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 8 }), (kw, texts, limit) => {
      // A tiny word table, so that growing and emptying it happen mid-text too.
      const index = buildKeywordIndex(kw, undefined, createWordTable(limit, 4 * limit));
      for (const t of texts) {
        for (const lower of [t, t.toLowerCase()]) {
          const scores = new Float64Array(kw.length);
          const evidence = new Uint8Array(kw.length);
          const found = scoreKeywords(index, lower, scores, evidence);
          expect({ found, scores: [...scores], evidence: [...evidence] }).toEqual(plainScore(index, lower, kw.length));
        }
      }
    }), { numRuns: 300 });
  });

  it('spells a keyword as the text does', () => {
    const index = buildKeywordIndex([{ refund: 1, 'log in': 1 }]);
    const words: string[] = [];
    forEachWord("i can't log in, refunded twice", (w) => words.push(w));
    expect([spelledInText(index, 0, words), spelledInText(index, 1, words)]).toEqual(['refunded', 'log in']);
    expect(spelledInText(index, 0, ['nothing'])).toBe('refund');
  });
});
