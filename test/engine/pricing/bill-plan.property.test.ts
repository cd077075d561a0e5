/**
 * Billing a replay end to end, every catalogue plan over random tickets: a plan's total is the sum
 * of its months and, in every tag dimension, the sum of its tags, to the cent; the human-handling
 * cost adds exactly hand-offs × price; the invoice columns add up to each month's bill.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthOf } from '../../../adapters/time.js';
import { loadPlaybook } from '../../../engine/infer/playbook.js';
import { billPlan, monthRange } from '../../../engine/pricing/bill.js';
import { loadPlans } from '../../../engine/pricing/plans.js';
import { createReplayer, replayBatch, UNTAGGED } from '../../../engine/replay/replay-batch.js';
import { ticketArb } from '../../helpers/ticket-arbitrary.js';

const plans = loadPlans();
const replayer = createReplayer({ seed: 7, environment: 'production', playbook: loadPlaybook(), plans });
const cents = (usd: number) => Math.round(usd * 100);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

// Tickets within two years keep the period (and the wallet's days) small.
const tickets = fc.array(
  ticketArb.map((t) => ({ ...t, createdAt: Date.UTC(2025, 0, 1) + (t.createdAt % (730 * 86_400_000)) })),
  { minLength: 1, maxLength: 60 },
);

describe('billPlan over every catalogue plan', () => {
  it('totals equal the sum of months and of the tags of every dimension, to the cent', () => {
    fc.assert(
      fc.property(tickets, fc.option(fc.integer({ min: 0, max: 2_000 }).map((c) => c / 100), { nil: undefined }), (list, human) => {
        const unique = list.map((t, i) => ({ ...t, id: `T${i}` }));
        const { partial } = replayBatch(replayer, { batch: 0, tickets: unique });
        const months = monthRange(monthOf(partial.firstAt!), monthOf(partial.lastAt!));
        for (const [i, plan] of plans.entries()) {
          const bill = billPlan(plan, i, partial, months, { environment: 'production', humanUsdPerHandoff: human });
          const total = cents(bill.totalUsd);
          expect(sum(bill.monthly.map((m) => cents(m.usd)))).toBe(total);
          for (const m of bill.monthly) {
            expect(cents(m.invoice.feesUsd) + cents(m.invoice.usageUsd) + cents(m.invoice.humanUsd)).toBe(cents(m.usd));
            expect(m.invoice.handoffs).toBe(partial.months[m.month]?.handedOff ?? 0);
            expect(cents(m.invoice.humanUsd)).toBe(human === undefined ? 0 : Math.round(m.invoice.handoffs * human * 100));
          }
          for (const dimension of ['group', 'channel', 'intent', 'tag']) {
            const tags = bill.byTag.filter((t) => t.dimension === dimension);
            expect(sum(tags.map((t) => cents(t.usd))), `${plan.id} by ${dimension}`).toBe(total);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('files a ticket under each of its export tags, and untagged tickets under (untagged)', () => {
    const base = { createdAt: Date.UTC(2025, 2, 3), channel: 'email' as const, subject: 'Where is my order?', body: 'Order 123 has not arrived.', status: 'open', priority: 'normal', requester: '', group: 'Support', messages: [], events: [], source: { file: 'f', line: 1 } };
    const tagCosts = (tickets: typeof base & { id: string; tags: string[] }) => {
      const { partial } = replayBatch(replayer, { batch: 0, tickets: [tickets] });
      const bill = billPlan(plans[0], 0, partial, ['2025-03'], { environment: 'production' });
      return { total: cents(bill.totalUsd), tags: Object.fromEntries(bill.byTag.filter((t) => t.dimension === 'tag').map((t) => [t.value, t])) };
    };
    // One ticket's cost split evenly over its two tags (largest remainder: at most a cent apart).
    const tagged = tagCosts({ ...base, id: 'a', tags: ['vip', 'eu', 'vip'] });
    expect(Object.keys(tagged.tags).sort()).toEqual(['eu', 'vip']);
    expect(tagged.tags.vip.tickets).toBe(1);
    expect(tagged.total).toBeGreaterThan(0);
    expect(cents(tagged.tags.vip.usd) + cents(tagged.tags.eu.usd)).toBe(tagged.total);
    expect(Math.abs(cents(tagged.tags.vip.usd) - cents(tagged.tags.eu.usd))).toBeLessThanOrEqual(1);
    const untagged = tagCosts({ ...base, id: 'b', tags: [] });
    expect(Object.keys(untagged.tags)).toEqual([UNTAGGED]);
    expect(cents(untagged.tags[UNTAGGED].usd)).toBe(untagged.total);
  });
});
