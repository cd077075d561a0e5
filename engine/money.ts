/**
 * Money is held in integer micro-dollars (1 USD = 1,000,000) while metering and billing, and
 * rounded to whole cents once, per month of an invoice. From there on it is summed as integer
 * cents: a plan's total is the sum of its rounded months, a month's invoice lines and its tags are
 * shares of the month's cents, so every figure adds up to the ones it is made of, to the cent.
 * Floats appear only at presentation (`centsToUsd`, `formatUsd`).
 *
 * Exactness has bounds, enforced where prices come in: a price has at most six decimals (a
 * micro-dollar) and is at most MAX_PRICE_USD, so `usd × 10⁶` is an exact integer; billing refuses
 * a month beyond Number.MAX_SAFE_INTEGER micro-dollars (about $9 billion) rather than round it.
 */

export const MICROS_PER_USD = 1_000_000;

/** The dearest price a plan may state, per unit: far above any vendor's, and its micro-dollars stay exact. */
export const MAX_PRICE_USD = 1_000_000_000;

/**
 * True for a price money can hold exactly: finite, from 0 to MAX_PRICE_USD, with at most six
 * decimals (`0.005` yes; `0.0000001` or `1e300` no, which would be rounded to 0 or lose digits).
 *
 * @example isExactPrice(0.99) // true; isExactPrice(1 / 3) // false
 */
export function isExactPrice(usd: number): boolean {
  return Number.isFinite(usd) && usd >= 0 && usd <= MAX_PRICE_USD && Number(usd.toFixed(6)) === usd;
}

/** USD (a decimal number from a config) to integer micro-dollars. */
export function usdToMicros(usd: number): number {
  return Math.round(usd * MICROS_PER_USD);
}

/** Micro-dollars rounded half-up to whole cents, still in micro-dollars. */
export function roundMicrosToCents(micros: number): number {
  return Math.round(micros / 10_000) * 10_000;
}

/** Micro-dollars to integer cents, rounding half-up. */
export function microsToCents(micros: number): number {
  return Math.round(micros / 10_000);
}

/** Integer cents to a USD number with at most two decimals (for JSON). */
export function centsToUsd(cents: number): number {
  return cents / 100;
}

/**
 * A USD amount that has at most two decimals (a figure of summary.json) back to integer cents, so
 * that figures are added as integers, never as floats (0.1 + 0.2 is not 0.3).
 *
 * @example sumCents([0.1, 0.2].map(usdToCents)) // 30
 */
export function usdToCents(usd: number): number {
  return Math.round(usd * 100);
}

/** The sum of integer cents (or of USD figures, in cents: `sumCents(xs.map(usdToCents))`). */
export function sumCents(cents: readonly number[]): number {
  let total = 0;
  for (const c of cents) total += c;
  return total;
}

/** "1234.5" style → "$1,234.50". */
export function formatUsd(usd: number): string {
  const sign = usd < 0 ? '-' : '';
  const [whole, frac] = Math.abs(usd).toFixed(2).split('.');
  return `${sign}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** Exact micro-dollar price of `units` at `usd` per `per` units, rounded half-up to a micro. */
export function priceMicros(units: number, usd: number, per = 1): number {
  // usd * 1e6 is exact for prices given to at most 6 decimals; BigInt keeps large products exact.
  const num = BigInt(units) * BigInt(usdToMicros(usd));
  const den = BigInt(per);
  return Number((num * 2n + den) / (2n * den));
}
