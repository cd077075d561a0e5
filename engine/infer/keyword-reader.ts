/**
 * The keyword reader: scoreKeywords' loop, the hottest of a replay (every ticket's text, character
 * by character). It cuts words as forEachWord does, but hashes each word in the same pass and
 * looks it up in the word table without making a string, then walks the postings of the keywords
 * found. The property tests hold it to a plain reading of forEachWord's words.
 *
 * It is made once per index, as a closure over the index's arrays: V8 compiles a function that
 * only one closure ever runs against that closure's own constants, and the loop then spends
 * nothing finding its arrays (about a sixth of its time when it took them from an object).
 */

import type { KeywordIndex } from './keywords.js';
import { pairValue } from './pair-table.js';
import { APOSTROPHE, isWordChar, RIGHT_QUOTE } from './tokens.js';
import { hashChar, tokenAt, WORD_HASH_SEED } from './word-table.js';

/**
 * The fields of a feature's record in KeywordIndex.features: where its postings start and end,
 * the number of the last text that found it (so that a keyword counts once per text), then from
 * POSITIVE on the intents it gives a positive weight (which makes them compete), as bits: intent
 * i is bit i % 32 of field POSITIVE + i / 32.
 */
export const POSTINGS_START = 0;
export const POSTINGS_END = 1;
export const LAST_TEXT = 2;
export const POSITIVE = 3;

/**
 * scoreKeywords for one index (keywords.ts says what it does), but returning how many distinct
 * keywords it found; `lastFound` lists them. The replay needs only the count, and a list built for
 * every ticket was about a tenth of what a replay worker allocates.
 */
export interface KeywordReader {
  read(text: string, scores: Float64Array, evidence?: Uint8Array): number;
  /** The features the last `read` found, in the order found. */
  lastFound(): number[];
}

/** A stamp past this wraps (records hold int32s). */
const LAST_STAMP = 0x7fffffff;

export function keywordReader(index: Omit<KeywordIndex, 'reader'>): KeywordReader {
  const { features, stride, postingIntent, postingWeight, unigram, pairs, pairFeature, triples, numberToken, words, tokens } = index;
  const anyTriples = triples.size > 0;
  /** The current text's scores: the reader's own array (not the caller's), which V8 then knows. */
  const sums = new Float64Array(index.intents);
  /** The intents given a positive weight in the current text, as bits (as a feature's from POSITIVE). */
  const competing = new Int32Array(stride - POSITIVE);
  /** The number of the current text, stored in the records of the features it finds. */
  let stamp = 0;
  /** The features the current text found, in found[0, count). */
  let found = new Int32Array(64);
  let count = 0;

  /** Counts feature `f` for the current text, unless it already was. */
  const hit = (f: number) => {
    const record = f * stride;
    if (features[record + LAST_TEXT] === stamp) return;
    features[record + LAST_TEXT] = stamp;
    if (count === found.length) {
      const more = new Int32Array(2 * count);
      more.set(found);
      found = more;
    }
    found[count++] = f;
    const end = features[record + POSTINGS_END];
    for (let k = features[record + POSTINGS_START]; k < end; k++) sums[postingIntent[k]] += postingWeight[k];
    for (let m = 0; m < competing.length; m++) competing[m] |= features[record + POSITIVE + m];
  };

  const read = (text: string, scores: Float64Array, evidence?: Uint8Array): number => {
    count = 0;
    if (index.phrase.length === 0) {
      scores.fill(0);
      return 0;
    }
    if (++stamp === LAST_STAMP) {
      for (let record = 0; record < features.length; record += stride) features[record + LAST_TEXT] = 0;
      stamp = 1;
    }
    competing.fill(0);
    let prev = -1;
    let prevPair = -1;
    // The word being read is text[from, i) (from −1: between words); its hash so far leaves out
    // apostrophes, which forEachWord drops.
    let from = -1;
    let hash = 0;
    let digit = false;
    const n = text.length;
    for (let i = 0; i <= n; i++) {
      // A space after the end ends the last word.
      const c = i < n ? text.charCodeAt(i) : 32;
      if (isWordChar(c)) {
        if (from < 0) {
          from = i;
          hash = WORD_HASH_SEED;
          digit = false;
        }
        if (c <= 57 && c >= 48) digit = true;
        hash = hashChar(hash, c);
        continue;
      }
      if (from < 0 || ((c === APOSTROPHE || c === RIGHT_QUOTE) && i + 1 < n && isWordChar(text.charCodeAt(i + 1)))) continue;
      const id = digit ? numberToken : tokenAt(words, tokens, text, from, i, hash);
      from = -1;
      let pair = -1;
      if (id >= 0) {
        if (unigram[id] >= 0) hit(unigram[id]);
        if (anyTriples && prevPair >= 0) {
          const f = pairValue(triples, prevPair, id);
          if (f >= 0) hit(f);
        }
        if (prev >= 0) {
          pair = pairValue(pairs, prev, id);
          if (pair >= 0 && pairFeature[pair] >= 0) hit(pairFeature[pair]);
        }
      }
      prev = id;
      prevPair = pair;
    }
    for (let intent = 0; intent < sums.length; intent++) {
      scores[intent] = sums[intent];
      sums[intent] = 0;
    }
    if (evidence) {
      for (let intent = 0; intent < evidence.length; intent++) if (competing[intent >> 5] & (1 << (intent & 31))) evidence[intent] = 1;
    }
    return count;
  };
  return { read, lastFound: () => Array.from(found.subarray(0, count)) };
}
