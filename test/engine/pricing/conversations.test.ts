import { describe, expect, it } from 'vitest';
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
