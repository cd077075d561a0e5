/**
 * Lining up aggregated usage with the billing period: bill() gets usage for the months that had
 * tickets, in any order, and must return one invoice per month of the period.
 */

import type { MonthUsage, Units } from './model.js';

/**
 * The units of every month of `months`, in order. Months without usage get zero for each of
 * `unitNames`; entries for the same month are added up; months outside the period are ignored.
 *
 * @example
 * unitsByMonth([{ month: '2025-02', tickets: 1, units: { credits: 20 } }], ['2025-01', '2025-02'], ['credits'])
 * // → [{ credits: 0 }, { credits: 20 }]
 */
export function unitsByMonth(usage: readonly MonthUsage[], months: readonly string[], unitNames: readonly string[]): Units[] {
  const index = new Map(months.map((month, i) => [month, i]));
  const out: Units[] = months.map(() => Object.fromEntries(unitNames.map((name) => [name, 0])));
  for (const { month, units } of usage) {
    const i = index.get(month);
    if (i === undefined) continue;
    for (const name in units) out[i][name] = (out[i][name] ?? 0) + units[name];
  }
  return out;
}
