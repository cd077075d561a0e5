import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachWord, keywordStems, NUMBER_TOKEN, stem } from '../../../engine/infer/tokens.js';

const words = (text: string) => {
  const out: string[] = [];
  forEachWord(text, (w) => out.push(w));
  return out;
};

describe('stem', () => {
  it('gives the inflections of a word one stem', () => {
    for (const group of [
      ['refund', 'refunds', 'refunded', 'refunding'],
      ['cancel', 'cancels', 'cancelled', 'canceled', 'cancelling'],
      ['charge', 'charges', 'charged', 'charging'],
      ['ship', 'shipped', 'shipping'],
      ['bill', 'bills', 'billing', 'billed'],
      ['install', 'installed', 'installing'],
      ['reply', 'replies'],
      ['box', 'boxes'],
      ['address', 'addresses'],
    ]) expect(new Set(group.map(stem)), group.join(', ')).toEqual(new Set([stem(group[0])]));
  });

  it('leaves short words, -ss/-us/-is words and other languages\' words alone', () => {
    expect(['add', 'pass', 'status', 'this', 'free', 'kündigung', 'urlaub'].map(stem)).toEqual(['add', 'pass', 'status', 'this', 'free', 'kündigung', 'urlaub']);
  });

  it('never lengthens or empties a word', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z]{1,12}$/), (w) => stem(w).length > 0 && stem(w).length <= w.length));
  });
});

describe('forEachWord', () => {
  it('cuts on anything but letters and digits, drops apostrophes inside words, and reads numbers as one token', () => {
    expect(words("i can't log-in to order #A36297; it’s 3.5kg — réclamation")).toEqual(
      ['i', 'cant', 'log', 'in', 'to', 'order', NUMBER_TOKEN, 'its', NUMBER_TOKEN, NUMBER_TOKEN, 'réclamation'],
    );
  });

  it('keeps leading and trailing apostrophes out of words', () => {
    expect(words("'quoted' customers'")).toEqual(['quoted', 'customers']);
  });

  it('yields only non-empty words made of the text\'s characters, for any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      for (const w of words(text.toLowerCase())) {
        expect(w.length).toBeGreaterThan(0);
        if (w !== NUMBER_TOKEN) expect(text.toLowerCase().replace(/['\u2019]/g, '')).toContain(w);
      }
    }));
  });
});

describe('keywordStems', () => {
  it('reads a keyword the way ticket text is read', () => {
    expect(keywordStems('Money Back')).toEqual(['money', 'back']);
    expect(keywordStems("didn't arrive")).toEqual(['didnt', 'arriv']);
    expect(keywordStems('  ')).toEqual([]);
  });
});
