/**
 * HTML to plain text for ticket bodies: tags dropped, block ends turned into line breaks,
 * common entities decoded. Plain text passes through untouched (the fast path).
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function htmlToText(value: string): string {
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
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Splits a tag cell on `;`, `,` or whitespace runs; trims; drops empties. */
export function splitTags(value: string): string[] {
  if (!value) return [];
  return value.split(/[;,]|\s+/).map((t) => t.trim()).filter(Boolean);
}
