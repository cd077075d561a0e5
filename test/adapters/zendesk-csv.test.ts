import { describe, expect, it } from 'vitest';
import { genericCsv } from '../../adapters/generic-csv.js';
import { zendeskCsv } from '../../adapters/zendesk-csv.js';
import { zendeskJson } from '../../adapters/zendesk-json.js';
import { readAll } from '../helpers/read-adapter.js';
import { readFileSync } from 'node:fs';

const FILE = 'test/fixtures/zendesk-csv/export-semicolon-bom.csv';

describe('zendesk-csv', () => {
  it('reads a European-Excel export (BOM, ;, CRLF, multi-line) in the account zone, without inventing messages', async () => {
    const { tickets, rejections } = await readAll(zendeskCsv, FILE, { tz: 'Europe/Berlin' });
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
      source: { file: FILE, line: 2 },
    });
    expect(tickets[1]).toMatchObject({ id: '48214', status: 'hold', channel: 'web', subject: 'Cannot log in\r\nafter reset', activity: { reopens: 1, agentReplies: 2 } });
    expect(rejections.map((r) => [r.line, r.id, r.code])).toEqual([
      [5, '48215', 'ragged-row'],
      [6, '', 'missing-id'],
    ]);
  });

  it('is detected over generic-csv on its own headers, and not on a generic file', () => {
    const text = readFileSync(FILE, 'utf8');
    const z = zendeskCsv.detect({ file: FILE, text });
    expect(z.score).toBeGreaterThanOrEqual(0.9);
    expect(z.evidence).toEqual(expect.arrayContaining(['Id', 'Requester', 'Via', 'Satisfaction Score']));
    expect(z.score - genericCsv.detect({ file: FILE, text }).score).toBeGreaterThan(0.1);
    expect(zendeskJson.detect({ file: FILE, text }).score).toBe(0);
    expect(zendeskCsv.detect({ file: 'g.csv', text: 'id,created_at,subject,body\n1,2025-01-01,a,b' }).score).toBeLessThan(0.5);
  });
});
