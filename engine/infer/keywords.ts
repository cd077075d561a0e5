/**
 * Keyword evidence: every intent lists keywords (one to three words) with a weight, and a ticket's
 * score for an intent is the sum of the weights of the distinct keywords found in its text. The
 * index built here reads a text once, word by word, whatever the number of intents or keywords:
 * each word is looked up once (stems cached), and two- and three-word keywords are found from the
 * word before. A plain-data index (typed arrays and Maps), built once per worker.
 */

import { forEachWord, keywordStems, stem } from './tokens.js';

/** Keywords have at most this many words; longer phrases belong in `patterns`. */
export const MAX_KEYWORD_WORDS = 3;

/** The stem cache is dropped when it grows past this many distinct words (memory stays bounded). */
const CACHE_LIMIT = 200_000;

export interface KeywordIndex {
  /** Stem → token id, for stems that occur in some keyword. */
  tokens: Map<string, number>;
  /** Word as typed → token id (−1: not a keyword word), filled as texts are read. */
  cache: Map<string, number>;
  /** Token id → feature id of the one-word keyword, or −1. */
  unigram: Int32Array;
  /** (token × base + token) → pair id: the first two words of some two- or three-word keyword. */
  pairs: Map<number, number>;
  /** 2^15 while token ids fit, so pair keys stay small integers (which V8's Maps hash fastest), else 2^21. */
  base: number;
  /** Pair id → feature id of the two-word keyword, or −1. */
  pairFeature: Int32Array;
  /** Pair id → third token → feature id of a three-word keyword. */
  triples: Map<number, Map<number, number>>;
  /** Feature f's postings are postingIntent/postingWeight[start[f] .. start[f + 1]). */
  start: Int32Array;
  postingIntent: Int32Array;
  postingWeight: Float64Array;
  /** Per feature, the keyword as the playbook wrote it (the first spelling). */
  phrase: string[];
  /** Per feature, its words' token ids (to find it again in a text, for explanations). */
  phraseTokens: number[][];
  /** Scratch: the ticket number that last saw each feature (counts a keyword once per ticket). */
  seen: Uint32Array;
  stamp: number;
}

/** Keyword-table entries for the index: per entry, the intent's index (−1: none), keyword and weight. */
export interface KeywordHits {
  intent: number[];
  keyword: string[];
  weight: number[];
}

/**
 * Builds the index of intents' keywords; `keywords[i]` (written in the playbook) belongs to intent
 * i, and `table` adds a keyword table's entries, except where an intent's own keywords name the
 * same keyword (theirs win). Spellings that share their stems (`refund`, `refunds`) are one
 * keyword: within one source, their weights add up.
 */
export function buildKeywordIndex(keywords: Record<string, number>[], table?: KeywordHits): KeywordIndex {
  const tokens = new Map<string, number>();
  const tokenId = (s: string) => {
    let id = tokens.get(s);
    if (id === undefined) tokens.set(s, (id = tokens.size));
    return id;
  };
  const featureOf = new Map<string, number>();
  const phrase: string[] = [];
  // (feature, intent, weight) of every keyword, in the order given.
  const hitFeature: number[] = [];
  const hitIntent: number[] = [];
  const hitWeight: number[] = [];
  const stems: number[][] = [];
  const idsOf = (text: string): number[] => keywordStems(text).map(tokenId);
  const featureFor = (text: string): number => {
    const ids = idsOf(text);
    if (ids.length === 0 || ids.length > MAX_KEYWORD_WORDS) return -1; // validation reports these
    const key = ids.length === 1 ? String(ids[0]) : ids.join(' ');
    let f = featureOf.get(key);
    if (f === undefined) {
      featureOf.set(key, (f = phrase.length));
      phrase.push(text);
      stems.push(ids);
    }
    return f;
  };
  const hit = (f: number, intent: number, weight: number) => {
    hitFeature.push(f);
    hitIntent.push(intent);
    hitWeight.push(weight);
  };
  // Keywords written under an intent first: they replace the table's weight for the same keyword.
  const written = new Set<number>();
  keywords.forEach((own, intent) => {
    for (const [text, weight] of Object.entries(own)) {
      const f = featureFor(text);
      if (f < 0) continue;
      written.add(f * keywords.length + intent);
      hit(f, intent, weight);
    }
  });
  if (table) {
    for (let i = 0; i < table.keyword.length; i++) {
      const intent = table.intent[i];
      if (intent < 0) continue;
      const f = featureFor(table.keyword[i]);
      if (f >= 0 && !written.has(f * keywords.length + intent)) hit(f, intent, table.weight[i]);
    }
  }

  const unigram = new Int32Array(tokens.size).fill(-1);
  const base = tokens.size <= 2 ** 15 ? 2 ** 15 : 2 ** 21;
  const pairs = new Map<number, number>();
  const pairFeatures: number[] = [];
  const triples = new Map<number, Map<number, number>>();
  const pair = (a: number, b: number) => {
    let id = pairs.get(a * base + b);
    if (id === undefined) {
      pairs.set(a * base + b, (id = pairFeatures.length));
      pairFeatures.push(-1);
    }
    return id;
  };
  stems.forEach((ids, f) => {
    if (ids.length === 1) unigram[ids[0]] = f;
    else if (ids.length === 2) pairFeatures[pair(ids[0], ids[1])] = f;
    else {
      const p = pair(ids[0], ids[1]);
      let third = triples.get(p);
      if (!third) triples.set(p, (third = new Map()));
      third.set(ids[2], f);
    }
  });

  // Postings grouped by feature (a counting sort), same-intent spellings of one keyword added up.
  const start = new Int32Array(phrase.length + 1);
  for (const f of hitFeature) start[f + 1]++;
  for (let f = 0; f < phrase.length; f++) start[f + 1] += start[f];
  const fill = start.slice(0, phrase.length);
  const postingIntent = new Int32Array(hitFeature.length);
  const postingWeight = new Float64Array(hitFeature.length);
  hitFeature.forEach((f, h) => {
    for (let k = start[f]; k < fill[f]; k++) {
      if (postingIntent[k] === hitIntent[h]) {
        postingWeight[k] += hitWeight[h];
        return;
      }
    }
    postingIntent[fill[f]] = hitIntent[h];
    postingWeight[fill[f]++] = hitWeight[h];
  });
  // Drop the room that merged spellings left unused, keeping each feature's postings contiguous.
  let out = 0;
  for (let f = 0; f < phrase.length; f++) {
    const from = start[f];
    start[f] = out;
    for (let k = from; k < fill[f]; k++, out++) {
      postingIntent[out] = postingIntent[k];
      postingWeight[out] = postingWeight[k];
    }
  }
  start[phrase.length] = out;

  return {
    tokens, cache: new Map(), unigram, pairs, base, pairFeature: Int32Array.from(pairFeatures), triples, start,
    postingIntent: postingIntent.slice(0, out), postingWeight: postingWeight.slice(0, out), phrase, phraseTokens: stems,
    seen: new Uint32Array(phrase.length), stamp: 0,
  };
}

/**
 * Adds each distinct keyword's weights found in `text` (lower-cased) into `scores` (one per
 * intent, not reset here), sets `evidence` for the intents given a positive weight, and returns
 * the features found, in the order they were found.
 */
export function scoreKeywords(index: KeywordIndex, text: string, scores: Float64Array, evidence?: Uint8Array): number[] {
  const found: number[] = [];
  if (index.phrase.length === 0) return found;
  const { cache, tokens, unigram, pairs, base, pairFeature, triples, seen, start, postingIntent, postingWeight } = index;
  const anyTriples = triples.size > 0;
  if (++index.stamp === 0xffffffff) {
    seen.fill(0);
    index.stamp = 1;
  }
  const stamp = index.stamp;
  const hit = (f: number) => {
    if (f < 0 || seen[f] === stamp) return;
    seen[f] = stamp;
    found.push(f);
    for (let k = start[f]; k < start[f + 1]; k++) {
      const w = postingWeight[k];
      scores[postingIntent[k]] += w;
      if (evidence && w > 0) evidence[postingIntent[k]] = 1;
    }
  };
  let prev = -1;
  let prevPair = -1;
  forEachWord(text, (word) => {
    let id = cache.get(word);
    if (id === undefined) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      id = tokens.get(stem(word)) ?? -1;
      cache.set(word, id);
    }
    let pair = -1;
    if (id >= 0) {
      hit(unigram[id]);
      if (anyTriples && prevPair >= 0) {
        const f = triples.get(prevPair)?.get(id);
        if (f !== undefined) hit(f);
      }
      if (prev >= 0) {
        const p = pairs.get(prev * base + id);
        if (p !== undefined) {
          hit(pairFeature[p]);
          pair = p;
        }
      }
    }
    prev = id;
    prevPair = pair;
  });
  return found;
}

/**
 * How feature `f` is written in a text given as its words (forEachWord's), e.g. "refunded" for
 * the keyword `refund`; the keyword as the playbook wrote it when the text does not have it.
 */
export function spelledInText(index: KeywordIndex, f: number, words: readonly string[]): string {
  const want = index.phraseTokens[f];
  const idOf = (w: string) => index.cache.get(w) ?? index.tokens.get(stem(w)) ?? -1;
  for (let i = 0; i + want.length <= words.length; i++) {
    if (want.every((id, k) => idOf(words[i + k]) === id)) return words.slice(i, i + want.length).join(' ');
  }
  return index.phrase[f];
}

/** The weight feature `f` gives intent `intent` (0 when it gives none). */
export function keywordWeight(index: KeywordIndex, f: number, intent: number): number {
  for (let k = index.start[f]; k < index.start[f + 1]; k++) if (index.postingIntent[k] === intent) return index.postingWeight[k];
  return 0;
}
