import { describe, expect, it } from 'vitest';
import { unitsByMonth } from '../../../engine/pricing/usage.js';

describe('unitsByMonth', () => {
  it('lines usage up with the months, zero-filling months without usage', () => {
    const usage = [
      { month: '2025-03', tickets: 2, units: { credits: 40, actions: 2 } },
      { month: '2025-01', tickets: 1, units: { credits: 20, actions: 1 } },
    ];
    expect(unitsByMonth(usage, ['2025-01', '2025-02', '2025-03'], ['actions', 'credits'])).toEqual([
      { actions: 1, credits: 20 },
      { actions: 0, credits: 0 },
      { actions: 2, credits: 40 },
    ]);
  });

  it('adds up entries of the same month and ignores months outside the period', () => {
    const usage = [
      { month: '2025-01', tickets: 1, units: { credits: 20 } },
      { month: '2025-01', tickets: 1, units: { credits: 16 } },
      { month: '2024-12', tickets: 1, units: { credits: 999 } },
    ];
    expect(unitsByMonth(usage, ['2025-01'], ['credits'])).toEqual([{ credits: 36 }]);
  });
});
