import { describe, expect, it, vi } from 'vitest';
import { writeReport } from '../../reports/index.js';
import * as render from '../../reports/render.js';
import { MemorySink } from '../../reports/sink.js';
import { summaryFixture } from '../helpers/summary-fixture.js';

const seen = vi.hoisted(() => ({ threads: [] as number[] }));
vi.mock('../../reports/render.js', async (importOriginal) => {
  const real = await importOriginal<typeof render>();
  return {
    ...real,
    renderCharts: (specs: Parameters<typeof real.renderCharts>[0], opts: Parameters<typeof real.renderCharts>[1]) => {
      seen.threads.push(opts.threads);
      return real.renderCharts(specs, opts);
    },
  };
});

describe('writeReport and the PNG threads', () => {
  it('rasterises in one thread however many workers the run had (two at once made the peak)', async () => {
    const summary = summaryFixture();
    summary.run.workers = 4;
    const sink = new MemorySink();
    await writeReport(summary, sink);
    expect(seen.threads).toEqual([1]);
    expect(sink.files.get('charts/monthly-cost.png')).toBeInstanceOf(Uint8Array);
  });
});
