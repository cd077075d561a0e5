import { describe, expect, it } from 'vitest';
import { buildKeywordIndex, scoreKeywords } from '../../../engine/infer/keywords.js';

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
});
