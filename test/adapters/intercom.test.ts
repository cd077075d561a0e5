import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freshdesk } from '../../adapters/freshdesk.js';
import { genericCsv } from '../../adapters/generic-csv.js';
import { intercom } from '../../adapters/intercom.js';
import { zendeskJson } from '../../adapters/zendesk-json.js';
import { messages } from '../../engine/messages.js';
import type { Ticket } from '../../engine/ticket.js';
import { intercomTicketArb, readText } from '../helpers/freshdesk-intercom-arbitrary.js';
import { readAll } from '../helpers/read-adapter.js';
import { ticketArb } from '../helpers/ticket-arbitrary.js';

const FIX = 'test/fixtures/intercom';
const codes = (rs: { line: number; id: string; code: string }[]) => rs.map((r) => [r.line, r.id, r.code]);
const at = (d: number, h: number, m = 0, s = 0) => Date.UTC(2024, 2, d, h, m, s);

describe('intercom: API conversations', () => {
  const file = `${FIX}/conversations.ndjson`;

  it('reads a reopened email: quoted history and signatures dropped, notes internal, state changes and assignments as events', async () => {
    const { tickets } = await readAll(intercom, file);
    expect(tickets[0]).toEqual({
      id: '9001', createdAt: at(20, 9), updatedAt: at(21, 15, 5), solvedAt: at(21, 15, 5), channel: 'email', subject: 'Invoice #4411 is wrong',
      body: 'Hello,\nThe invoice shows 12 seats, we have 10.\nBest,\nAna', tags: ['billing'], status: 'closed', priority: 'high',
      requester: 'ana@example.com', group: '7711', source: { file, line: 1 },
      messages: [
        { at: at(20, 9), role: 'customer', public: true, text: 'Hello,\nThe invoice shows 12 seats, we have 10.\nBest,\nAna' },
        { at: at(20, 9, 30), role: 'agent', public: true, text: 'Fixed, a new invoice is on its way.' },
        { at: at(21, 8), role: 'customer', public: true, text: 'It still says 12 seats & the old total.' },
        { at: at(21, 8, 20), role: 'agent', public: false, text: 'Billing system cache, cleared it.' },
        // A close that carries a reply is a message and an event.
        { at: at(21, 15, 5), role: 'agent', public: true, text: 'Credited the difference. Closing this again.' },
      ],
      events: [
        // Unknown part types become events, never errors.
        { at: at(20, 9, 0, 2), field: 'language_detection_details' },
        { at: at(20, 9, 0, 5), field: 'group', to: '7711' },
        { at: at(20, 9, 31), field: 'status', to: 'closed' },
        { at: at(21, 8), field: 'status', to: 'open' },
        { at: at(21, 15, 5), field: 'status', to: 'closed' },
      ],
    });
  });

  it('reads a Messenger chat answered by Fin (an agent), solved when the bot closed it', async () => {
    const { tickets } = await readAll(intercom, file);
    expect(tickets[1]).toEqual({
      id: '9002', createdAt: at(22, 14), updatedAt: at(22, 14, 6), solvedAt: at(22, 14, 6), channel: 'chat', subject: '',
      body: 'how do I export my contacts?', tags: [], status: 'closed', priority: 'normal', requester: '65f1a2b3c4d5e6f708091099', group: '',
      source: { file, line: 2 },
      messages: [
        { at: at(22, 14), role: 'customer', public: true, text: 'how do I export my contacts?' },
        { at: at(22, 14, 0, 20), role: 'agent', public: true, text: 'You can export contacts from Contacts → Export.' },
        { at: at(22, 14, 5), role: 'customer', public: true, text: 'That worked, thanks!' },
      ],
      events: [{ at: at(22, 14, 6), field: 'status', to: 'closed' }],
    });
  });

  it('reads snoozes and a note that reopens; a custom bot a customer answered is support', async () => {
    const { tickets } = await readAll(intercom, file);
    expect(tickets.map((t) => t.id)).toEqual(['9001', '9002', '9003', '9007']);
    expect(tickets[2]).toMatchObject({ channel: 'messaging', status: 'open', requester: 'Mia Braun' });
    expect(tickets[2].solvedAt).toBeUndefined();
    expect(tickets[2].messages.at(-1)).toEqual({ at: at(25, 9), role: 'agent', public: false, text: 'Carrier lost it: resend.' });
    expect(tickets[2].events.map((e) => e.to)).toEqual(['snoozed', 'open', 'open']);
    // The bot spoke first; the customer is the one who answered it.
    expect(tickets[3]).toMatchObject({ body: 'Yes: where do I change my password?', requester: 'ana@example.com' });
    expect(tickets[3].messages.map((m) => m.role)).toEqual(['agent', 'customer']);
  });

  it('sets aside conversations the company started, and a cut-off line, with file, line and reason', async () => {
    const { rejections, items } = await readAll(intercom, file);
    expect(codes(rejections)).toEqual([[4, '9004', 'filtered-outbound'], [5, '9005', 'filtered-outbound'], [6, '9006', 'filtered-outbound'], [8, '', 'bad-json']]);
    expect(rejections[0].reason).toBe(messages.filteredOutbound());
    expect(rejections.every((r) => r.file === file)).toBe(true);
    expect(items).toHaveLength(8);
  });

  it('reads a conversation.list page, one pretty-printed conversation, and a page cut off mid-conversation', async () => {
    const page = `${FIX}/conversations.json`;
    const { tickets, rejections } = await readAll(intercom, page);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ id: '215471122334455', createdAt: 1709887200_000, solvedAt: 1709900000_000, group: '5544', source: { file: page, line: 1 } });
    expect(tickets[0].events).toEqual([
      { at: 1709887260_000, field: 'group', to: '5544' },
      { at: 1709887600_000, field: 'status', to: 'closed' },
      { at: 1709980000_000, field: 'status', to: 'open' },
    ]);
    expect(codes(rejections)).toEqual([[2, '215471122334456', 'filtered-outbound'], [3, '215471122334457', 'bad-date']]);
    const one = await readAll(intercom, `${FIX}/conversation.json`);
    expect(one.tickets.map((t) => [t.id, t.channel, t.body, t.solvedAt, t.messages.length])).toEqual([
      ['9010', 'phone', 'Call: customer cannot add a second admin.', Date.UTC(2024, 3, 2, 16, 20), 2],
    ]);
    const cut = await readAll(intercom, `${FIX}/page-truncated.json`);
    expect(cut.tickets.map((t) => t.id)).toEqual(['9002']);
    expect(codes(cut.rejections)).toEqual([[2, '', 'bad-json']]);
  });

  it('fails a file that is not JSON, naming it', async () => {
    const run = async () => {
      for await (const _ of intercom.read(Readable.from(['id,created_at\n1,2025-01-01\n']), { file: 'x.csv', tz: 'UTC' })) void _;
    };
    await expect(run()).rejects.toThrow(messages.notIntercomJson('x.csv'));
  });

  it('is detected on its own JSON, and other adapters do not claim it', () => {
    for (const f of ['conversations.ndjson', 'conversations.json', 'conversation.json', 'page-truncated.json']) {
      const text = readFileSync(`${FIX}/${f}`, 'utf8');
      const d = intercom.detect({ file: f, text });
      expect(d.score, f).toBe(1);
      expect(d.evidence, f).toContain('conversation_parts');
      expect(freshdesk.detect({ file: f, text }).score, f).toBeLessThan(0.5);
      expect(zendeskJson.detect({ file: f, text }).score, f).toBeLessThan(0.5);
      expect(genericCsv.detect({ file: f, text }).score, f).toBeLessThan(0.5);
    }
    expect(intercom.detect({ file: 'g.csv', text: 'id,created_at,subject\n1,2025-01-01,x' }).score).toBe(0);
  });
});

describe('intercom: writing', () => {
  it('writes NDJSON conversation objects: the opening message as the source, the rest as parts, times in seconds', () => {
    const t: Ticket = {
      id: '42', createdAt: Date.UTC(2025, 0, 2, 9), solvedAt: Date.UTC(2025, 0, 2, 10), channel: 'email', subject: 'R&D <help>', body: 'Hi',
      tags: ['vip'], status: 'closed', priority: 'urgent', requester: 'a@example.com', group: '77', source: { file: 'x', line: 1 },
      messages: [{ at: Date.UTC(2025, 0, 2, 9), role: 'customer', public: true, text: 'Hi' }, { at: Date.UTC(2025, 0, 2, 10), role: 'agent', public: true, text: 'Done' }],
      events: [{ at: Date.UTC(2025, 0, 2, 10), field: 'status', to: 'closed' }],
    };
    const [chunk] = [...intercom.write!([t])];
    expect(chunk.text.endsWith('}\n')).toBe(true);
    const c = JSON.parse(chunk.text);
    expect(c).toMatchObject({
      type: 'conversation', id: '42', created_at: 1735808400, state: 'closed', priority: 'priority', team_assignee_id: '77',
      source: { type: 'email', delivered_as: 'customer_initiated', subject: 'R&amp;D &lt;help&gt;', body: '<p>Hi</p>', author: { type: 'user', email: 'a@example.com' } },
      statistics: { last_close_at: 1735812000 },
    });
    expect(c.conversation_parts.conversation_parts.map((p: { part_type: string }) => p.part_type)).toEqual(['comment', 'close']);
  });

  it('read ∘ write is the identity on what a conversation carries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(intercomTicketArb, { selector: (t) => t.id, maxLength: 5 }), async (tickets) => {
        const back = await readText(intercom, [...intercom.write!(tickets)].map((c) => c.text).join(''));
        expect(back).toEqual(tickets.map((t, i) => ({ ...t, source: { file: 'f', line: i + 1 } })));
      }),
      { numRuns: 200 },
    );
  });

  it('writes any canonical ticket in Intercom\'s terms: bots are agents, urgent is priority, web a Messenger chat', async () => {
    const CHANNEL: Record<string, string> = { voice: 'phone', web: 'chat', other: 'chat' };
    await fc.assert(
      fc.asyncProperty(ticketArb, async (t) => {
        const [back] = await readText(intercom, [...intercom.write!([t])].map((c) => c.text).join(''));
        const thread = t.messages.map((m) => ({ ...m, role: m.role === 'customer' ? 'customer' : 'agent' }));
        expect(back).toEqual({
          ...t, source: { file: 'f', line: 1 }, channel: CHANNEL[t.channel] ?? t.channel, updatedAt: t.updatedAt ?? t.createdAt,
          priority: /^(high|urgent)$/.test(t.priority) ? 'high' : 'normal', messages: thread,
          // Intercom has no body of its own: it is the first public customer message.
          body: thread.find((m) => m.role === 'customer' && m.public)?.text ?? '',
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('intercom: hostile values (found by test/fuzz)', () => {
  const read = async (conversation: Record<string, unknown>) => {
    const items = [];
    for await (const item of intercom.read(Readable.from([Buffer.from(JSON.stringify(conversation))]), { file: 'c.json', tz: 'UTC' })) items.push(item);
    return items;
  };
  const base = {
    type: 'conversation', id: '1', created_at: 1709887200,
    source: { type: 'conversation', delivered_as: 'customer_initiated', body: 'Hi', author: { type: 'user', id: 'u1' } },
  };

  it('reads part types, source types and priorities that are Object.prototype keys as unknown ones', async () => {
    const [item] = await read({
      ...base, priority: 'constructor', source: { ...base.source, type: 'constructor' },
      conversation_parts: { conversation_parts: [{ part_type: 'constructor', created_at: 1709887300, author: { type: 'admin', id: '1' } }] },
    });
    expect(item.ticket).toMatchObject({ channel: 'other', priority: '', events: [{ at: 1709887300000, field: 'constructor' }] });
  });

  it('rejects a time too far off to be a date, and skips nothing', async () => {
    const items = await read({ ...base, created_at: 1e300 });
    expect(items.map((i) => i.rejection?.code)).toEqual(['bad-date']);
    const parts = await read({ ...base, conversation_parts: { conversation_parts: [{ part_type: 'comment', body: 'x', created_at: 2 ** 60 }] } });
    expect(parts.map((i) => i.rejection?.code)).toEqual(['bad-date']);
  });
});
