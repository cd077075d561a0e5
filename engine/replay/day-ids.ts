/**
 * Small ids for the UTC days (and their months) of a batch's tickets. A batch covers a few days,
 * so `dayOf` (a Date and an ISO string) runs once per day met rather than once per ticket.
 */

import { dayOf } from '../../adapters/time.js';

const MS_PER_DAY = 86_400_000;

export class DayIds {
  /** `YYYY-MM-DD` by day id. */
  readonly days: string[] = [];
  /** Month id by day id. */
  readonly monthOf: number[] = [];
  /** `YYYY-MM` by month id. */
  readonly months: string[] = [];
  private readonly byNumber = new Map<number, number>();
  private readonly monthIds = new Map<string, number>();
  /** Tickets come roughly in time order: the last day asked for answers most lookups. */
  private lastNumber = Number.NaN;
  private lastId = -1;

  /** The id of the UTC day of `at` (epoch ms); throws as `dayOf` does for an invalid time. */
  id(at: number): number {
    const n = dayNumber(at);
    if (n === this.lastNumber) return this.lastId;
    let id = this.byNumber.get(n);
    if (id === undefined) {
      // Only a valid time gets here and past dayOf: an invalid one has a NaN or far-off number, never stored.
      const day = dayOf(at);
      id = this.days.push(day) - 1;
      this.monthOf.push(this.monthId(day.slice(0, 7)));
      this.byNumber.set(n, id);
    }
    this.lastNumber = n;
    this.lastId = id;
    return id;
  }

  private monthId(month: string): number {
    let id = this.monthIds.get(month);
    if (id === undefined) {
      id = this.months.push(month) - 1;
      this.monthIds.set(month, id);
    }
    return id;
  }
}

/**
 * Days since 1970-01-01 of the instant a Date built from `at` holds: Date truncates the time
 * value towards zero, then a day is the floor of it. Integer math only, exact over Date's range.
 */
export function dayNumber(at: number): number {
  const ms = Math.trunc(at);
  const rest = ms % MS_PER_DAY;
  return (ms - rest) / MS_PER_DAY - (rest < 0 ? 1 : 0);
}
