/**
 * Words for keyword evidence: the text is cut into word tokens and each is reduced to a crude
 * stem, so that a playbook keyword `refund` also counts "refunds", "refunded" and "refunding",
 * and `cancel` counts "cancelled", "canceled" and "cancelling". The same two functions read the
 * playbook's keywords and the tickets' text, so both sides always agree.
 *
 * Deliberately small and predictable rather than linguistically right: it strips one common
 * English suffix (ies, ing, ed, es, s, e), undoes a doubled final consonant (and a final `ll` in
 * longer words), and maps any token
 * with a digit to `#` (order numbers, dates, amounts all read as "a number").
 */

/** The token every word containing a digit becomes. */
export const NUMBER_TOKEN = '#';

const MIN_STEM = 3;
const SUFFIXES = ['ing', 'ed', 'es', 's', 'e'] as const;

/**
 * The stem of one lower-case word.
 *
 * @example
 * stem('refunded');   // 'refund'
 * stem('cancelling'); // 'cancel'
 * stem('charges');    // 'charg'
 * stem('charge');     // 'charg'
 */
export function stem(word: string): string {
  if (word.length <= MIN_STEM) return word;
  if (word.endsWith('ies') && word.length > MIN_STEM + 1) return `${word.slice(0, -3)}y`;
  let base = word;
  for (const suffix of SUFFIXES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < MIN_STEM) continue;
    if (suffix === 's' && /(?:ss|us|is)$/.test(word)) break;
    if (suffix === 'e' && word.endsWith('ee')) break;
    base = word.slice(0, -suffix.length);
    // shipped → shipp → ship, jammed → jamm → jam (but add, pass and buzz keep theirs)
    if (suffix !== 'e' && base.length > MIN_STEM && doubled(base) && !/[lsz]$/.test(base)) return base.slice(0, -1);
    break;
  }
  // cancelled → cancel, installed and install → instal (bill, call and sell stay whole)
  return base.length >= 5 && base.endsWith('ll') ? base.slice(0, -1) : base;
}

function doubled(word: string): boolean {
  const last = word[word.length - 1];
  return last === word[word.length - 2] && !/[aeiouy]/.test(last);
}

/** True for the characters a word is made of: ASCII letters and digits, and letters beyond ASCII. */
export function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  // Latin-1 letters and everything above, except general punctuation and the × ÷ signs.
  return c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x206f) && !(c >= 0x3000 && c <= 0x303f);
}

/** The apostrophes dropped inside words: straight and typographic. */
export const APOSTROPHE = 39;
export const RIGHT_QUOTE = 0x2019;

/**
 * Calls `each` with every word of an already lower-cased text, in order. Apostrophes inside a
 * word (straight or typographic) are dropped ("can't" → "cant", "customer's" → "customers"), so a keyword need not guess
 * whether the customer typed one. Words with a digit arrive as NUMBER_TOKEN.
 */
export function forEachWord(text: string, each: (word: string) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordChar(text.charCodeAt(i))) i++;
    if (i >= n) return;
    const start = i;
    let digit = false;
    let apostrophe = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (isWordChar(c)) {
        if (c >= 48 && c <= 57) digit = true;
        i++;
      } else if ((c === APOSTROPHE || c === RIGHT_QUOTE) && i + 1 < n && isWordChar(text.charCodeAt(i + 1)) && i > start) {
        apostrophe = true;
        i++;
      } else break;
      if (i >= n) break;
    }
    if (digit) each(NUMBER_TOKEN);
    else each(apostrophe ? text.slice(start, i).replace(/['\u2019]/g, '') : text.slice(start, i));
  }
}

/** Lower-case ASCII words one space apart: the common case, read without the tokenizer. */
const PLAIN_WORDS = /^[a-z]+(?: [a-z]+)*$/;

/** How many words a keyword has (what keywordStems(phrase).length gives, without stemming them). */
export function keywordWordCount(phrase: string): number {
  if (PLAIN_WORDS.test(phrase)) {
    let n = 1;
    for (let i = phrase.indexOf(' '); i >= 0; i = phrase.indexOf(' ', i + 1)) n++;
    return n;
  }
  let n = 0;
  forEachWord(phrase.toLowerCase(), () => n++);
  return n;
}

/**
 * The stems of a keyword phrase as the index stores them, e.g. `money back` → ['money', 'back'].
 *
 * @example
 * keywordStems("Didn't arrive"); // ['didnt', 'arriv']
 */
export function keywordStems(phrase: string): string[] {
  if (PLAIN_WORDS.test(phrase)) return phrase.split(' ').map(stem);
  const out: string[] = [];
  forEachWord(phrase.toLowerCase(), (word) => out.push(stem(word)));
  return out;
}
