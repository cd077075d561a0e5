import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectDateOrder, isValidTime, monthOf, parseTimestamp, zoneOffsetMs } from '../../adapters/time.js';

describe('parseTimestamp', () => {
  it.each([
    ['2025-03-04T09:15:00Z', Date.UTC(2025, 2, 4, 9, 15)],
    ['2025-03-04T09:15:00.250Z', Date.UTC(2025, 2, 4, 9, 15, 0, 250)],
    ['2025-03-04 09:15', Date.UTC(2025, 2, 4, 9, 15)],
    ['2025-03-04', Date.UTC(2025, 2, 4)],
    ['2025-03-04T09:15:00+02:00', Date.UTC(2025, 2, 4, 7, 15)],
    ['2025-03-04T09:15:00-0530', Date.UTC(2025, 2, 4, 14, 45)],
    ['03/04/2025', Date.UTC(2025, 2, 4)],
    ['03/04/2025 2:05 PM', Date.UTC(2025, 2, 4, 14, 5)],
  ])('reads %s', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  it('reads day-first dates when told', () => {
    expect(parseTimestamp('03/04/2025', 'UTC', 'dmy')).toBe(Date.UTC(2025, 3, 3));
  });

  it.each(['', 'yesterday', '2025-13-01', '2025-02-30', '2025-02-29', '31/31/2025', '2025-03-04T25:00:00Z', '13/01/2025 13:00 PM'])(
    'refuses %j',
    (text) => {
      expect(parseTimestamp(text)).toBeNull();
    },
  );

  it.each(['9999-12-31T23:59:59Z', '2100-01-01T00:00:00Z', '1989-12-31T23:59:59Z', '1899-01-01', '0201-05-04', '12/31/9999', '100000000000'])(
    'refuses %j, outside the supported years (a run would walk every month up to it)',
    (text) => {
      expect(parseTimestamp(text)).toBeNull();
    },
  );

  it('keeps both ends of the supported years', () => {
    expect(parseTimestamp('1990-01-01T00:00:00Z')).toBe(Date.UTC(1990, 0, 1));
    expect(parseTimestamp('2099-12-31T23:59:59Z')).toBe(Date.UTC(2099, 11, 31, 23, 59, 59));
    expect(isValidTime(Date.UTC(2100, 0, 1))).toBe(false);
    expect(isValidTime(Number.NaN)).toBe(false);
  });

  it('reads offset-less values in the given zone, across daylight-saving changes', () => {
    expect(parseTimestamp('2025-01-15 12:00', 'Europe/Paris')).toBe(Date.UTC(2025, 0, 15, 11));
    expect(parseTimestamp('2025-07-15 12:00', 'Europe/Paris')).toBe(Date.UTC(2025, 6, 15, 10));
    expect(parseTimestamp('2025-07-15 12:00', 'America/Los_Angeles')).toBe(Date.UTC(2025, 6, 15, 19));
  });

  it('round-trips any instant written as ISO 8601 UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) - 1 }), (ms) => {
        expect(parseTimestamp(new Date(ms).toISOString())).toBe(ms);
      }),
    );
  });

  it('knows zone offsets and months', () => {
    expect(zoneOffsetMs(Date.UTC(2025, 6, 1), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
    expect(monthOf(Date.UTC(2025, 11, 31, 23, 59))).toBe('2025-12');
  });
});

describe('the other date shapes real exports use', () => {
  it.each([
    ['14/Mar/24 2:15 PM', Date.UTC(2024, 2, 14, 14, 15)],
    ['04/Mar/25 9:05 AM', Date.UTC(2025, 2, 4, 9, 5)],
    ['45352.5', Date.UTC(2024, 2, 1, 12)],
    ['45352,25', Date.UTC(2024, 2, 1, 6)],
    ['1741079700', Date.UTC(2025, 2, 4, 9, 15)],
    ['1741079700000', Date.UTC(2025, 2, 4, 9, 15)],
    ['22-03-2021', Date.UTC(2021, 2, 22)],
  ])('reads %s', (text, expected) => {
    const order = text === '22-03-2021' ? 'dmy' : 'ymd';
    expect(parseTimestamp(text, 'UTC', order)).toBe(expected);
  });

  it('reads an Excel serial as wall-clock time in the zone', () => {
    expect(parseTimestamp('45352.5', 'Europe/Paris')).toBe(Date.UTC(2024, 2, 1, 11));
  });

  it('tells the day/month order from a column, or says it cannot', () => {
    expect(detectDateOrder(['03/04/2025', '22/03/2025'])).toBe('dmy');
    expect(detectDateOrder(['03/04/2025', '12/31/2025 10:00'])).toBe('mdy');
    expect(detectDateOrder(['03/04/2025', '01/02/2025'])).toBeUndefined();
  });
});

describe('the fast path for 2025-03-04T05:06:07Z', () => {
  it('gives what the general ISO reading gives, for any digits and zone', () => {
    const d2 = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
    const stamp = fc.tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), d2, d2, d2, d2, d2);
    fc.assert(
      fc.property(stamp, fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York'), ([y, mo, d, h, mi, s], tz) => {
        const text = `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
        // A space instead of the T takes the regex: the two readings must agree, nulls included.
        expect(parseTimestamp(text, tz)).toBe(parseTimestamp(text.replace('T', ' '), tz));
      }),
      { seed: 20, numRuns: 3000 },
    );
    expect(parseTimestamp('2025-02-29T10:00:00Z')).toBeNull();
    expect(parseTimestamp('2024-02-29T10:00:00Z')).toBe(Date.UTC(2024, 1, 29, 10));
  });

  it("refuses exactly the days that Date.UTC would roll into the next month (leap years, leap seconds)", () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1990, max: 2099 }), fc.constantFrom(1900, 2000, 2096, 2100)),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.tuple(fc.constantFrom(0, 12, 23), fc.constantFrom(0, 59), fc.constantFrom(0, 30, 59, 60), fc.integer({ min: 0, max: 999 })),
        (y, mo, d, [h, mi, s, ms]) => {
          const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
          const expected = new Date(utc).getUTCDate() === d && isValidTime(utc) ? utc : null;
          const text = `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}.${String(ms).padStart(3, '0')}Z`;
          expect(parseTimestamp(text)).toBe(expected);
          if (ms === 0) expect(parseTimestamp(text.replace('.000', ''))).toBe(expected);
        },
      ),
      { seed: 21, numRuns: 5000 },
    );
    expect(parseTimestamp('2000-02-29T10:00:00Z')).toBe(Date.UTC(2000, 1, 29, 10));
    expect(parseTimestamp('2096-02-29T10:00:00.5Z')).toBe(Date.UTC(2096, 1, 29, 10, 0, 0, 500));
    expect(parseTimestamp('2097-02-29T10:00:00Z')).toBeNull();
    // A leap second rolls into the next minute; at 23:59 into the next day, which the check refuses.
    expect(parseTimestamp('2024-01-30T12:00:60Z')).toBe(Date.UTC(2024, 0, 30, 12, 1));
    expect(parseTimestamp('2024-01-30T23:59:60Z')).toBeNull();
  });
});
