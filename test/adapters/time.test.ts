import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { monthOf, parseTimestamp, zoneOffsetMs } from '../../adapters/time.js';

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

  it('reads offset-less values in the given zone, across daylight-saving changes', () => {
    expect(parseTimestamp('2025-01-15 12:00', 'Europe/Paris')).toBe(Date.UTC(2025, 0, 15, 11));
    expect(parseTimestamp('2025-07-15 12:00', 'Europe/Paris')).toBe(Date.UTC(2025, 6, 15, 10));
    expect(parseTimestamp('2025-07-15 12:00', 'America/Los_Angeles')).toBe(Date.UTC(2025, 6, 15, 19));
  });

  it('round-trips any instant written as ISO 8601 UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        expect(parseTimestamp(new Date(ms).toISOString())).toBe(ms);
      }),
    );
  });

  it('knows zone offsets and months', () => {
    expect(zoneOffsetMs(Date.UTC(2025, 6, 1), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
    expect(monthOf(Date.UTC(2025, 11, 31, 23, 59))).toBe('2025-12');
  });
});
