import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain script module of the bench, without types
import { phasePeaks } from './phases.mjs';

describe('phasePeaks', () => {
  it('splits the sampled resident set where the report starts', () => {
    const run = { timings: { beforeReportMs: 300 }, rss: [[100, 120], [200, 290], [300, 250], [400, 340], [500, 200]] };
    expect(phasePeaks(run)).toBe('peak RSS by phase (sampled): ingest+replay 290 MiB, report 340 MiB');
  });

  it('says nothing without samples or timings (the yardstick, a failed run)', () => {
    expect(phasePeaks({ timings: { beforeReportMs: 10 } })).toBe('');
    expect(phasePeaks({ rss: [[100, 120]] })).toBe('');
  });
});
