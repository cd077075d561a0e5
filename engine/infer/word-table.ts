/**
 * Word → token id for the words read so far, looked up straight from a text's characters: the
 * keyword reader hashes each word while it scans it and finds it here without cutting a substring
 * (which, with a Map keyed by strings, cost more than everything else inference does). An
 * open-addressing table in one typed array that keeps each word's characters and checks them, so
 * a hash collision can never hand one word another's token. Filled lazily: a word not yet here is
 * stemmed once and added; the table is emptied when it grows past its limits, which keeps memory
 * bounded and changes no result.
 */

import { APOSTROPHE, RIGHT_QUOTE, stem } from './tokens.js';

/** The hash of no character; fold each character in with hashChar. */
export const WORD_HASH_SEED = 0x811c9dc5 | 0;

/** What lookupWord returns for a word not (or no longer) in the table. */
export const NOT_FOUND = -2;

/** Int32s per slot: the word's hash, where its characters start in `chars`, its length (0: empty slot), its token id. */
const SLOT = 4;
const MIN_SLOTS = 1 << 12;

export interface WordTable {
  /** SLOT int32s per slot, a power of two of slots. */
  slots: Int32Array;
  /** The number of slots, less one. */
  mask: number;
  /** Every stored word's characters, back to back. */
  chars: Uint16Array;
  charsUsed: number;
  size: number;
  /** Emptied when it would hold more words, or more characters, than these. */
  maxWords: number;
  maxChars: number;
}

/**
 * Folds one character into a word's hash (FNV-1a over UTF-16 units). The keyword reader's loop
 * calls it character by character; hashWord gives the same hash for a whole word.
 */
export function hashChar(hash: number, c: number): number {
  return Math.imul(hash ^ c, 0x01000193);
}

/** The hash of `text[start, end)` with its apostrophes left out, as the keyword reader computes it. */
export function hashWord(text: string, start = 0, end = text.length): number {
  let h = WORD_HASH_SEED;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== APOSTROPHE && c !== RIGHT_QUOTE) h = hashChar(h, c);
  }
  return h;
}

export function createWordTable(maxWords = 200_000, maxChars = 4_000_000): WordTable {
  return { slots: new Int32Array(MIN_SLOTS * SLOT), mask: MIN_SLOTS - 1, chars: new Uint16Array(1 << 15), charsUsed: 0, size: 0, maxWords, maxChars };
}

/**
 * The token id of the word `text[start, end)` (a word as forEachWord cuts it, with no digit),
 * whose hash (hashWord's) is `hash`: its stem's id in `stems` (−1: none), stored here the first
 * time.
 */
export function tokenAt(table: WordTable, stems: ReadonlyMap<string, number>, text: string, start: number, end: number, hash: number): number {
  let id = lookupWord(table, text, start, end, hash);
  if (id === NOT_FOUND) {
    id = stems.get(stem(text.slice(start, end).replace(/['\u2019]/g, ''))) ?? -1;
    addWord(table, text, start, end, hash, id);
  }
  return id;
}

/**
 * The token id stored for the word `text[start, end)` read without its apostrophes (straight or
 * typographic), whose hash (hashWord's) is `hash`; NOT_FOUND when it is not stored.
 */
export function lookupWord(table: WordTable, text: string, start: number, end: number, hash: number): number {
  const { slots, mask, chars } = table;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const at = slot * SLOT;
    const length = slots[at + 2];
    if (length === 0) return NOT_FOUND;
    if (slots[at] !== hash) continue;
    let k = slots[at + 1];
    const stop = k + length;
    let i = start;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === APOSTROPHE || c === RIGHT_QUOTE) continue;
      if (k === stop || chars[k] !== c) break;
      k++;
    }
    if (i === end && k === stop) return slots[at + 3];
  }
}

/** Stores `id` for the word `text[start, end)` (apostrophes left out; one character at least), which lookupWord did not find. */
export function addWord(table: WordTable, text: string, start: number, end: number, hash: number, id: number): void {
  if (table.size >= table.maxWords || table.charsUsed + (end - start) > table.maxChars) clear(table);
  if (2 * (table.size + 1) * SLOT > table.slots.length) grow(table);
  if (table.charsUsed + (end - start) > table.chars.length) {
    const chars = new Uint16Array(Math.max(2 * table.chars.length, table.charsUsed + (end - start)));
    chars.set(table.chars.subarray(0, table.charsUsed));
    table.chars = chars;
  }
  const from = table.charsUsed;
  let k = from;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== APOSTROPHE && c !== RIGHT_QUOTE) table.chars[k++] = c;
  }
  table.charsUsed = k;
  place(table, hash, from, k - from, id);
  table.size++;
}

function place(table: WordTable, hash: number, from: number, length: number, id: number): void {
  const { slots, mask } = table;
  let slot = hash & mask;
  while (slots[slot * SLOT + 2] !== 0) slot = (slot + 1) & mask;
  slots.set([hash, from, length, id], slot * SLOT);
}

/** Twice the slots, the stored words placed again by their kept hashes. */
function grow(table: WordTable): void {
  const old = table.slots;
  table.slots = new Int32Array(2 * old.length);
  table.mask = 2 * table.mask + 1;
  for (let at = 0; at < old.length; at += SLOT) if (old[at + 2] !== 0) place(table, old[at], old[at + 1], old[at + 2], old[at + 3]);
}

function clear(table: WordTable): void {
  table.slots.fill(0);
  table.charsUsed = 0;
  table.size = 0;
}
