/**
 * Keyword evidence: every intent lists keywords (one to three words) with a weight, and a ticket's
 * score for an intent is the sum of the weights of the distinct keywords found in its text. The
 * index built here is read (keyword-reader.ts) once per text, word by word, whatever the number of
 * intents or keywords: each word is looked up once, straight from the text's characters
 * (word-table.ts), and two- and three-word keywords are found from the word before. Typed arrays
 * and Maps, built once per worker.
 */

import { keywordReader, POSITIVE, POSTINGS_END, POSTINGS_START, type KeywordReader } from './keyword-reader.js';
import { buildPairTable, type PairTable } from './pair-table.js';
import { keywordStems, NUMBER_TOKEN, stem } from './tokens.js';
import { createWordTable, hashWord, tokenAt, type WordTable } from './word-table.js';

/** Keywords have at most this many words; longer phrases belong in `patterns`. */
export const MAX_KEYWORD_WORDS = 3;

export interface KeywordIndex {
  /** How many intents there are (the length of the scores read into). */
  intents: number;
  /** Stem → token id, for stems that occur in some keyword. */
  tokens: Map<string, number>;
  /** Word as typed → token id (−1: not a keyword word), filled as texts are read. */
  words: WordTable;
  /** The token id of every word with a digit (NUMBER_TOKEN's), or −1. */
  numberToken: number;
  /** Token id → feature id of the one-word keyword, or −1. */
  unigram: Int32Array;
  /** (token, token) → pair id: the first two words of some two- or three-word keyword. */
  pairs: PairTable;
  /** Pair id → feature id of the two-word keyword, or −1. */
  pairFeature: Int32Array;
  /** (pair id, third token) → feature id of a three-word keyword. */
  triples: PairTable;
  /**
   * One record of `stride` int32s per feature (keyword-reader.ts says its fields): one array, so
   * that a keyword found costs one cache line before its postings.
   */
  features: Int32Array;
  stride: number;
  /** A feature's postings: postingIntent/postingWeight[POSTINGS_START .. POSTINGS_END). */
  postingIntent: Int32Array;
  postingWeight: Float64Array;
  /** Per feature, the keyword as the playbook wrote it (the first spelling). */
  phrase: string[];
  /** Per feature, its words' token ids (to find it again in a text, for explanations). */
  phraseTokens: number[][];
  /** Reads a text into scores (scoreKeywords), made for this index. */
  reader: KeywordReader;
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
 * keyword: within one source, their weights add up. `words` is where the words read are kept.
 */
export function buildKeywordIndex(keywords: Record<string, number>[], table?: KeywordHits, words: WordTable = createWordTable()): KeywordIndex {
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
  const stemmedFeature = (text: string): number => {
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
  // The built-in table lists most keywords under several intents: each text is stemmed once
  // (a worker compiled the built-in playbook in about 125 ms instead of 175).
  const featureOfText = new Map<string, number>();
  const featureFor = (text: string): number => {
    let f = featureOfText.get(text);
    if (f === undefined) featureOfText.set(text, (f = stemmedFeature(text)));
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
  // Pair ids by (first, second) token, numbered in the order keywords were given.
  const pairIds = new Map<number, number>();
  const pairFirst: number[] = [];
  const pairSecond: number[] = [];
  const pairFeatures: number[] = [];
  const tripleFirst: number[] = [];
  const tripleSecond: number[] = [];
  const tripleFeature: number[] = [];
  const pair = (a: number, b: number) => {
    let id = pairIds.get(a * tokens.size + b);
    if (id === undefined) {
      pairIds.set(a * tokens.size + b, (id = pairFeatures.length));
      pairFirst.push(a);
      pairSecond.push(b);
      pairFeatures.push(-1);
    }
    return id;
  };
  stems.forEach((ids, f) => {
    if (ids.length === 1) unigram[ids[0]] = f;
    else if (ids.length === 2) pairFeatures[pair(ids[0], ids[1])] = f;
    else {
      tripleFirst.push(pair(ids[0], ids[1]));
      tripleSecond.push(ids[2]);
      tripleFeature.push(f);
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
  const stride = POSITIVE + Math.ceil(keywords.length / 32);
  const features = new Int32Array(phrase.length * stride);
  let out = 0;
  for (let f = 0; f < phrase.length; f++) {
    const record = f * stride;
    features[record + POSTINGS_START] = out;
    for (let k = start[f]; k < fill[f]; k++, out++) {
      postingIntent[out] = postingIntent[k];
      postingWeight[out] = postingWeight[k];
      if (postingWeight[k] > 0) features[record + POSITIVE + (postingIntent[k] >> 5)] |= 1 << (postingIntent[k] & 31);
    }
    features[record + POSTINGS_END] = out;
  }

  const index: Omit<KeywordIndex, 'reader'> = {
    intents: keywords.length, tokens, words, numberToken: tokens.get(stem(NUMBER_TOKEN)) ?? -1, unigram,
    pairs: buildPairTable(pairFirst, pairSecond, pairFeatures.map((_, p) => p)), pairFeature: Int32Array.from(pairFeatures),
    triples: buildPairTable(tripleFirst, tripleSecond, tripleFeature), features, stride,
    postingIntent: postingIntent.slice(0, out), postingWeight: postingWeight.slice(0, out), phrase, phraseTokens: stems,
  };
  return { ...index, reader: keywordReader(index) };
}

/**
 * Sets `scores` (one per intent) to the sums of the weights of the distinct keywords found in
 * `text` (lower-cased), added in the order found; sets `evidence` for the intents given a positive
 * weight (leaving the others as they are), and returns the features found, in the order found.
 */
export function scoreKeywords(index: KeywordIndex, text: string, scores: Float64Array, evidence?: Uint8Array): number[] {
  index.reader.read(text, scores, evidence);
  return index.reader.lastFound();
}

/** The token id of a word as forEachWord yields it (−1: in no keyword). */
function wordToken(index: KeywordIndex, word: string): number {
  return word === NUMBER_TOKEN ? index.numberToken : tokenAt(index.words, index.tokens, word, 0, word.length, hashWord(word));
}

/**
 * How feature `f` is written in a text given as its words (forEachWord's), e.g. "refunded" for
 * the keyword `refund`; the keyword as the playbook wrote it when the text does not have it.
 */
export function spelledInText(index: KeywordIndex, f: number, words: readonly string[]): string {
  const want = index.phraseTokens[f];
  for (let i = 0; i + want.length <= words.length; i++) {
    if (want.every((id, k) => wordToken(index, words[i + k]) === id)) return words.slice(i, i + want.length).join(' ');
  }
  return index.phrase[f];
}

/** The weight feature `f` gives intent `intent` (0 when it gives none). */
export function keywordWeight(index: KeywordIndex, f: number, intent: number): number {
  const record = f * index.stride;
  for (let k = index.features[record + POSTINGS_START]; k < index.features[record + POSTINGS_END]; k++) {
    if (index.postingIntent[k] === intent) return index.postingWeight[k];
  }
  return 0;
}
