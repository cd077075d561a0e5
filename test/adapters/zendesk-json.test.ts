import { createReadStream, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReadItem } from '../../adapters/adapter.js';
import { zendeskJson, zendeskJsonKind } from '../../adapters/zendesk-json.js';
import { readAll } from '../helpers/read-adapter.js';

const DIR = 'test/fixtures/zendesk-json';

describe('zendesk-json: the full export (NDJSON)', () => {
  it('reads tickets with their comment thread: roles, internal notes, HTML and quoted history', async () => {
    const file = `${DIR}/full-export.ndjson`;
    const { tickets, rejections } = await readAll(zendeskJson, file);
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
      source: { file, line: 1 },
    });
    // {"ticket": {...}} is unwrapped; a numeric via id is a channel too.
    expect(tickets[1]).toMatchObject({ id: '48214', channel: 'email', priority: '' });
    expect(rejections.map((r) => [r.line, r.code])).toEqual([
      [3, 'filtered-deleted'],
      [4, 'bad-json'],
      [5, 'bad-date'],
    ]);
  });
});

describe('zendesk-json: Incremental Export pages with audits, read as a group', () => {
  it('joins comments and status changes onto the tickets and quarantines events without a ticket', async () => {
    const files = [`${DIR}/audits.json`, `${DIR}/incremental-tickets.json`];
    const items: ReadItem[] = [];
    for await (const item of zendeskJson.readGroup!(files, { tz: 'UTC' }, (f) => createReadStream(f))) items.push(item);
    const tickets = items.flatMap((i) => (i.ticket ? [i.ticket] : []));
    // The page repeats 7001 with a later update: both come out, the pipeline keeps the latest.
    expect(tickets.map((t) => [t.id, t.updatedAt])).toEqual([
      ['7001', Date.UTC(2024, 2, 1, 9, 10)],
      ['7002', Date.UTC(2024, 2, 2, 9, 5)],
      ['7001', Date.UTC(2024, 2, 3, 12)],
    ]);
    expect(tickets[0].messages.map((m) => [m.role, m.text])).toEqual([
      ['customer', 'Order 881 has not arrived'],
      ['agent', 'It ships tomorrow.'],
    ]);
    expect(tickets[0].events).toEqual([
      { at: Date.UTC(2024, 2, 1, 9, 10), field: 'status', from: 'open', to: 'pending' },
      { at: Date.UTC(2024, 2, 3, 12), field: 'status', from: 'pending', to: 'solved' },
    ]);
    expect(tickets[0].solvedAt).toBe(Date.UTC(2024, 2, 3, 12));
    const rejections = items.flatMap((i) => (i.rejection ? [i.rejection] : []));
    expect(rejections).toEqual([{ file: files[0], line: 4, id: '9999', code: 'orphan', reason: 'parent not found: no ticket "9999" in the inputs' }]);
  });

  it('tells its shapes apart from the first bytes', () => {
    expect(zendeskJsonKind(readFileSync(`${DIR}/full-export.ndjson`, 'utf8'))).toBe('ndjson');
    expect(zendeskJsonKind(readFileSync(`${DIR}/incremental-tickets.json`, 'utf8'))).toBe('tickets');
    expect(zendeskJsonKind(readFileSync(`${DIR}/audits.json`, 'utf8'))).toBe('audits');
    expect(zendeskJsonKind('id,subject\n1,x')).toBeUndefined();
    expect(zendeskJson.detect({ file: 'x', text: readFileSync(`${DIR}/full-export.ndjson`, 'utf8') }).score).toBeGreaterThanOrEqual(0.9);
  });
});
