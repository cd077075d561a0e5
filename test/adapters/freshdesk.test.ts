import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freshdesk, writeFreshdeskCsv } from '../../adapters/freshdesk.js';
import { genericCsv } from '../../adapters/generic-csv.js';
import { intercom } from '../../adapters/intercom.js';
import { zendeskJson } from '../../adapters/zendesk-json.js';
import { messages } from '../../engine/messages.js';
import type { Ticket } from '../../engine/ticket.js';
import { freshdeskApiTicketArb, freshdeskCsvTicketArb, readText } from '../helpers/freshdesk-intercom-arbitrary.js';
import { readAll } from '../helpers/read-adapter.js';
import { ticketArb } from '../helpers/ticket-arbitrary.js';

const FIX = 'test/fixtures/freshdesk';
const codes = (rs: { line: number; id: string; code: string }[]) => rs.map((r) => [r.line, r.id, r.code]);

describe('freshdesk: the UI ticket export CSV', () => {
  const file = `${FIX}/ticket-export.csv`;

  it('reads labels, CRLF multi-line descriptions, HTML with quoted history and signatures, in the account zone', async () => {
    const { tickets } = await readAll(freshdesk, file, { tz: 'Asia/Kolkata' });
    expect(tickets.map((t) => t.id)).toEqual(['10342', '10347', '10348']);
    expect(tickets[0]).toEqual({
      id: '10342', createdAt: Date.UTC(2024, 2, 11, 4, 35, 40), solvedAt: Date.UTC(2024, 2, 11, 9, 30), updatedAt: Date.UTC(2024, 2, 11, 9, 32, 10),
      channel: 'email', subject: 'Cannot log in to the dashboard',
      // The "-- " signature and the "On … wrote:" history are dropped; the export's CRLF stays.
      body: 'Hi team,\r\nI reset my password twice and still cannot log in to the dashboard.',
      tags: ['login', 'single sign-on'], status: 'resolved', priority: 'medium', requester: 'ana@example.com', group: 'Tier 1',
      messages: [], events: [], activity: { customerReplies: 2, agentReplies: 2 }, source: { file, line: 2 },
    });
    expect(tickets[1]).toEqual({
      id: '10347', createdAt: Date.UTC(2024, 2, 14, 10, 50), solvedAt: Date.UTC(2024, 2, 15, 2, 30), updatedAt: Date.UTC(2024, 2, 15, 2, 30),
      channel: 'phone', subject: 'Call back about my contract', body: 'Customer called: wants to downgrade to the Basic plan.',
      tags: [], status: 'closed', priority: 'low', requester: 'Omar Haddad', group: 'Sales',
      messages: [], events: [], activity: {}, source: { file, line: 14 },
    });
    expect(tickets[2]).toMatchObject({
      id: '10348', createdAt: Date.UTC(2024, 2, 15, 5, 30), channel: 'messaging', status: 'waiting on customer', priority: 'urgent',
      body: 'Where is my order #5521? It was due "last Friday".', tags: ['order', 'vip customer'], activity: { customerReplies: 0, agentReplies: 1 },
    });
    expect(tickets[2].solvedAt).toBeUndefined();
  });

  it('sets aside outbound emails, ragged rows, bad dates and rows without an id, with file, line and reason', async () => {
    const { rejections, items } = await readAll(freshdesk, file, { tz: 'Asia/Kolkata' });
    expect(codes(rejections)).toEqual([
      [10, '10343', 'filtered-outbound'], [11, '10344', 'ragged-row'], [12, '10345', 'bad-date'], [13, '', 'missing-id'],
    ]);
    expect(rejections.map((r) => r.reason)).toEqual([
      messages.filteredOutbound(), messages.raggedRow(4, 28), messages.badDate('Created time', '2024-13-01 10:00:00'), messages.missingId(),
    ]);
    expect(rejections.every((r) => r.file === file)).toBe(true);
    expect(items).toHaveLength(7);
  });

  it('reads a re-saved European file: BOM, ";" delimiter, labels in another order and case, day-first dates', async () => {
    const eu = `${FIX}/ticket-export-eu.csv`;
    const { tickets, rejections } = await readAll(freshdesk, eu, { tz: 'Europe/Berlin' });
    expect(rejections).toEqual([]);
    expect(tickets[0]).toEqual({
      id: '20001', createdAt: Date.UTC(2024, 2, 13, 13, 5), solvedAt: Date.UTC(2024, 2, 14, 8, 30), updatedAt: Date.UTC(2024, 2, 14, 8, 30),
      channel: 'email', subject: 'Rechnung doppelt', body: 'Hallo,\nich wurde im März doppelt belastet; bitte prüfen.',
      tags: ['billing', 'invoice'], status: 'resolved', priority: 'high', requester: 'jonas@example.de', group: 'Billing',
      messages: [], events: [], activity: { customerReplies: 1, agentReplies: 1 }, source: { file: eu, line: 2 },
    });
    // 02/04 is the 2nd of April (the column has a 13/03), in summer time.
    expect(tickets[1]).toMatchObject({ id: '20002', createdAt: Date.UTC(2024, 3, 2, 6), channel: 'web', activity: { customerReplies: 0, agentReplies: 0 } });
    // An explicit --date-order wins over what the column shows.
    const mdy = await readAll(freshdesk, eu, { tz: 'Europe/Berlin', dateOrder: 'mdy' });
    expect(codes(mdy.rejections)).toEqual([[2, '20001', 'bad-date']]);
  });

  it('fails the file, naming the missing label, when the header is not this export', async () => {
    const run = async () => readText(freshdesk, 'Ticket ID,Subject\n1,x\n');
    await expect(run()).rejects.toThrow(messages.exportColumnMissing('f', 'Created time', ['Ticket ID', 'Subject']));
  });

  it('is detected on its labels, well ahead of generic-csv, and not on other CSVs', () => {
    for (const f of [file, `${FIX}/ticket-export-eu.csv`]) {
      const text = readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
      const d = freshdesk.detect({ file: f, text });
      expect(d.score).toBe(1);
      expect(d.evidence.slice(0, 2).map((e) => e.toLowerCase())).toEqual(['ticket id', 'created time']);
      expect(d.score - genericCsv.detect({ file: f, text }).score).toBeGreaterThan(0.5);
    }
    expect(freshdesk.detect({ file: 'g', text: 'id,created_at,subject\n1,2025-01-01,x' }).score).toBeLessThan(0.5);
    expect(freshdesk.detect({ file: 'h', text: 'Ticket ID,Ticket name,Create date,Pipeline\n1,x,2025-01-01,p' }).score).toBeLessThan(0.5);
  });
});

describe('freshdesk: API v2 tickets as JSON', () => {
  it('maps codes and the thread (the description first, incoming, private) and filters spam, deleted and outbound', async () => {
    const file = `${FIX}/api-tickets.json`;
    const { tickets, rejections } = await readAll(freshdesk, file);
    expect(tickets).toEqual([{
      id: '20001', createdAt: Date.UTC(2024, 2, 11, 9, 5, 40), updatedAt: Date.UTC(2024, 2, 12, 10), solvedAt: Date.UTC(2024, 2, 12, 10),
      channel: 'chat', subject: 'Refund for order 5521', body: 'My blender arrived broken.', tags: ['refund'], status: 'resolved', priority: 'high',
      requester: 'li@example.net', group: 'Billing', events: [], source: { file, line: 1 },
      messages: [
        { at: Date.UTC(2024, 2, 11, 9, 5, 40), role: 'customer', public: true, text: 'My blender arrived broken.' },
        { at: Date.UTC(2024, 2, 11, 9, 30), role: 'agent', public: false, text: 'Customer is VIP, refund approved' },
        { at: Date.UTC(2024, 2, 11, 10), role: 'agent', public: true, text: 'Sorry! Refund issued.' },
        { at: Date.UTC(2024, 2, 12, 9), role: 'customer', public: true, text: 'Thanks a lot' },
      ],
    }]);
    expect(codes(rejections)).toEqual([[2, '20002', 'filtered-spam'], [3, '20003', 'filtered-deleted'], [4, '20004', 'filtered-outbound']]);
    expect(rejections.map((r) => r.reason)).toEqual([messages.filteredSpam(), messages.filteredDeleted(), messages.filteredOutbound()]);
  });

  it('reads NDJSON: HTML-only bodies, custom statuses, tickets fetched without conversations, and bad lines', async () => {
    const file = `${FIX}/api-tickets.ndjson`;
    const { tickets, rejections } = await readAll(freshdesk, file);
    expect(tickets[0]).toEqual({
      id: '30001', createdAt: Date.UTC(2024, 2, 18, 9), updatedAt: Date.UTC(2024, 2, 19, 16, 45), channel: 'web', subject: 'Export to CSV fails',
      body: 'The export button spins forever.', tags: ['export', 'bug'], status: '6', priority: 'urgent', requester: 'Kai Weber', group: '9000123',
      events: [], source: { file, line: 1 },
      messages: [
        { at: Date.UTC(2024, 2, 18, 9), role: 'customer', public: true, text: 'The export button spins forever.' },
        { at: Date.UTC(2024, 2, 18, 9, 20), role: 'agent', public: true, text: 'Could you send a screenshot?\n\nBest regards,\nLena' },
        { at: Date.UTC(2024, 2, 18, 10, 2), role: 'customer', public: true, text: 'Here it is.' },
        { at: Date.UTC(2024, 2, 18, 11), role: 'agent', public: false, text: 'Reproduced: <timeout> after 30 s. Escalating to dev.' },
      ],
    });
    // Without `conversations` the thread was not fetched: no messages, not a one-message thread.
    expect(tickets[1]).toMatchObject({ id: '30002', channel: 'phone', status: 'closed', priority: 'low', requester: '5002', group: '', messages: [] });
    expect(tickets[1].solvedAt).toBe(Date.UTC(2024, 2, 18, 12, 30));
    expect(codes(rejections)).toEqual([[3, '', 'not-a-ticket'], [5, '30005', 'missing-field'], [6, '30006', 'bad-date'], [7, '', 'bad-json']]);
    expect(rejections[0].reason).toBe(messages.notAJsonObject('a string'));
    expect(rejections[2].reason).toBe(messages.badDate('conversations[0].created_at', 'soon'));
  });

  it('reads a pretty-printed search page and list pages appended one after another, up to where a page is cut off', async () => {
    const search = await readAll(freshdesk, `${FIX}/search-results.json`);
    expect(search.tickets.map((t) => [t.id, t.channel, t.status, t.requester, t.source.line])).toEqual([['40001', 'web', 'resolved', 'zoe@example.org', 1]]);
    expect(codes(search.rejections)).toEqual([[2, '40002', 'filtered-spam']]);
    const pages = await readAll(freshdesk, `${FIX}/api-pages.json`);
    expect(pages.tickets.map((t) => [t.id, t.source.line])).toEqual([['50001', 1], ['50003', 3]]);
    expect(codes(pages.rejections)).toEqual([[2, '50002', 'filtered-deleted'], [4, '', 'bad-json']]);
  });

  it('is detected on its keys, and other vendors\' adapters do not claim it', () => {
    for (const f of ['api-tickets.json', 'api-tickets.ndjson', 'search-results.json', 'api-pages.json']) {
      const text = readFileSync(`${FIX}/${f}`, 'utf8');
      const d = freshdesk.detect({ file: f, text });
      expect(d.score, f).toBeGreaterThanOrEqual(0.8);
      expect(d.evidence, f).toContain('status');
      expect(intercom.detect({ file: f, text }).score, f).toBeLessThan(0.5);
      expect(zendeskJson.detect({ file: f, text }).score, f).toBeLessThan(0.5);
    }
  });
});

describe('freshdesk: writing', () => {
  it('writes the API form (it keeps the thread), one ticket per NDJSON line', () => {
    const t: Ticket = {
      id: '7', createdAt: Date.UTC(2025, 0, 2, 9), solvedAt: Date.UTC(2025, 0, 2, 10), channel: 'chat', subject: 'S', body: 'Hi',
      tags: [], status: 'solved', priority: 'normal', requester: 'a@example.com', group: 'Billing', events: [], source: { file: 'x', line: 1 },
      messages: [{ at: Date.UTC(2025, 0, 2, 9), role: 'customer', public: true, text: 'Hi' }, { at: Date.UTC(2025, 0, 2, 9, 5), role: 'agent', public: false, text: 'a & b' }],
    };
    const chunks = [...freshdesk.write!([t, { ...t, id: '8' }])];
    expect(chunks.map((c) => c.file)).toEqual(['', '']);
    expect(JSON.parse(chunks[0].text)).toMatchObject({
      id: 7, status: 4, priority: 2, source: 7, description_text: 'Hi', stats: { resolved_at: '2025-01-02T10:00:00Z' },
      conversations: [{ body: '<p>a &amp; b</p>', body_text: 'a & b', incoming: false, private: true, created_at: '2025-01-02T09:05:00Z' }],
    });
  });

  it('read ∘ write is the identity on what the API form carries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(freshdeskApiTicketArb, { selector: (t) => t.id, maxLength: 5 }), async (tickets) => {
        const back = await readText(freshdesk, [...freshdesk.write!(tickets)].map((c) => c.text).join(''));
        expect(back).toEqual(tickets.map((t, i) => ({ ...t, source: { file: 'f', line: i + 1 } })));
      }),
      { numRuns: 200 },
    );
  });

  it('read ∘ writeFreshdeskCsv is the identity on what the UI export carries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(freshdeskCsvTicketArb, { selector: (t) => t.id, maxLength: 5 }), async (tickets) => {
        const back = await readText(freshdesk, [...writeFreshdeskCsv(tickets)].join(''));
        // Multi-line descriptions make lines uneven: compare the records, then their order.
        const noSource = (t: Ticket) => ({ ...t, source: undefined });
        expect(back.map(noSource)).toEqual(tickets.map(noSource));
        expect(back.map((t) => t.source.line)).toEqual([...back.map((t) => t.source.line)].sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });

  it('writes any canonical ticket in Freshdesk\'s words: solved is resolved, normal is medium, voice a phone ticket', async () => {
    const opening = (t: Ticket): Ticket => ({ ...t, messages: [{ at: t.createdAt, role: 'customer', public: true, text: t.body }, ...t.messages.filter((m) => m.at > t.createdAt)] });
    const STATUS: Record<string, string> = { new: 'open', solved: 'resolved' };
    await fc.assert(
      fc.asyncProperty(ticketArb.map(opening), async (t) => {
        const [back] = await readText(freshdesk, [...freshdesk.write!([t])].map((c) => c.text).join(''));
        expect(back).toEqual({
          ...t, source: { file: 'f', line: 1 }, status: STATUS[t.status] ?? t.status, priority: t.priority === 'normal' ? 'medium' : t.priority,
          channel: t.channel === 'voice' ? 'phone' : t.channel, updatedAt: t.updatedAt ?? t.createdAt,
          messages: t.messages.map((m) => ({ ...m, role: m.role === 'customer' ? 'customer' : 'agent' })),
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('freshdesk: Source values that are Object.prototype keys (found by test/fuzz)', () => {
  it('reads them as channel `other`', async () => {
    const text = 'Ticket ID,Created time,Source\n1,2024-03-11 10:05:40,constructor\n2,2024-03-11 10:05:40,__proto__\n';
    const channels = [];
    for await (const item of freshdesk.read(Readable.from([Buffer.from(text)]), { file: 'f.csv', tz: 'UTC' })) channels.push(item.ticket?.channel);
    expect(channels).toEqual(['other', 'other']);
  });
});
