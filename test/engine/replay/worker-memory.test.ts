import { describe, expect, it } from 'vitest';
import { defaultWorkerMemoryMb } from '../../../engine/replay/pool.js';

const GiB = 2 ** 30;

describe('defaultWorkerMemoryMb', () => {
  it('shares half the machine among the workers, between 256 and 1024 MiB each', () => {
    expect(defaultWorkerMemoryMb(2, 24 * GiB)).toBe(1024);
    expect(defaultWorkerMemoryMb(8, 8 * GiB)).toBe(512);
    expect(defaultWorkerMemoryMb(2, 1 * GiB)).toBe(256);
    expect(defaultWorkerMemoryMb(0, 4 * GiB)).toBe(1024);
  });
});

describe('ReplayPool resource limits', () => {
  it('caps the young generation of each worker as well as its old generation', async () => {
    const { ReplayPool, WORKER_YOUNG_GENERATION_MB } = await import('../../../engine/replay/pool.js');
    const { toWorkerData } = await import('../../../engine/replay/task.js');
    const { loadPlans } = await import('../../../engine/pricing/plans.js');
    const { loadPlaybook } = await import('../../../engine/infer/playbook.js');
    const pool = new ReplayPool(toWorkerData({ seed: 1, environment: 'production', playbook: loadPlaybook(), plans: loadPlans() }), 1, undefined, { workerMemoryMb: 300 });
    try {
      expect(WORKER_YOUNG_GENERATION_MB).toBe(24);
      expect(pool.resourceLimits).toEqual({ maxOldGenerationSizeMb: 300, maxYoungGenerationSizeMb: 24 });
    } finally {
      await pool.close();
    }
  });
});
