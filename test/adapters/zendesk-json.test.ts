import { createReadStream, readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReadItem } from '../../adapters/adapter.js';
import { zendeskCsv } from '../../adapters/zendesk-csv.js';
import { zendeskJson, zendeskJsonKind } from '../../adapters/zendesk-json.js';
import { messages } from '../../engine/messages.js';
import type { Ticket } from '../../engine/ticket.js';
import { readAll } from '../helpers/read-adapter.js';
import { solvedTicketArb } from '../helpers/ticket-arbitrary.js';

const DIR = 'test/fixtures/zendesk-json';
const FULL = `${DIR}/full-export.ndjson`;
const HTML = `${DIR}/html-threads.ndjson`;
const AUDITS = `${DIR}/audits.json`;
const TICKETS = `${DIR}/incremental-tickets.json`;
const EVENTS = `${DIR}/ticket-events.json`;

async function readGroup(files: string[], open = (f: string): Readable => createReadStream(f)): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of zendeskJson.readGroup!(files, { tz: 'UTC' }, open)) items.push(item);
  return items;
}

describe('zendesk-json: the full export (NDJSON)', () => {
  it('reads tickets with their comment thread; deleted, spam, truncated and undated lines set aside', async () => {
    const { tickets, rejections } = await readAll(zendeskJson, FULL);
    expect(tickets[0]).toEqual({
      id: '48213',
      createdAt: Date.UTC(2024, 1, 3, 8, 14, 55),
      updatedAt: Date.UTC(2024, 1, 4, 15, 2, 10),
      channel: 'email',
      subject: 'Refund for order 5521',
      body: 'My mug arrived broken. I want a refund.',
      tags: ['refund', 'vip_customer'],
      status: 'solved',
      priority: 'high',
      requester: 'maya@example.org',
      group: 'Billing',
      messages: [
        { at: Date.UTC(2024, 1, 3, 8, 14, 55), role: 'customer', public: true, text: 'My mug arrived broken. I want a refund.' },
        { at: Date.UTC(2024, 1, 3, 9), role: 'agent', public: false, text: 'Checked photos, approve' },
        { at: Date.UTC(2024, 1, 3, 9, 40, 2), role: 'agent', public: true, text: 'Refund issued.' },
        { at: Date.UTC(2024, 1, 5, 10), role: 'customer', public: true, text: 'Thanks!' },
      ],
      events: [],
      source: { file: FULL, line: 1 },
    });
    // {"ticket": {...}} is unwrapped; a numeric via id is a channel too.
    expect(tickets.slice(1)).toMatchObject([{ id: '48214', channel: 'email', priority: '', requester: '9' }]);
    expect(rejections.map((r) => ({ ...r, reason: r.code === 'bad-json' ? '' : r.reason }))).toEqual([
      { file: FULL, line: 3, id: '48215', code: 'filtered-deleted', reason: messages.filteredDeleted() },
      { file: FULL, line: 4, id: '', code: 'bad-json', reason: '' },
      { file: FULL, line: 5, id: '48217', code: 'bad-date', reason: messages.badDate('created_at', 'not a date') },
      { file: FULL, line: 6, id: '48218', code: 'filtered-spam', reason: messages.filteredSpam() },
    ]);
    expect(rejections[1].reason).toMatch(/^unreadable JSON record: /);
  });

  it('turns HTML bodies into text without quoted history or signatures; requester, rule and agent roles', async () => {
    const { tickets } = await readAll(zendeskJson, HTML);
    expect(tickets[0]).toEqual({
      id: '60001',
      createdAt: Date.UTC(2024, 2, 4, 9, 15),
      updatedAt: Date.UTC(2024, 2, 5, 11),
      channel: 'web',
      subject: 'Charged twice for INV-2207',
      body: 'Hi,\n\nI was charged twice for invoice INV-2207.\n\nThanks,\nJo',
      tags: ['billing', 'double_charge'],
      status: 'solved',
      priority: 'normal',
      requester: 'jo@example.de',
      group: 'Billing',
      messages: [
        { at: Date.UTC(2024, 2, 4, 9, 15), role: 'customer', public: true, text: 'Hi,\nI was charged twice for invoice INV-2207.\nThanks,\nJo' },
        { at: Date.UTC(2024, 2, 4, 10), role: 'agent', public: false, text: 'Duplicate charge confirmed in Stripe & refunded.' },
        { at: Date.UTC(2024, 2, 5, 10, 2), role: 'agent', public: true, text: 'Sorry about that! The second charge is refunded.' },
        { at: Date.UTC(2024, 2, 5, 10, 30), role: 'customer', public: true, text: 'Great, thank you!' },
        { at: Date.UTC(2024, 2, 5, 11), role: 'system', public: true, text: 'Your request 60001 has been solved. Reply to reopen it.' },
      ],
      events: [],
      source: { file: HTML, line: 1 },
    });
    // Wrapped, via 74 (WhatsApp), no embedded requester or group: their ids stand in.
    expect(tickets[1]).toMatchObject({ id: '60002', channel: 'messaging', status: 'hold', requester: '39500002', group: '360002', messages: [] });
  });

  it('streams: the first ticket comes out before the rest of the file has arrived', async () => {
    for (const [opening, rest] of [
      [`${readFileSync(FULL, 'utf8').split('\n')[0]}\n`, ''],
      ['{"tickets":[{"id":1,"via":{"channel":"web"},"created_at":"2024-01-01T00:00:00Z","requester_id":2},', '{"id":2,"created_at":"2024-01-02T00:00:00Z"}]}'],
    ]) {
      const input = new PassThrough();
      input.write(opening.padEnd(70_000, ' ')); // past the 64 KiB the reader peeks at
      const it = zendeskJson.read(input, { file: 'f', tz: 'UTC' })[Symbol.asyncIterator]();
      expect((await it.next()).value?.ticket?.id).toMatch(/^(48213|1)$/);
      input.end(rest);
      while (!(await it.next()).done);
    }
  });
});

describe('zendesk-json: Incremental Export pages with audits and ticket events, read as a group', () => {
  it('joins comments and changes onto every copy of a ticket, and quarantines events without one', async () => {
    const items = await readGroup([AUDITS, TICKETS, EVENTS]);
    const tickets = items.flatMap((i) => (i.ticket ? [i.ticket] : []));
    // The page repeats 7001 with a later update: both come out, the pipeline keeps the latest.
    expect(tickets.map((t) => [t.id, t.status, t.updatedAt, t.source.line])).toEqual([
      ['7001', 'open', Date.UTC(2024, 2, 1, 9, 10), 1],
      ['7002', 'solved', Date.UTC(2024, 2, 2, 9, 5), 2],
      ['7001', 'solved', Date.UTC(2024, 2, 3, 12), 3],
    ]);
    const thread7001 = {
      messages: [
        { at: Date.UTC(2024, 2, 1, 9), role: 'customer', public: true, text: 'Order 881 has not arrived' },
        { at: Date.UTC(2024, 2, 1, 9, 10), role: 'agent', public: true, text: 'It ships tomorrow.' },
      ],
      events: [
        { at: Date.UTC(2024, 2, 1, 9, 10), field: 'status', from: 'open', to: 'pending' },
        { at: Date.UTC(2024, 2, 3, 12), field: 'status', from: 'pending', to: 'solved' },
      ],
      solvedAt: Date.UTC(2024, 2, 3, 12),
    };
    expect(tickets[0]).toMatchObject(thread7001);
    expect(tickets[2]).toMatchObject(thread7001);
    // Ticket events (Unix-second timestamps, child_events keyed by field): the description opens
    // the thread, since the events page starts after the ticket was created.
    expect(tickets[1]).toEqual({
      id: '7002',
      createdAt: Date.UTC(2024, 2, 2, 9),
      updatedAt: Date.UTC(2024, 2, 2, 9, 5),
      solvedAt: Date.UTC(2024, 2, 2, 11),
      channel: 'chat',
      subject: 'Invoice copy',
      body: 'Please send the invoice',
      tags: [],
      status: 'solved',
      priority: 'low',
      requester: '43',
      group: '',
      messages: [
        { at: Date.UTC(2024, 2, 2, 9), role: 'customer', public: true, text: 'Please send the invoice' },
        { at: Date.UTC(2024, 2, 2, 10), role: 'customer', public: true, text: 'Please send the March invoice too.' },
      ],
      events: [
        { at: Date.UTC(2024, 2, 2, 11), field: 'status', from: 'open', to: 'solved' },
        { at: Date.UTC(2024, 2, 2, 11), field: 'priority', from: 'low', to: 'normal' },
      ],
      source: { file: TICKETS, line: 2 },
    });
    expect(items.flatMap((i) => (i.rejection ? [i.rejection] : []))).toEqual([
      { file: AUDITS, line: 4, id: '9999', code: 'orphan', reason: messages.orphan('9999') },
      { file: EVENTS, line: 3, id: '8888', code: 'orphan', reason: messages.orphan('8888') },
    ]);
  });

  it('a tickets file bigger than the head is closed once its shape is known, then read whole', async () => {
    const ticket = (i: number): Ticket => ({
      id: String(i + 1), createdAt: Date.UTC(2024, 0, 1), channel: 'web', subject: 's', body: 'b'.repeat(200), tags: [], status: 'open', priority: 'low',
      requester: 'r@example.com', group: 'G', messages: [], events: [], source: { file: 'x', line: 0 },
    });
    const text = [...zendeskJson.write!(Array.from({ length: 600 }, (_, i) => ticket(i)))].map((c) => c.text).join('');
    expect(text.length).toBeGreaterThan(3 * 65_536);
    let opens = 0;
    const open = (f: string) => {
      opens++;
      // As ingest opens files: a PassThrough filled by a source still arriving when it is closed.
      async function* slowly() {
        yield Buffer.from(text.slice(0, 70_000));
        await new Promise((r) => setTimeout(r, 20));
        yield Buffer.from(text.slice(70_000));
      }
      const out = new PassThrough();
      (f === 'big.ndjson' ? Readable.from(slowly()) : Readable.from([readFileSync(f)])).pipe(out);
      return out;
    };
    const items = await readGroup(['big.ndjson', AUDITS], open);
    expect(opens).toBe(3);
    expect(items.filter((i) => i.ticket)).toHaveLength(600);
    expect(items.filter((i) => i.rejection).map((i) => i.rejection!.id)).toEqual(['7001', '9999']); // no such tickets in big.ndjson
  });

  it('an audits page alone: every audit is an orphan, at its place in the array', async () => {
    const { rejections } = await readAll(zendeskJson, AUDITS);
    expect(rejections.map((r) => [r.line, r.id, r.code])).toEqual([[1, '7001', 'orphan'], [2, '7001', 'orphan'], [3, '7001', 'orphan'], [4, '9999', 'orphan']]);
  });

  it('a file of another shape fails naming it', async () => {
    await expect(readGroup(['test/fixtures/generic-csv/tickets.csv'])).rejects.toMatchObject({ code: 'INPUT', message: messages.notZendeskJson('test/fixtures/generic-csv/tickets.csv') });
  });
});

describe('zendesk-json: shapes and detection', () => {
  it('tells its shapes apart from the first bytes', () => {
    const head = (f: string) => readFileSync(f, 'utf8').slice(0, 65_536);
    expect([FULL, HTML, TICKETS, AUDITS, EVENTS].map((f) => zendeskJsonKind(head(f)))).toEqual(['ndjson', 'ndjson', 'tickets', 'audits', 'ticket_events']);
    expect(zendeskJsonKind('{"tickets":[{"id":1}],"end_of_stream":true}')).toBe('tickets'); // a page saved on one line
    expect(zendeskJsonKind(`{"url":"https://a.zendesk.com/api/v2/tickets/1.json","comments":[{"body":"${'x'.repeat(70_000)}`)).toBe('ndjson'); // a ticket longer than the head
    expect(zendeskJsonKind('id,subject\n1,x')).toBeUndefined();
    expect(zendeskJsonKind('{\n  "name": "package"\n}')).toBeUndefined();
  });

  it('scores its own files high and look-alikes low', () => {
    const score = (f: string) => zendeskJson.detect({ file: f, text: readFileSync(f, 'utf8') });
    expect(score(FULL)).toEqual({ score: 0.9, evidence: ['via', 'requester_id', 'comments', 'url'] });
    expect(score(TICKETS)).toEqual({ score: 0.9, evidence: ['"tickets" page', 'via', 'requester_id', 'url'] });
    expect(score(AUDITS)).toEqual({ score: 0.9, evidence: ['"audits" page', 'ticket_id', 'events'] });
    expect(score(EVENTS)).toEqual({ score: 0.9, evidence: ['"ticket_events" page', 'ticket_id', 'child_events'] });
    expect(zendeskJson.detect({ file: 'x', text: '{"tickets":[{"id":1,"title":"x"}]}' }).score).toBeLessThan(0.5);
    expect(zendeskJson.detect({ file: 'x', text: readFileSync('test/fixtures/generic-csv/tickets.csv', 'utf8') }).score).toBe(0);
    expect(zendeskCsv.detect({ file: FULL, text: readFileSync(FULL, 'utf8') }).score).toBeLessThan(0.5);
  });
});

/** What the full export carries of a ticket: via channels that read back as phone and web, no audits, the last update. */
function jsonCarries(t: Ticket, index: number): Ticket {
  const CHANNEL: Partial<Record<Ticket['channel'], Ticket['channel']>> = { voice: 'phone', other: 'web' };
  const { solvedAt: _solved, ...rest } = t;
  return { ...rest, channel: CHANNEL[t.channel] ?? t.channel, updatedAt: t.updatedAt ?? t.solvedAt ?? t.createdAt, events: [], source: { file: 'f', line: index + 1 } };
}

const zendeskTickets = fc.uniqueArray(
  fc.tuple(solvedTicketArb, fc.constantFrom('new', 'open', 'pending', 'hold', 'solved', 'closed')).map(([t, status]) => ({ ...t, status, tags: t.tags.filter((g) => g !== 'spam') })),
  { selector: (t) => t.id, maxLength: 6 },
);

describe('zendesk-json: write, and read ∘ write', () => {
  it('writes one NDJSON line per ticket, as one chunk each', () => {
    const chunks = [...zendeskJson.write!([{
      id: '12', createdAt: Date.UTC(2025, 0, 2, 3, 4, 5), channel: 'email', subject: 's', body: 'b', tags: [], status: '', priority: '',
      requester: 'r@example.com', group: 'G', events: [], source: { file: 'x', line: 1 }, messages: [],
    }])];
    expect(chunks.map((c) => c.text.endsWith('}\n'))).toEqual([true]);
    expect(JSON.parse(chunks[0].text)).toMatchObject({ id: 12, via: { channel: 'email' }, created_at: '2025-01-02T03:04:05Z', status: 'open', priority: null, comments: [] });
  });

  it('is the identity on what the full export carries: thread, roles and internal notes', async () => {
    await fc.assert(
      fc.asyncProperty(zendeskTickets, async (tickets) => {
        const text = [...zendeskJson.write!(tickets)].map((c) => c.text).join('');
        const items = [];
        for await (const item of zendeskJson.read(Readable.from([Buffer.from(text)]), { file: 'f', tz: 'UTC' })) items.push(item);
        expect(items).toEqual(tickets.map((t, i) => ({ ticket: jsonCarries(t, i) })));
      }),
      { numRuns: 150 },
    );
  });
});

describe('zendesk-json: numeric times too far off to be dates (found by test/fuzz)', () => {
  const read = async (ticket: Record<string, unknown>) => {
    const items = [];
    for await (const item of zendeskJson.read(Readable.from([Buffer.from(`${JSON.stringify(ticket)}\n`)]), { file: 't.ndjson', tz: 'UTC' })) items.push(item);
    return items;
  };

  it('rejects a ticket created at one, as an unreadable date', async () => {
    for (const created_at of [1e300, 2 ** 53 + 2, -1e300]) {
      expect((await read({ id: 1, created_at })).map((i) => i.rejection?.code)).toEqual(['bad-date']);
    }
  });

  it('reads a comment or an update time that is one as having no time', async () => {
    const [item] = await read({
      id: 1, created_at: '2024-03-01T09:00:00Z', updated_at: 1e300, requester_id: 5,
      comments: [{ author_id: 5, plain_body: 'hello', created_at: 2 ** 53 + 2 }, { author_id: 5, plain_body: 'later', created_at: '2024-03-01T10:00:00Z' }],
    });
    expect(item.ticket?.updatedAt).toBeUndefined();
    expect(item.ticket?.messages).toEqual([{ at: Date.UTC(2024, 2, 1, 10), role: 'customer', public: true, text: 'later' }]);
  });
});
