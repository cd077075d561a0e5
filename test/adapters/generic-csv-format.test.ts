import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { GENERIC_COLUMNS, csvField, isoUtc, toGenericCsvRow, writeGenericCsvHeader } from '../../adapters/generic-csv-format.js';
import { generateTickets } from '../../engine/generate/tickets.js';
import type { Ticket } from '../../engine/ticket.js';

const SEEDS = new URL('../../datasets/seed-scenarios.csv', import.meta.url);

function ticket(over: Partial<Ticket> = {}): Ticket {
  return {
    id: 'T-1',
    createdAt: Date.UTC(2025, 2, 4, 9, 15, 0, 123),
    channel: 'email',
    subject: 'Hello',
    body: 'fallback body',
    tags: [],
    status: 'solved',
    priority: 'normal',
    requester: 'ann@example.com',
    group: 'Support',
    messages: [],
    events: [],
    source: { file: 'x.csv', line: 2 },
    ...over,
  };
}

const rowsOf = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

describe('generic-csv format', () => {
  it('writes the header with a \\n line ending', () => {
    expect(GENERIC_COLUMNS).toEqual(['id', 'created_at', 'solved_at', 'channel', 'subject', 'body', 'tags', 'status', 'priority', 'group', 'requester', 'actions']);
    expect(writeGenericCsvHeader()).toBe('id,created_at,solved_at,channel,subject,body,tags,status,priority,group,requester,actions\n');
  });

  it('quotes per RFC 4180 only where needed', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
  });

  it('writes UTC timestamps with Z and no milliseconds', () => {
    expect(isoUtc(Date.UTC(2025, 2, 4, 9, 15, 0, 999))).toBe('2025-03-04T09:15:00Z');
    expect(toGenericCsvRow(ticket())).toBe('T-1,2025-03-04T09:15:00Z,,email,Hello,fallback body,,solved,normal,Support,ann@example.com,\n');
  });

  it('gives back every field through csv-parse, multi-line bodies and quotes included', () => {
    const t = ticket({
      subject: 'Re: "urgent", please',
      solvedAt: Date.UTC(2025, 2, 5, 17, 0, 30),
      tags: ['vip', 'shipping'],
      actions: ['Identify Customer', 'Get Cases'],
      messages: [
        { at: 0, role: 'agent', public: false, text: 'internal note' },
        { at: 1, role: 'customer', public: true, text: 'Hi,\r\n\r\nIt said "delivered", but no.\nOn Mon, Mar 3 wrote:\n> ok, thanks' },
        { at: 2, role: 'customer', public: true, text: 'second turn' },
      ],
    });
    const [row] = rowsOf(writeGenericCsvHeader() + toGenericCsvRow(t));
    expect(row).toEqual({
      id: 'T-1',
      created_at: '2025-03-04T09:15:00Z',
      solved_at: '2025-03-05T17:00:30Z',
      channel: 'email',
      subject: 'Re: "urgent", please',
      body: 'Hi,\r\n\r\nIt said "delivered", but no.\nOn Mon, Mar 3 wrote:\n> ok, thanks',
      tags: 'vip;shipping',
      status: 'solved',
      priority: 'normal',
      group: 'Support',
      requester: 'ann@example.com',
      actions: 'Identify Customer;Get Cases',
    });
  });

  it('round-trips generated tickets field by field', () => {
    const tickets = [...generateTickets({ seed: 5, tickets: 400 })];
    const rows = rowsOf(writeGenericCsvHeader() + tickets.map(toGenericCsvRow).join(''));
    expect(rows).toHaveLength(400);
    rows.forEach((r, i) => {
      const t = tickets[i];
      expect(r.id).toBe(t.id);
      expect(Date.parse(r.created_at)).toBe(t.createdAt);
      expect(r.solved_at === '' ? undefined : Date.parse(r.solved_at)).toBe(t.solvedAt);
      expect([r.channel, r.subject, r.body, r.status, r.priority, r.group, r.requester]).toEqual([t.channel, t.subject, t.body, t.status, t.priority, t.group, t.requester]);
      expect(r.tags.split(';')).toEqual(t.tags);
      expect(r.actions).toBe('');
    });
  });
});

describe('datasets/seed-scenarios.csv', () => {
  const rows = rowsOf(readFileSync(SEEDS, 'utf8'));

  it("holds the SPEC's three Salesforce examples with their exact action lists", () => {
    expect(rows.map((r) => [r.id, r.actions.split(';')])).toEqual([
      ['simple-case-management', ['Identify Customer', 'Get Cases', 'Add Comment']],
      ['field-service-appointment', ['Identify Customer', 'Get Work Types', 'Get Time Slots', 'Get Time Slots', 'Schedule Appointment', 'Answer Question with Knowledge']],
      ['employee-onboarding-query', ['Answer Question with Knowledge']],
    ]);
  });

  it('puts them in March 2025 on chat, web and email, each solved within a day (one conversation)', () => {
    expect(rows.map((r) => r.channel)).toEqual(['chat', 'web', 'email']);
    for (const r of rows) {
      expect(r.created_at.slice(0, 7)).toBe('2025-03');
      expect(Date.parse(r.solved_at) - Date.parse(r.created_at)).toBeLessThan(86_400_000);
      expect(r.body.length).toBeGreaterThan(40);
    }
  });
});
