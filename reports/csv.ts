/**
 * CSV cells as spreadsheets read them safely: RFC 4180 quoting, and text that a spreadsheet would
 * run as a formula (`=`, `+`, `-`, `@`, tab, CR first; OWASP "CSV injection") defused with a
 * leading apostrophe. Used for tables/*.csv and, streamed row by row, for rejected.csv.
 *
 * Beyond OWASP's list, also defused: those characters after leading blanks (some spreadsheets
 * trim a cell before reading it), their full-width forms (＝＋－＠, which East Asian input
 * methods type and some spreadsheets accept as operators) and a leading line feed.
 *
 * Free of arquero on purpose: every run loads this file (rejected.csv, engine/output.ts) before a
 * ticket is read, and arquero is 166 modules (about 75 ms); the report's tables (tables.ts) bring
 * it in with the rest of the report.
 */

const FORMULA_START = /^[\t\r\n]|^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;
/** A plain negative number such as `-12` or `-0.5e3` is data, not a formula. */
const NEGATIVE_NUMBER = /^-(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * Prefixes text that a spreadsheet would evaluate with `'`.
 *
 * @example neutralizeFormula('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"; neutralizeFormula('-3') // '-3'
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !NEGATIVE_NUMBER.test(text) ? `'${text}` : text;
}

/** One CSV cell: empty for null/undefined, numbers as written by JavaScript, text defused and quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  const text = neutralizeFormula(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One CSV line, newline-terminated.
 *
 * @example csvRow(['a.csv', 3, 'say "hi"']) // 'a.csv,3,"say ""hi"""\n'
 */
export function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}
