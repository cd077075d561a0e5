import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { genericCsv } from '../../../adapters/generic-csv.js';
import { emptyPartial, mergePartials } from '../../../engine/aggregate/partial.js';
import { loadPlaybook } from '../../../engine/infer/playbook.js';
import { loadPlans } from '../../../engine/pricing/plans.js';
import { createReplayer, replayBatch } from '../../../engine/replay/replay-batch.js';
import type { Ticket } from '../../../engine/ticket.js';
import { readAll } from '../../helpers/read-adapter.js';

const config = { seed: 7, environment: 'production' as const, playbook: loadPlaybook(), plans: loadPlans() };

async function sampleTickets(n: number): Promise<Ticket[]> {
  const { tickets } = await readAll(genericCsv, 'datasets/sample/tickets.csv');
  return tickets.slice(0, n);
}

describe('replayBatch', () => {
  it('folds every ticket into the partial, with counts that reconcile', async () => {
    const tickets = await sampleTickets(400);
    const { partial, rejections } = replayBatch(createReplayer(config), { batch: 0, tickets });
    expect(rejections).toEqual([]);
    expect(partial.tickets).toBe(400);
    expect(partial.aiResolved + partial.handedOff).toBe(400);
    expect(Object.values(partial.months).reduce((s, m) => s + m.tickets, 0)).toBe(400);
    expect(Object.values(partial.intents).reduce((s, n) => s + n, 0)).toBe(400);
    expect(partial.plans).toHaveLength(config.plans.length);
    for (const plan of partial.plans) expect(Object.values(plan.histogram).reduce((s, n) => s + n, 0)).toBe(400);
  });

  it('gives the same merged partial however the tickets are split into batches and ordered', async () => {
    const tickets = await sampleTickets(300);
    const replayer = createReplayer(config);
    const whole = replayBatch(replayer, { batch: 0, tickets }).partial;
    fc.assert(
      fc.property(fc.array(fc.nat(299), { maxLength: 6 }), fc.boolean(), (cuts, reverse) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const order = reverse ? [...tickets].reverse() : tickets;
        let merged = emptyPartial(config.plans.length);
        let start = 0;
        for (const end of [...points, order.length]) {
          merged = mergePartials(merged, replayBatch(replayer, { batch: 0, tickets: order.slice(start, end) }).partial);
          start = end;
        }
        expect(JSON.stringify(sortKeys(merged))).toBe(JSON.stringify(sortKeys(whole)));
      }),
      { numRuns: 20 },
    );
  });

  it('quarantines a ticket that cannot be replayed instead of failing the batch', async () => {
    const [good] = await sampleTickets(1);
    const broken = { ...good, id: 'broken', createdAt: Number.NaN } as Ticket;
    const { partial, rejections } = replayBatch(createReplayer(config), { batch: 3, tickets: [good, broken] });
    expect(partial.tickets).toBe(1);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({ id: 'broken', code: 'replay-failed', file: good.source.file });
  });
});

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
