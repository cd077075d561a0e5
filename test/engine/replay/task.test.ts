import { describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../../engine/infer/playbook.js';
import { loadPlans } from '../../../engine/pricing/plans.js';
import { fromWorkerData, toWorkerData } from '../../../engine/replay/task.js';

describe('workerData', () => {
  it('carries the config whole, the playbook as shared UTF-8 bytes every worker reads in place', () => {
    const config = { seed: 7, environment: 'sandbox' as const, playbook: loadPlaybook(), plans: loadPlans() };
    const data = toWorkerData(config);
    // Shared, not cloned per worker; and bytes, not a two-byte string: about 3.3 MB for the built-in one.
    expect(data.playbookJson).toBeInstanceOf(SharedArrayBuffer);
    expect(data.playbookJson.byteLength).toBeLessThan(4_000_000);
    expect(JSON.parse(JSON.stringify(fromWorkerData(structuredClone(data))))).toEqual(JSON.parse(JSON.stringify(config)));
  });

  it('keeps text beyond Latin-1 exactly (a keyword in another script, a label with an arrow)', () => {
    const playbook = { ...loadPlaybook(), description: 'Rückerstattung → 返金 ✓' };
    const back = fromWorkerData(toWorkerData({ seed: 1, environment: 'production', playbook, plans: [] }));
    expect(back.playbook.description).toBe('Rückerstattung → 返金 ✓');
  });
});
