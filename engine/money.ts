/**
 * Money is held in integer micro-dollars (1 USD = 1,000,000) while metering and billing, and
 * rounded to cents once per invoice line. Totals are sums of rounded months, so they always equal
 * the months they are made of, to the cent.
 */

export const MICROS_PER_USD = 1_000_000;

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
