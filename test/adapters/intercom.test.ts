import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshdesk } from '../../adapters/freshdesk.js';
import { intercom } from '../../adapters/intercom.js';
import { zendeskJson } from '../../adapters/zendesk-json.js';
import { readAll } from '../helpers/read-adapter.js';

const file = 'test/fixtures/intercom/conversations.json';

describe('intercom: API conversations', () => {
  it('reads the source and parts: roles, notes, reopen events; filters outbound; seconds to ms', async () => {
    const { tickets, rejections } = await readAll(intercom, file);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toEqual({
      id: '215471122334455', createdAt: Date.UTC(2024, 2, 8, 8, 40), updatedAt: 1710000000 * 1000, solvedAt: 1709900000 * 1000,
      channel: 'chat', subject: '', body: 'Hi, I was charged twice this month', tags: ['billing'], status: 'closed', priority: 'normal',
      requester: 'maya@example.org', group: '5544', source: { file, line: 1 },
      messages: [
        { at: 1709887200000, role: 'customer', public: true, text: 'Hi, I was charged twice this month' },
        { at: 1709887400000, role: 'agent', public: false, text: 'Checked Stripe, duplicate confirmed' },
        { at: 1709887500000, role: 'agent', public: true, text: 'Sorry about that, refunding the duplicate now.' },
        { at: 1709980000000, role: 'customer', public: true, text: 'Still not refunded?' },
      ],
      events: [
        { at: 1709887260000, field: 'assignment', to: '5544' },
        { at: 1709887600000, field: 'state', to: 'closed' },
        { at: 1709980000000, field: 'state', to: 'open' },
      ],
    });
    expect(rejections.map((r) => [r.line, r.id, r.code])).toEqual([
      [2, '215471122334456', 'filtered-outbound'],
      [3, '215471122334457', 'bad-date'],
    ]);
  });

  it('is detected on its own JSON and not on other vendors\'', () => {
    const text = readFileSync(file, 'utf8');
    expect(intercom.detect({ file, text }).score).toBeGreaterThanOrEqual(0.9);
    expect(freshdesk.detect({ file, text }).score).toBeLessThan(0.5);
    expect(zendeskJson.detect({ file, text }).score).toBeLessThan(0.5);
  });
});
