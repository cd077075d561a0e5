// A run keeps its worker pool after the feed (take-back, the forecast) until the report is drawn.
// Nothing the feed alone needs may stay reachable from the pool meanwhile: its id index is 24
// bytes a ticket (52 MiB at a million), and it used to stay resident through the report.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { expandInputs, planInputs, type IngestOptions } from '../../../engine/ingest/ingest.js';
import { loadPlaybook } from '../../../engine/infer/playbook.js';
import { loadPlans } from '../../../engine/pricing/plans.js';
import { feed } from '../../../engine/replay/feed.js';
import { ReplayPool } from '../../../engine/replay/pool.js';
import { toWorkerData } from '../../../engine/replay/task.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('feed', () => {
  it('leaves nothing of its own reachable from the pool once every batch is in', { timeout: 60_000 }, async () => {
    const plans = loadPlans();
    const pool = new ReplayPool(toWorkerData({ seed: 1, environment: 'production', playbook: loadPlaybook(), plans }), 1);
    try {
      const opts: IngestOptions = { adapter: 'auto', tz: 'UTC' };
      const planned = await planInputs(await expandInputs(['datasets/sample/tickets.csv']), opts);
      let fed: Awaited<ReturnType<typeof feed>> | undefined = await feed(planned, opts, pool, () => undefined, undefined, () => undefined, undefined, plans.length);
      expect(fed.read).toBe(5000);
      expect(fed.dedupe.rejections()).toEqual([]);
      const ids = new WeakRef(fed.dedupe);
      fed = undefined;
      // WeakRef targets survive until the current job ends: collect after it.
      await new Promise((r) => setTimeout(r, 0));
      gc();
      expect(ids.deref()).toBeUndefined();
      // The pool is still usable (take-back and the forecast run on it after the feed).
      expect(pool.deliver(undefined as never)).toBeUndefined();
    } finally {
      await pool.close();
    }
  });
});
