/**
 * HTML to plain text for ticket bodies: tags dropped, block ends turned into line breaks,
 * common entities decoded. Plain text passes through untouched (the fast path).
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function htmlToText(value: string): string {
  // Most exports are plain text: two byte searches settle it before any regex runs.
  if (value.indexOf('<') === -1 && value.indexOf('&') === -1) return value;
  if (!/<[a-z!/]|&[#a-z0-9]+;/i.test(value)) return value;
  return value
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
      }
      const entity = name.toLowerCase();
      return Object.hasOwn(ENTITIES, entity) ? ENTITIES[entity] : whole; // `&constructor;` is no entity
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Splits a tag cell on `;`, `,` or whitespace runs; trims; drops empties: the runs of characters
 * that are none of those, which is what `value.split(/[;,]|\s+/).map(trim).filter(Boolean)` gives
 * (a property test holds the two together) without its three arrays per record.
 */
export function splitTags(value: string): string[] {
  const tags: string[] = [];
  let start = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === SEMICOLON || c === COMMA || isJsSpace(c)) {
      if (start >= 0) tags.push(value.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) tags.push(value.slice(start));
  return tags;
}

const SEMICOLON = 59;
const COMMA = 44;

/** True for the code units a regex's `\s` (and String.prototype.trim) takes for white space. */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

// Where quoted history starts in a reply: "On <date>, <someone> wrote:" (one or two lines),
// Outlook's "-----Original Message-----" or "From: ...\nSent: ...", or a "-- " signature line.
export const QUOTE_START = /^(?:on\b[^\n]{0,200}(?:\n[^\n]{0,200})?\bwrote:|-{3,} ?original message ?-{3,}|from: [^\n]*\n(?:sent|date): |-- ?$)/im;
// Mobile mail signatures that carry no content.
const MOBILE_SIGNATURE = /^\s*(?:sent from my [a-z0-9 ]{2,30}|get outlook for (?:ios|android))\s*$/gim;

/** Every QUOTE_START alternative contains one of these: texts without any skip the anchored search. */
export const QUOTE_HINT = /wrote:|original message|from:|--/i;

/**
 * A reply without the history it quotes and without its signature: everything from the first
 * "On … wrote:", "-----Original Message-----", "From:/Sent:" header or "-- " line is dropped, and
 * `>`-quoted lines and "Sent from my iPhone" lines are removed. Text that is nothing but a quote
 * is kept whole, so a record is never emptied.
 */
export function dropQuotedHistory(text: string): string {
  let out = text;
  const cut = QUOTE_HINT.test(out) ? out.search(QUOTE_START) : -1;
  if (cut > 0 && out.slice(0, cut).trim()) out = out.slice(0, cut);
  if (out.includes('>')) {
    const kept = out.split('\n').filter((line) => !line.trimStart().startsWith('>')).join('\n');
    if (kept.trim()) out = kept;
  }
  if (/sent from my|get outlook/i.test(out)) {
    const kept = out.replace(MOBILE_SIGNATURE, '');
    if (kept.trim()) out = kept;
  }
  return out === text ? text : out.trim();
}

/** A message body as the replay reads it: HTML reduced to text, quoted history and signature dropped. */
export function plainText(value: string): string {
  return dropQuotedHistory(htmlToText(value));
}
