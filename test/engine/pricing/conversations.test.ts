import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countConversations } from '../../../engine/pricing/conversations.js';

const h = 3_600_000;

describe('countConversations', () => {
  it('opens a window at the first turn after the previous one ended (0 h, 23 h, 24 h, 50 h → 3)', () => {
    expect(countConversations([0, 23 * h, 24 * h, 50 * h], 24)).toBe(3);
  });

  it('measures the window from its start, not from the last turn', () => {
    // 0 h opens [0, 24); 20 h and 23 h stay in it; 25 h is past its end although 2 h after 23 h.
    expect(countConversations([0, 20 * h, 23 * h, 25 * h], 24)).toBe(2);
  });

  it('sorts the turns first', () => {
    expect(countConversations([50 * h, 0, 24 * h, 23 * h], 24)).toBe(3);
  });

  it('counts a turn a millisecond before the end in the window, and one at the end in the next', () => {
    expect(countConversations([0, 24 * h - 1], 24)).toBe(1);
    expect(countConversations([0, 24 * h], 24)).toBe(2);
  });

  it('follows windowHours', () => {
    expect(countConversations([0, 23 * h, 24 * h, 50 * h], 48)).toBe(2);
    expect(countConversations([0, 23 * h, 24 * h, 50 * h], 1)).toBe(4);
  });

  it('gives 1 for a single turn, for repeated turns, and for none', () => {
    expect(countConversations([5 * h], 24)).toBe(1);
    expect(countConversations([5 * h, 5 * h, 5 * h], 24)).toBe(1);
    expect(countConversations([], 24)).toBe(1);
  });

  it('does not change its input', () => {
    const turns = [3, 1, 2];
    countConversations(turns, 24);
    expect(turns).toEqual([3, 1, 2]);
  });
});

describe('countConversations, inactivity rule', () => {
  it('extends the window with each message: 0 h → 23 h → 24 h are chained, 50 h is 26 h after 24 h (→ 2)', () => {
    expect(countConversations([0, 23 * h, 24 * h, 50 * h], 24, 'inactivity')).toBe(2);
    expect(countConversations([50 * h, 0, 24 * h, 23 * h], 24, 'inactivity')).toBe(2);
  });

  it('keeps a conversation going as long as no gap reaches windowHours', () => {
    // Each turn 23 h after the previous one: one conversation, where from-start counts [0, 24) and [46, 70).
    expect(countConversations([0, 23 * h, 46 * h, 69 * h], 24, 'inactivity')).toBe(1);
    expect(countConversations([0, 23 * h, 46 * h, 69 * h], 24, 'from-start')).toBe(2);
  });

  it('counts a turn a millisecond before windowHours after the last one in the window, and one at it in the next', () => {
    expect(countConversations([0, 24 * h - 1], 24, 'inactivity')).toBe(1);
    expect(countConversations([0, 24 * h], 24, 'inactivity')).toBe(2);
    // Measured from the last turn (20 h), not from the start: 44 h is exactly 24 h after it.
    expect(countConversations([0, 20 * h, 44 * h - 1], 24, 'inactivity')).toBe(1);
    expect(countConversations([0, 20 * h, 44 * h], 24, 'inactivity')).toBe(2);
  });

  it('follows windowHours', () => {
    expect(countConversations([0, 23 * h, 24 * h, 50 * h], 26, 'inactivity')).toBe(2); // 50 − 24 = 26: not inside
    expect(countConversations([0, 23 * h, 24 * h, 50 * h], 27, 'inactivity')).toBe(1);
    expect(countConversations([0, 23 * h, 24 * h, 50 * h], 1, 'inactivity')).toBe(4); // 23 → 24 is exactly 1 h: a new window
  });

  it('gives 1 for a single turn, for repeated turns, and for none', () => {
    expect(countConversations([5 * h], 24, 'inactivity')).toBe(1);
    expect(countConversations([5 * h, 5 * h], 24, 'inactivity')).toBe(1);
    expect(countConversations([], 24, 'inactivity')).toBe(1);
  });

  it('without a rule, counts windows from their start', () => {
    expect(countConversations([0, 23 * h, 24 * h, 50 * h], 24)).toBe(countConversations([0, 23 * h, 24 * h, 50 * h], 24, 'from-start'));
  });

  const turns = fc.array(fc.integer({ min: 0, max: 30 * 86_400_000 }), { maxLength: 40 });
  const hours = fc.integer({ min: 1, max: 72 });

  it('is 1 plus the gaps of at least windowHours between consecutive turns, whatever their order', () => {
    fc.assert(
      fc.property(turns, hours, (t, hrs) => {
        const sorted = [...t].sort((a, b) => a - b);
        const gaps = sorted.filter((at, i) => i > 0 && at - sorted[i - 1] >= hrs * h).length;
        expect(countConversations(t, hrs, 'inactivity')).toBe(1 + gaps);
        expect(countConversations([...t].reverse(), hrs, 'inactivity')).toBe(1 + gaps);
      }),
    );
  });

  it('never counts more than from-start: inactivity windows only merge from-start ones', () => {
    fc.assert(
      fc.property(turns, hours, (t, hrs) => {
        expect(countConversations(t, hrs, 'inactivity')).toBeLessThanOrEqual(countConversations(t, hrs, 'from-start'));
      }),
    );
  });
});
