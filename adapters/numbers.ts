/** Cells that say "no count" (blank aside): what spreadsheets and exports write for it. */
const UNKNOWN = /^(-|–|—|n\/?a|none|null)$/i;

/**
 * Counts from exports re-saved by European Excel: `1.234` and `1 234` are thousands, `12,0`
 * a decimal comma. Returns a whole number; undefined for a blank cell or one that says the count
 * is not known (`-`, `n/a`); null for anything else that is not a count (`NaN`, `-2`, `three`,
 * `1e400`, `0x10`), which the adapter quarantines rather than guess.
 */
export function parseCount(value: string | undefined): number | undefined | null {
  const text = (value ?? '').trim().replace(/[\s\u00a0']/g, '');
  if (!text || UNKNOWN.test(text)) return undefined;
  // "1.234,5" or "1,234.5": the last separator is the decimal one.
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let normalized = text;
  if (lastDot >= 0 && lastComma >= 0) normalized = lastComma > lastDot ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  else if (lastComma >= 0) normalized = /^\d{1,3}(,\d{3})+$/.test(text) ? text.replace(/,/g, '') : text.replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(text)) normalized = text.replace(/\./g, '');
  if (!/^\d{1,15}(\.\d*)?$/.test(normalized)) return null;
  return Math.round(Number(normalized));
}
