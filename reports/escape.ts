/**
 * Escaping for user text (plan names, file paths, intents, action names) in the report formats.
 * Every piece of text that did not come from this code goes through one of these.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text → HTML text or attribute value.
 *
 * @example htmlEscape('<b>"x"</b>') // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function htmlEscape(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML[c]);
}

/**
 * Text → inline Markdown that renders as exactly that text: one line, HTML characters as
 * entities, Markdown punctuation (including `|`, which would split a table cell) backslashed, and
 * a leading `-` or `1.` defused so text opening a list item cannot start a nested list.
 *
 * @example mdEscape('a | `b` <i>') // 'a \\| \\`b\\` &lt;i&gt;'
 */
export function mdEscape(text: unknown): string {
  return String(text)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[&<>]/g, (c) => HTML[c])
    .replace(/[\\`*_[\]#+!|~]/g, (c) => `\\${c}`)
    .replace(/^-/, '\\-')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * A value as JSON that is safe inside `<script>`: `<` (so no `</script` or `<!--`) and the line
 * separators U+2028/U+2029 become \u escapes, which JSON.parse reads back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
