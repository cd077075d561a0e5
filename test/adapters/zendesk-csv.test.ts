import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genericCsv } from '../../adapters/generic-csv.js';
import { zendeskCsv } from '../../adapters/zendesk-csv.js';
import { zendeskJson } from '../../adapters/zendesk-json.js';
import { ReplayError } from '../../engine/errors.js';
import { messages } from '../../engine/messages.js';
import type { Ticket } from '../../engine/ticket.js';
import { readAll } from '../helpers/read-adapter.js';
import { solvedTicketArb } from '../helpers/ticket-arbitrary.js';

const DIR = 'test/fixtures/zendesk-csv';
const EUROPEAN = `${DIR}/export-semicolon-bom.csv`;
const FULL = `${DIR}/export.csv`;
const RESAVED = `${DIR}/resaved-dmy.tsv`;

describe('zendesk-csv: reading', () => {
  it('reads a European-Excel export (BOM, ;, CRLF, multi-line) in the account zone, without inventing messages', async () => {
    const { tickets, rejections } = await readAll(zendeskCsv, EUROPEAN, { tz: 'Europe/Berlin' });
    expect(tickets[0]).toEqual({
      id: '48213',
      createdAt: Date.UTC(2024, 1, 3, 8, 14, 55),
      updatedAt: Date.UTC(2024, 1, 4, 15, 2, 10),
      solvedAt: Date.UTC(2024, 1, 4, 15, 2, 10),
      channel: 'email',
      subject: 'Refund for order 5521; damaged',
      body: '',
      tags: ['refund', 'vip_customer'],
      status: 'solved',
      priority: 'high',
      requester: 'maya@example.org',
      group: 'Billing',
      messages: [],
      events: [],
      activity: { agentReplies: 3, reopens: 0 },
      source: { file: EUROPEAN, line: 2 },
    });
    expect(tickets[1]).toMatchObject({ id: '48214', status: 'hold', channel: 'web', subject: 'Cannot log in\r\nafter reset', activity: { reopens: 1, agentReplies: 2 }, source: { line: 3 } });
    expect(tickets).toHaveLength(2);
    expect(rejections).toEqual([
      { file: EUROPEAN, line: 5, id: '48215', code: 'ragged-row', reason: messages.raggedRow(12, 21) },
      { file: EUROPEAN, line: 6, id: '', code: 'missing-id', reason: messages.missingId() },
      { file: EUROPEAN, line: 7, id: '48216', code: 'filtered-deleted', reason: messages.filteredDeleted() },
      { file: EUROPEAN, line: 8, id: '48217', code: 'filtered-spam', reason: messages.filteredSpam() },
    ]);
  });

  it('reads a full export: every Via label, counts only where the export has them, DST in the account zone', async () => {
    const { tickets, rejections } = await readAll(zendeskCsv, FULL, { tz: 'America/New_York' });
    expect(tickets[0]).toEqual({
      id: '50101',
      createdAt: Date.UTC(2024, 2, 10, 3, 5), // 22:05 EST, the evening before the switch to EDT
      updatedAt: Date.UTC(2024, 2, 15, 13),
      solvedAt: Date.UTC(2024, 2, 11, 13), // 09:00 EDT
      channel: 'phone',
      subject: 'Voicemail from +1 555 0100',
      body: '',
      tags: ['voicemail', 'callback'],
      status: 'closed',
      priority: 'normal',
      requester: 'sam@example.com',
      group: 'Phone support',
      messages: [],
      events: [],
      activity: { agentReplies: 2, reopens: 0 },
      source: { file: FULL, line: 2 },
    });
    expect(tickets.map((t) => [t.id, t.channel, t.priority, t.requester, t.activity])).toEqual([
      ['50101', 'phone', 'normal', 'sam@example.com', { agentReplies: 2, reopens: 0 }],
      ['50102', 'messaging', 'high', 'lucia@example.es', { agentReplies: 1, reopens: 0 }],
      ['50103', 'social', '', '@gadgetfan', { reopens: 2 }], // blank Replies: unknown, not zero
      ['50104', 'messaging', 'urgent', 'Integration bot', { agentReplies: 1, reopens: 0 }], // no email: the name
    ]);
    expect(tickets[2].tags).toEqual(['app_crash', 'twitter']);
    expect(rejections).toEqual([{ file: FULL, line: 6, id: '50105', code: 'bad-date', reason: messages.badDate('Created at', '31/02/2024 10:00') }]);
  });

  it('tells day-first dates from the column, unless --date-order says otherwise; any header case; tabs', async () => {
    const { tickets } = await readAll(zendeskCsv, RESAVED, { tz: 'Europe/Berlin' });
    expect(tickets.map((t) => [t.id, t.createdAt, t.solvedAt, t.channel, t.requester, t.activity])).toEqual([
      ['61001', Date.UTC(2024, 2, 4, 8, 15), Date.UTC(2024, 2, 13, 16, 45), 'email', 'Jo Bauer', {}],
      ['61002', Date.UTC(2024, 2, 13, 7), undefined, 'chat', 'Eva Roth', {}],
    ]);
    const mdy = await readAll(zendeskCsv, RESAVED, { tz: 'UTC', dateOrder: 'mdy' });
    // Month-first as told: 13.03.2024 is no date, in Solved at and in Created at.
    expect(mdy.tickets).toEqual([]);
    expect(mdy.rejections.map((r) => [r.line, r.id, r.reason])).toEqual([
      [2, '61001', messages.badDate('Solved at', '13.03.2024 17:45')],
      [3, '61002', messages.badDate('Created at', '13.03.2024 08:00')],
    ]);
  });

  it('fails naming the file and the missing column when the header lacks Created at', async () => {
    const read = async () => {
      for await (const _ of zendeskCsv.read(Readable.from(['Id,Requester,Via\n1,a,Mail\n']), { file: 'z.csv', tz: 'UTC' })) void _;
    };
    await expect(read()).rejects.toMatchObject({
      code: 'INPUT', file: 'z.csv', line: 1, field: 'Created at', message: messages.exportColumnMissing('z.csv', 'Created at', ['Id', 'Requester', 'Via']),
    });
    await expect(read()).rejects.toBeInstanceOf(ReplayError);
  });
});

describe('zendesk-csv: detection', () => {
  it('recognises a Zendesk header clearly over generic-csv, from Zendesk-only columns', () => {
    for (const file of [FULL, EUROPEAN]) {
      const text = readFileSync(file, 'utf8');
      const z = zendeskCsv.detect({ file, text });
      expect(z.score, file).toBe(1);
      expect(z.evidence).toEqual(expect.arrayContaining(['Id', 'Requester', 'Via', 'Requester id', 'Ticket type', 'Satisfaction Score', 'Order issue [list]']));
      expect(z.score - genericCsv.detect({ file, text }).score).toBeGreaterThanOrEqual(0.3);
      expect(zendeskJson.detect({ file, text }).score).toBe(0);
    }
    const trimmed = zendeskCsv.detect({ file: RESAVED, text: readFileSync(RESAVED, 'utf8') });
    expect(trimmed).toEqual({ score: 0.85, evidence: ['ID', 'Requester', 'Via', 'Requester ID', 'Ticket type'] });
  });

  it('leaves generic files alone', () => {
    const file = 'test/fixtures/generic-csv/tickets.csv';
    const text = readFileSync(file, 'utf8');
    expect(zendeskCsv.detect({ file, text }).score).toBeLessThan(0.5);
    expect(zendeskCsv.detect({ file: 'g.csv', text: 'id,created_at,subject,body\n1,2025-01-01,a,b' })).toEqual({ score: 0.1, evidence: ['id'] });
  });
});

describe('zendesk-csv: writing', () => {
  it("writes the export's headers and Zendesk's labels, times as `YYYY-MM-DD HH:MM:SS` in UTC, one chunk per ticket", () => {
    const t: Ticket = {
      id: '7', createdAt: Date.UTC(2025, 2, 4, 9, 15), solvedAt: Date.UTC(2025, 2, 5, 10), channel: 'chat', subject: 'Hi, there', body: 'b',
      tags: ['a', 'b'], status: 'hold', priority: 'high', requester: 'r@example.com', group: 'G', events: [], source: { file: 'x', line: 1 },
      messages: [{ at: Date.UTC(2025, 2, 4, 9, 20), role: 'agent', public: true, text: 'ok' }],
    };
    expect([...zendeskCsv.write!([t])]).toEqual([
      { file: '', text: 'Id,Requester,Requester id,Requester email,Group,Subject,Tags,Status,Priority,Via,Ticket type,Created at,Updated at,Solved at,Satisfaction Score,Reopens,Replies\n' },
      { file: '', text: '7,r@example.com,,r@example.com,G,"Hi, there",a b,On-hold,High,Chat,,2025-03-04 09:15:00,,2025-03-05 10:00:00,Not Offered,0,1\n' },
    ]);
  });
});

/** What the CSV carries of a ticket: no thread (counts instead), Via labels that read back as phone and web. */
function csvCarries(t: Ticket, index: number): Ticket {
  const CHANNEL: Partial<Record<Ticket['channel'], Ticket['channel']>> = { voice: 'phone', other: 'web' };
  const out: Ticket = {
    ...t, channel: CHANNEL[t.channel] ?? t.channel, body: '', messages: [], events: [], source: { file: 'f', line: index + 2 },
    activity: { agentReplies: t.messages.filter((m) => m.role === 'agent' && m.public).length, reopens: 0 },
  };
  return out;
}

/** Canonical tickets a Zendesk export can hold: Zendesk's statuses, and no spam (that is filtered). */
const zendeskTickets = fc.uniqueArray(
  fc.tuple(solvedTicketArb, fc.constantFrom('new', 'open', 'pending', 'hold', 'solved', 'closed')).map(([t, status]) => ({ ...t, status, tags: t.tags.filter((g) => g !== 'spam') })),
  { selector: (t) => t.id, maxLength: 6 },
);

describe('zendesk-csv: read ∘ write', () => {
  it('is the identity on what the CSV carries', async () => {
    await fc.assert(
      fc.asyncProperty(zendeskTickets, async (tickets) => {
        const text = [...zendeskCsv.write!(tickets)].map((c) => c.text).join('');
        const items = [];
        for await (const item of zendeskCsv.read(Readable.from([Buffer.from(text)]), { file: 'f', tz: 'UTC' })) items.push(item);
        expect(items).toEqual(tickets.map((t, i) => ({ ticket: csvCarries(t, i) })));
      }),
      { numRuns: 150 },
    );
  });
});
