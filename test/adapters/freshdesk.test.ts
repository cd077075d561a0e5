import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshdesk } from '../../adapters/freshdesk.js';
import { genericCsv } from '../../adapters/generic-csv.js';
import { intercom } from '../../adapters/intercom.js';
import { readAll } from '../helpers/read-adapter.js';

describe('freshdesk: the UI ticket export CSV', () => {
  const file = 'test/fixtures/freshdesk/ticket-export.csv';
  it('reads labels, CRLF multi-line descriptions and counts; filters outbound; quarantines bad rows', async () => {
    const { tickets, rejections } = await readAll(freshdesk, file, { tz: 'Asia/Kolkata' });
    expect(tickets).toEqual([{
      id: '10342', createdAt: Date.UTC(2024, 2, 11, 4, 35, 40), solvedAt: Date.UTC(2024, 2, 11, 9, 30), updatedAt: Date.UTC(2024, 2, 11, 9, 30),
      channel: 'email', subject: 'Cannot log in', body: 'I reset my password twice\r\nand still cannot log in.',
      tags: ['login', 'sso'], status: 'resolved', priority: 'medium', requester: 'ana@example.com', group: 'Tier 1',
      messages: [], events: [], activity: { customerReplies: 2, agentReplies: 2 }, source: { file, line: 2 },
    }]);
    expect(rejections.map((r) => [r.line, r.id, r.code])).toEqual([
      [6, '10343', 'filtered-outbound'],
      [7, '10344', 'ragged-row'],
      [8, '10345', 'bad-date'],
    ]);
  });

  it('is detected on its labels, ahead of generic-csv', () => {
    const text = readFileSync(file, 'utf8');
    const d = freshdesk.detect({ file, text });
    expect(d.score).toBeGreaterThanOrEqual(0.9);
    expect(d.score - genericCsv.detect({ file, text }).score).toBeGreaterThan(0.1);
    expect(freshdesk.detect({ file: 'g', text: 'id,created_at,subject\n1,2025-01-01,x' }).score).toBeLessThan(0.5);
  });
});

describe('freshdesk: API v2 JSON with conversations', () => {
  const file = 'test/fixtures/freshdesk/api-tickets.json';
  it('maps the numeric codes, the thread (incoming, private) and filters spam, deleted and outbound', async () => {
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
    expect(rejections.map((r) => [r.line, r.id, r.code])).toEqual([
      [2, '20002', 'filtered-spam'],
      [3, '20003', 'filtered-deleted'],
      [4, '20004', 'filtered-outbound'],
    ]);
    expect(freshdesk.detect({ file, text: readFileSync(file, 'utf8') }).score).toBeGreaterThanOrEqual(0.5);
    expect(intercom.detect({ file, text: readFileSync(file, 'utf8') }).score).toBeLessThan(0.5);
  });
});
