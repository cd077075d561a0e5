/**
 * Timestamp parsing for exports: ISO 8601 with or without an offset, `YYYY-MM-DD HH:MM[:SS]`,
 * date-only values, and `MM/DD/YYYY` or `DD/MM/YYYY` by the mapping's `dateOrder`. Values that
 * carry no offset are read in the run's `--tz` zone.
 */

export type DateOrder = 'ymd' | 'mdy' | 'dmy';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i;
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:,?[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;
/** Jira's default `14/Mar/24 2:15 PM` (English month abbreviations). */
const NAMED_MONTH = /^(\d{1,2})[/ -]([A-Za-z]{3})[a-z]*[/ -](\d{2}|\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Excel serial day numbers between 1990 and 2100 (days since 1899-12-30, fraction = time of day). */
const EXCEL_SERIAL = /^(3[2-9]\d{3}|[4-6]\d{4}|7[0-3]\d{3})([.,]\d+)?$/;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** Unix seconds (10 digits) or milliseconds (13 digits). */
const EPOCH = /^\d{9,10}$|^\d{12,13}$/;

/**
 * The years a ticket's timestamps may fall in: [1990-01-01, 2100-01-01) UTC. Billing, the wallet
 * and every chart walk the months between the first and the last ticket, so one mistyped year
 * (`9999-12-31`, `0201-05-04`) would make a run walk some hundred thousand months; such a record
 * is quarantined as a bad date instead. Help desks did not exist before 1990, and Excel serial
 * dates (below) are read in the same window.
 */
export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2099;
const FIRST_MS = Date.UTC(FIRST_YEAR, 0, 1);
const END_MS = Date.UTC(LAST_YEAR + 1, 0, 1);

/**
 * True for epoch ms in the supported years. Numeric times in JSON exports are taken as they are,
 * so one such as 1e300 (or an offset of 10^14 hours) must be refused rather than become a date
 * that nothing downstream can print or bucket.
 */
export function isValidTime(ms: number): boolean {
  return ms >= FIRST_MS && ms < END_MS;
}

/** Epoch ms for a timestamp string, or null when it is not a valid date in the supported years. */
export function parseTimestamp(value: string, tz = 'UTC', order: DateOrder = 'ymd'): number | null {
  const ms = parseAnyTimestamp(value, tz, order);
  return ms !== null && isValidTime(ms) ? ms : null;
}

function parseAnyTimestamp(value: string, tz: string, order: DateOrder): number | null {
  const text = value.trim();
  if (!text) return null;
  if (text.length === 20) {
    const zulu = isoZulu(text, tz);
    if (zulu !== undefined) return zulu;
  }
  let m = ISO.exec(text);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', off] = m;
    const ms = Number(frac.padEnd(3, '0').slice(0, 3));
    return build(+y, +mo, +d, +h, +mi, +s, ms, off, tz);
  }
  m = SLASHED.exec(text);
  if (m) {
    const [, a, b, y, h0 = '0', mi = '0', s = '0', ampm] = m;
    const h = hour24(+h0, ampm);
    if (h === null) return null;
    const [mo, d] = order === 'dmy' ? [+b, +a] : [+a, +b];
    return build(+y, mo, d, h, +mi, +s, 0, undefined, tz);
  }
  m = NAMED_MONTH.exec(text);
  if (m) {
    const [, d, name, y, h0 = '0', mi = '0', s = '0', ampm] = m;
    const mo = MONTHS.indexOf(name.toLowerCase()) + 1;
    const h = hour24(+h0, ampm);
    if (mo === 0 || h === null) return null;
    return build(y.length === 2 ? 2000 + +y : +y, mo, +d, h, +mi, +s, 0, undefined, tz);
  }
  if (EXCEL_SERIAL.test(text)) {
    // Excel stores local wall-clock time: read it as such in `tz`.
    const wall = EXCEL_EPOCH + Math.round(Number(text.replace(',', '.')) * 86_400_000);
    return tz === 'UTC' ? wall : wall - zoneOffsetMs(wall - zoneOffsetMs(wall, tz), tz);
  }
  if (EPOCH.test(text)) return text.length <= 10 ? Number(text) * 1000 : Number(text);
  return null;
}

const ZERO = 48;

/** The digit at `i`, or NaN. */
function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - ZERO;
  return c >= 0 && c <= 9 ? c : NaN;
}

/**
 * `2025-03-04T05:06:07Z`, the form nearly every export writes, read without the regex: the same
 * value the ISO branch gives, or undefined for any other text (which then takes the general path).
 */
function isoZulu(text: string, tz: string): number | null | undefined {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 90) {
    return undefined;
  }
  const y = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  const mo = digit(text, 5) * 10 + digit(text, 6);
  const d = digit(text, 8) * 10 + digit(text, 9);
  const h = digit(text, 11) * 10 + digit(text, 12);
  const mi = digit(text, 14) * 10 + digit(text, 15);
  const s = digit(text, 17) * 10 + digit(text, 18);
  if (Number.isNaN(y + mo + d + h + mi + s)) return undefined;
  return build(y, mo, d, h, mi, s, 0, 'Z', tz);
}

function hour24(h: number, ampm: string | undefined): number | null {
  if (!ampm) return h;
  if (h < 1 || h > 12) return null;
  return (h % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
}

/**
 * The day/month order of a column of slashed dates (`03/04/2025`): `dmy` when a first part
 * exceeds 12, `mdy` when a second part does, undefined when the sample cannot tell.
 */
export function detectDateOrder(values: Iterable<string>): DateOrder | undefined {
  let dayFirst = false;
  let monthFirst = false;
  for (const value of values) {
    const m = SLASHED.exec(value.trim());
    if (!m) continue;
    if (+m[1] > 12) dayFirst = true;
    if (+m[2] > 12) monthFirst = true;
  }
  if (dayFirst === monthFirst) return undefined;
  return dayFirst ? 'dmy' : 'mdy';
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The days of month `mo` (1–12) of year `y` as Date.UTC counts them (it reads years 0–99 as 1900–1999). */
function daysInMonth(y: number, mo: number): number {
  if (mo !== 2) return MONTH_DAYS[mo - 1];
  const year = y >= 0 && y <= 99 ? 1900 + y : y;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, off: string | undefined, tz: string): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Reject impossible days such as 2025-02-30, which Date.UTC would roll into March (and a leap
  // second at 23:59, which it rolls into the next day). Days are counted, not read back from a
  // Date: that made an object for every timestamp of every ticket.
  if (d > daysInMonth(y, mo) || (s === 60 && new Date(utc).getUTCDate() !== d)) return null;
  if (off && off !== 'Z' && !/^(z|utc|gmt)$/i.test(off)) {
    const sign = off[0] === '-' ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  if (off || tz === 'UTC') return utc;
  // Wall-clock time in `tz`: subtract the zone's offset at that instant (twice, for DST edges).
  const first = utc - zoneOffsetMs(utc, tz);
  return utc - zoneOffsetMs(first, tz);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (Europe/Paris in summer → +7,200,000). */
export function zoneOffsetMs(at: number, tz: string): number {
  let fmt = formatters.get(tz);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(tz, fmt);
  }
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(at / 1000) * 1000;
}

/** True when `tz` is a zone this Node knows. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `YYYY-MM` of an instant, in UTC. */
export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** `YYYY-MM-DD` of an instant, in UTC. */
export function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
