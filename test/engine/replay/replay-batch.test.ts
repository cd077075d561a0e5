import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayOf } from '../../../adapters/time.js';
import { genericCsv } from '../../../adapters/generic-csv.js';
import { ESCALATE } from '../../../engine/actions.js';
import { bump, emptyPartial, mergePartials, TAG_SEPARATOR, type Partial } from '../../../engine/aggregate/partial.js';
import { inferTicket } from '../../../engine/infer/infer.js';
import type { Inference } from '../../../engine/infer/inference.js';
import { loadPlaybook } from '../../../engine/infer/playbook.js';
import type { Rejection } from '../../../engine/ingest/rejection.js';
import { messages } from '../../../engine/messages.js';
import { getModel } from '../../../engine/pricing/index.js';
import type { Units } from '../../../engine/pricing/model.js';
import { loadPlans, type Plan } from '../../../engine/pricing/plans.js';
import { dayNumber } from '../../../engine/replay/day-ids.js';
import { memoFor } from '../../../engine/replay/meter-memo.js';
import {
  BatchReplay, createReplayer, meterInput, meterTicket, replayBatch, UNTAGGED, type Replayer,
} from '../../../engine/replay/replay-batch.js';
import { CHANNELS, type Ticket } from '../../../engine/ticket.js';
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

/**
 * The fold as it was before BatchReplay, ticket by ticket into string-keyed records: the oracle
 * BatchReplay's compact tally must match exactly.
 */
function referenceReplay(r: Replayer, tickets: Ticket[]): { partial: Partial; rejections: Rejection[] } {
  const partial = emptyPartial(r.plans.length);
  const rejections: Rejection[] = [];
  for (const ticket of tickets) {
    let inference: Inference;
    let metered: { units: Units; micros: number }[];
    let day: string;
    try {
      day = dayOf(ticket.createdAt);
      inference = inferTicket(ticket, r.playbook, r.seed, { explain: false });
      metered = meterTicket(r, meterInput(ticket, inference));
    } catch (err) {
      rejections.push({
        file: ticket.source.file, line: ticket.source.line, id: ticket.id, code: 'replay-failed',
        reason: messages.replayFailed((err as Error).message),
      });
      continue;
    }
    referenceAddTicket(partial, ticket, day, inference, metered);
  }
  return { partial, rejections };
}

function referenceAddTicket(p: Partial, ticket: Ticket, day: string, inf: Inference, metered: { units: Units; micros: number }[]): void {
  const ai = inf.resolution === 'ai';
  const month = day.slice(0, 7);
  p.tickets++;
  if (ai) p.aiResolved++;
  else {
    p.handedOff++;
    bump(p.handoffReasons, inf.reason);
  }
  p.firstAt = p.firstAt === null ? ticket.createdAt : Math.min(p.firstAt, ticket.createdAt);
  p.lastAt = p.lastAt === null ? ticket.createdAt : Math.max(p.lastAt, ticket.createdAt);
  for (const action of inf.actions) bump(p.actions, action);
  bump(p.intents, inf.intent);
  bump(p.channels, ticket.channel);
  bump(p.days, day);
  const m = (p.months[month] ??= { tickets: 0, aiResolved: 0, handedOff: 0 });
  m.tickets++;
  if (ai) m.aiResolved++;
  else m.handedOff++;
  const tagKey = (dimension: string, value: string) => `${dimension}${TAG_SEPARATOR}${value}${TAG_SEPARATOR}${month}`;
  const keys = [tagKey('group', ticket.group || '(none)'), tagKey('channel', ticket.channel), tagKey('intent', inf.intent)];
  const exportTags = ticket.tags.length > 0 ? [...new Set(ticket.tags)] : [UNTAGGED];
  const exportKeys = exportTags.map((tag) => tagKey('tag', tag));
  const handoff = ai ? 0 : 1;
  const addUnits = (into: Record<string, Units>, key: string, units: Units) => {
    const target = (into[key] ??= {});
    for (const unit in units) target[unit] = (target[unit] ?? 0) + units[unit];
  };
  const addTagCell = (tags: Partial['plans'][number]['tags'], key: string, weight: number) => {
    const cell = (tags[key] ??= { tickets: 0, weight: 0, handoffs: 0 });
    cell.tickets++;
    cell.weight += weight;
    cell.handoffs += handoff;
  };
  metered.forEach(({ units, micros }, i) => {
    const plan = p.plans[i];
    addUnits(plan.usage, month, units);
    addUnits(plan.daily, day, units);
    addUnits(plan.byResolution as unknown as Record<string, Units>, ai ? 'ai' : 'handoff', units);
    addUnits(plan.byChannel, ticket.channel, units);
    bump(plan.histogram, String(Math.round(micros / 10_000)));
    for (const key of keys) addTagCell(plan.tags, key, micros);
    const share = Math.round(micros / exportKeys.length);
    for (const key of exportKeys) addTagCell(plan.tags, key, share);
  });
}

function batchReplay(r: Replayer, tickets: Ticket[]): { partial: Partial; rejections: Rejection[] } {
  const batch = new BatchReplay(r);
  const rejections: Rejection[] = [];
  for (const ticket of tickets) {
    const rejection = batch.replay(ticket);
    if (rejection) rejections.push(rejection);
  }
  return { partial: batch.finish(), rejections };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Plans beyond the catalogue: conversation windows that are not whole milliseconds (1.1 h), seats alone. */
const extraPlans: Plan[] = [
  getModel('per-conversation').schema.parse({ id: 'conv-1h1', name: 'c', model: 'per-conversation', usdPerConversation: 0.37, windowHours: 1.1 }),
  getModel('per-conversation').schema.parse({ id: 'conv-idle', name: 'c', model: 'per-conversation', usdPerConversation: 1, windowHours: 1.1, window: 'inactivity' }),
  getModel('per-user').schema.parse({ id: 'seats', name: 's', model: 'per-user', usdPerUserPerMonth: 50, users: 3 }),
];
const replayers = {
  production: createReplayer({ ...config, plans: [...config.plans, ...extraPlans] }),
  sandbox: createReplayer({ ...config, environment: 'sandbox', plans: [...extraPlans.slice(0, 1), ...config.plans.slice(0, 4)] }),
};

/** Subjects and bodies of real sample tickets, so the playbook finds its intents. */
const texts = (await sampleTickets(200)).map(({ subject, body }) => ({ subject, body }));

/** A ticket of a random batch: turns spaced to land on window edges, dates across months, years and 1970. */
const randomTicketArb = fc.record({
  text: fc.nat(texts.length - 1),
  createdAt: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: Date.UTC(2024, 10, 25), max: Date.UTC(2025, 1, 10) }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1_000, Date.UTC(2025, 0, 31, 23, 59, 59, 999), -1, Number.NaN, 9e15) },
  ),
  channel: fc.constantFrom(...CHANNELS),
  tags: fc.array(fc.constantFrom('refund', 'order', 'vip', 'a', 'b', `a${TAG_SEPARATOR}b`, UNTAGGED), { maxLength: 4 }),
  group: fc.constantFrom('', 'Billing', 'Support', '(none)'),
  priority: fc.constantFrom('low', 'normal', 'high', 'urgent'),
  gaps: fc.option(fc.array(fc.constantFrom(0, 60_000, 1.1 * HOUR, 3_960_000, 7_920_000, DAY, 25 * HOUR), { maxLength: 3 }), { nil: undefined }),
  activity: fc.option(fc.record({ customerReplies: fc.nat(2), reopens: fc.nat(1) }), { nil: undefined }),
  actions: fc.option(fc.array(fc.constantFrom('Identify Customer', 'Answer Question with Knowledge', 'Set Variable', ESCALATE), { maxLength: 4 }), { nil: undefined }),
});

type Drawn = typeof randomTicketArb extends fc.Arbitrary<infer T> ? T : never;
type RandomTicket = Omit<Drawn, 'tags' | 'group' | 'actions'> & { tags: string[]; group: string; actions: string[] | undefined };

function toTicket(t: RandomTicket, i: number): Ticket {
  const { subject, body } = texts[t.text];
  const ticket: Ticket = {
    id: `r${i}`, createdAt: t.createdAt, channel: t.channel, subject, body, tags: t.tags, status: 'solved',
    priority: t.priority, requester: 'x@example.com', group: t.group, messages: [], events: [],
    source: { file: 'random.csv', line: i + 2 },
  };
  if (t.gaps) {
    // The first message opens the ticket; each gap follows the previous customer turn.
    let at = t.createdAt;
    ticket.messages.push({ at, role: 'customer', public: true, text: body });
    for (const gap of t.gaps) ticket.messages.push({ at: (at += gap), role: 'customer', public: true, text: 'and another thing' });
  }
  if (t.activity) ticket.activity = t.activity;
  if (t.actions) ticket.actions = t.actions;
  return ticket;
}

describe('BatchReplay', () => {
  it('gives exactly the partial and rejections of the ticket-by-ticket fold, on random batches', () => {
    fc.assert(
      fc.property(fc.array(randomTicketArb, { maxLength: 60 }), fc.constantFrom('production', 'sandbox'), (raw, environment) => {
        const r = replayers[environment as keyof typeof replayers];
        const tickets = raw.map(toTicket);
        const expected = referenceReplay(r, tickets);
        const actual = batchReplay(r, tickets);
        expect(actual.rejections).toStrictEqual(expected.rejections);
        expect(actual.partial).toStrictEqual(expected.partial);
      }),
      { numRuns: 200 },
    );
  });

  it('gives exactly the partial of the ticket-by-ticket fold on the bundled sample', async () => {
    const tickets = await sampleTickets(5000);
    const r = createReplayer(config);
    const expected = referenceReplay(r, tickets);
    const actual = batchReplay(r, tickets);
    expect(actual.partial.tickets).toBe(5000);
    expect(actual.rejections).toEqual([]);
    expect(actual.partial).toStrictEqual(expected.partial);
    expect(replayBatch(r, { batch: 0, tickets }).partial).toStrictEqual(expected.partial);
  });

  it('meters a plan that reads the customer turns ticket by ticket: the same spacing is not always the same count', () => {
    // 1.1 h is 3,960,000.0000000005 ms: in 1970 a turn 3,960,000 ms after the first is still inside
    // the window; in 2025 `at + window` rounds to a whole millisecond and the same turn opens another.
    const tickets = [0, Date.UTC(2025, 0, 6)].map((at, i) => toTicket({
      text: 0, createdAt: at, channel: 'chat', tags: [], group: 'Support', priority: 'normal', gaps: [3_960_000], activity: undefined,
      actions: ['Identify Customer'],
    }, i));
    const r = createReplayer({ ...config, plans: extraPlans.slice(0, 1) });
    const { partial } = batchReplay(r, tickets);
    expect(partial.plans[0].daily).toStrictEqual({ '1970-01-01': { conversations: 1 }, '2025-01-06': { conversations: 2 } });
    expect(partial).toStrictEqual(referenceReplay(r, tickets).partial);
  });

  it('tells tag lists and groups apart exactly: separators inside tags, repeats, empty tags, none', () => {
    const lists = [[`a${TAG_SEPARATOR}b`], ['a', 'b'], ['a', 'a'], ['b', 'a'], [], [''], [UNTAGGED], ['a', 'b', 'a']];
    const tickets = lists.flatMap((tags, i) => ['', '(none)', 'Billing'].map((group, j) => toTicket({
      text: i, createdAt: Date.UTC(2025, 0, 6 + j), channel: 'email', tags, group, priority: 'normal', gaps: undefined, activity: undefined, actions: undefined,
    }, i * 3 + j)));
    const r = replayers.production;
    const { partial } = batchReplay(r, tickets);
    expect(partial).toStrictEqual(referenceReplay(r, tickets).partial);
    expect(Object.keys(partial.plans[0].tags).filter((key) => key.startsWith('tag')).sort()).toEqual(
      ['', 'a', `a${TAG_SEPARATOR}b`, 'b', UNTAGGED].map((tag) => `tag${TAG_SEPARATOR}${tag}${TAG_SEPARATOR}2025-01`).sort(),
    );
  });

  it('tells action logs apart exactly, whatever characters the action names hold', () => {
    const logs = [['Get Order', 'Status'], ['Get Order|Status'], [`Get Order${TAG_SEPARATOR}Status`], ['Get Order,Status'], ['Get Order', 'Status', ESCALATE]];
    const tickets = logs.map((actions, i) => toTicket({
      text: i, createdAt: Date.UTC(2025, 0, 6), channel: 'chat', tags: [], group: '', priority: 'normal', gaps: undefined, activity: undefined, actions,
    }, i));
    const r = replayers.production;
    const { partial } = batchReplay(r, tickets);
    expect(partial.plans[0].byResolution).toStrictEqual({ ai: { actions: 5, credits: 100 }, handoff: { actions: 2, credits: 40 } });
    expect(partial).toStrictEqual(referenceReplay(r, tickets).partial);
  });

  it('keeps apart the units of each plan that reads the turns, whichever plan has which', () => {
    // Two made-up models that read the turns: one meters a unit for tickets of 2025, the other for older ones.
    const fake = (recent: boolean) => ({
      model: 'fake', description: '', schema: undefined, bill: () => [],
      meter: (t: { customerTurns: number[] }) => ((t.customerTurns[0] >= Date.UTC(2025, 0, 1)) === recent ? { x: 1 } : {}),
      ticketMicros: (units: Units) => (units.x ?? 0) * 7,
    }) as unknown as Replayer['plans'][number]['model'];
    const plan = (id: string) => ({ id, name: id, model: 'fake' });
    const r: Replayer = { ...replayers.production, plans: [{ plan: plan('recent'), model: fake(true) }, { plan: plan('older'), model: fake(false) }] };
    const tickets = [Date.UTC(2024, 11, 31), Date.UTC(2025, 0, 1)].map((createdAt, i) => toTicket({
      text: 0, createdAt, channel: 'chat', tags: [], group: '', priority: 'normal', gaps: undefined, activity: undefined, actions: ['Identify Customer'],
    }, i));
    const { partial } = batchReplay(r, tickets);
    expect(partial.plans.map((p) => p.byChannel.chat)).toStrictEqual([{ x: 1 }, { x: 1 }]);
    expect(partial).toStrictEqual(referenceReplay(r, tickets).partial);
  });

  it('rejects a ticket with the error plan-by-plan metering meets first', () => {
    // The first plan's units are fine but its price fails; the second plan's units fail.
    const failing = (step: 'price' | 'units') => ({
      model: 'fake', description: '', schema: undefined, bill: () => [],
      meter: (t: { customerTurns: number[] }) => {
        if (step === 'units') throw new Error(`no units for ${t.customerTurns.length} turns`);
        return { x: t.customerTurns.length };
      },
      ticketMicros: () => {
        throw new Error('no price');
      },
    }) as unknown as Replayer['plans'][number]['model'];
    const plan = { id: 'p', name: 'p', model: 'fake' };
    const r: Replayer = { ...replayers.production, plans: [{ plan, model: failing('price') }, { plan, model: failing('units') }] };
    const tickets = [0, 1].map((i) => toTicket({
      text: 0, createdAt: Date.UTC(2025, 0, 6), channel: 'chat', tags: [], group: '', priority: 'normal', gaps: undefined, activity: undefined, actions: ['Identify Customer'],
    }, i));
    const { rejections } = batchReplay(r, tickets);
    expect(rejections.map((x) => x.reason)).toStrictEqual([messages.replayFailed('no price'), messages.replayFailed('no price')]);
    expect(rejections).toStrictEqual(referenceReplay(r, tickets).rejections);
  });

  it("shares a replayer's meter memo between batches, and starts it afresh past its cap", () => {
    const r = createReplayer(config);
    const memo = memoFor(r, 1);
    const input = { channel: 'chat' as const, actions: ['Identify Customer'], customerTurns: [0], aiReplies: 1, resolution: 'ai' as const };
    expect(memo.outcomeOf(input)).toBe(0);
    expect(memo.outcomeOf({ ...input, customerTurns: [Date.UTC(2025, 0, 6)] })).toBe(0);
    expect(memoFor(r, 1)).toBe(memo);
    expect(memo.outcomeOf({ ...input, channel: 'voice' })).toBe(1);
    const fresh = memoFor(r, 1);
    expect(fresh).not.toBe(memo);
    expect(fresh.outcomes).toEqual([]);
    expect(memoFor(r)).toBe(fresh);
  });

  it('numbers days as Date does, truncating the time towards zero', () => {
    for (const at of [0, -0.5, -1, 86_399_999.9, 86_400_000, -86_400_000, -86_400_001, Date.UTC(2025, 0, 31, 23, 59, 59, 999), 8.64e15, -8.64e15]) {
      const date = new Date(at);
      expect(dayNumber(at), String(at)).toBe(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) / DAY);
    }
  });
});

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
