import { describe, expect, it } from 'vitest';
import { PLAN_PALETTE, planColorScale, planLabels, wrapLabel } from '../../../reports/charts/theme.js';
import { summaryFixture } from '../../helpers/summary-fixture.js';

describe('planColorScale(planIds)', () => {
  it('gives plan i the i-th colour of the palette, whatever the ids', () => {
    expect(planColorScale(['b', 'a'])).toEqual({ domain: ['b', 'a'], range: [PLAN_PALETTE[0], PLAN_PALETTE[1]] });
  });

  it('cycles the palette when there are more plans than colours', () => {
    const ids = Array.from({ length: PLAN_PALETTE.length + 1 }, (_, i) => `p${i}`);
    expect(planColorScale(ids).range.at(-1)).toBe(PLAN_PALETTE[0]);
  });
});

describe('planLabels(summary)', () => {
  it('uses plan names, adding the id only where two plans share a name', () => {
    const s = summaryFixture();
    expect(planLabels(s)[2]).toBe('Intercom Fin');
    s.plans[3].name = 'Intercom Fin';
    expect(planLabels(s).slice(2)).toEqual(['Intercom Fin (intercom-fin)', 'Intercom Fin (eesel-business)']);
  });
});

describe('wrapLabel(text, width, lines)', () => {
  it('wraps at spaces', () => {
    expect(wrapLabel('Agentforce Flex Credits (pay-as-you-go)', 24)).toBe('Agentforce Flex Credits\n(pay-as-you-go)');
  });

  it('cuts words longer than a line and ellipses what does not fit', () => {
    expect(wrapLabel('abcdefghij', 4, 2)).toBe('abcd\nefg…');
  });

  it('leaves short labels alone', () => {
    expect(wrapLabel('Intercom Fin')).toBe('Intercom Fin');
  });
});
