/**
 * Counts from exports re-saved by European Excel: `1.234` and `1 234` are thousands, `12,0`
 * a decimal comma. Returns a whole number, or undefined for a blank or unreadable cell.
 */
export function parseCount(value: string | undefined): number | undefined {
  const text = (value ?? '').trim().replace(/[\s\u00a0']/g, '');
  if (!text) return undefined;
  // "1.234,5" or "1,234.5": the last separator is the decimal one.
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let normalized = text;
  if (lastDot >= 0 && lastComma >= 0) normalized = lastComma > lastDot ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  else if (lastComma >= 0) normalized = /^\d{1,3}(,\d{3})+$/.test(text) ? text.replace(/,/g, '') : text.replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(text)) normalized = text.replace(/\./g, '');
  const n = Number(normalized);
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;
}
