import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../adapters/adapter.js';
import { zendeskCsv } from '../../adapters/zendesk-csv.js';
import { zendeskJson } from '../../adapters/zendesk-json.js';
import type { Ticket } from '../../engine/ticket.js';
import { ticketArb } from '../helpers/ticket-arbitrary.js';

async function roundTrip(adapter: Adapter, tickets: Ticket[]): Promise<Ticket[]> {
  const text = [...adapter.write!(tickets)].map((c) => c.text).join('');
  const out: Ticket[] = [];
  for await (const item of adapter.read(Readable.from([Buffer.from(text)]), { file: 'f', tz: 'UTC' })) {
    if (item.rejection) throw new Error(item.rejection.reason);
    out.push(item.ticket);
  }
  return out;
}

const SAME_CHANNEL = { voice: 'phone', other: 'web' } as Record<string, string>;
const channelOf = (c: string) => SAME_CHANNEL[c] ?? c;
const unique = fc.uniqueArray(ticketArb, { selector: (t) => t.id, maxLength: 6 });

describe('read ∘ write is the identity on what each Zendesk format carries', () => {
  it('zendesk-json keeps the thread, roles and internal notes', async () => {
    await fc.assert(
      fc.asyncProperty(unique, async (tickets) => {
        const back = await roundTrip(zendeskJson, tickets);
        expect(back.map((t) => ({ ...t, source: undefined }))).toEqual(
          tickets.map((t) => {
            const expected: Ticket = { ...t, channel: channelOf(t.channel) as Ticket['channel'], updatedAt: t.updatedAt ?? t.createdAt, source: undefined as never };
            return expected;
          }),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('zendesk-csv keeps the ticket fields (it has no thread; counts instead)', async () => {
    await fc.assert(
      fc.asyncProperty(unique, async (tickets) => {
        const back = await roundTrip(zendeskCsv, tickets);
        expect(back.map((t) => [t.id, t.createdAt, t.updatedAt, t.channel, t.subject, t.tags, t.status, t.priority, t.requester, t.group, t.messages])).toEqual(
          tickets.map((t) => [t.id, t.createdAt, t.updatedAt, channelOf(t.channel), t.subject, t.tags, t.status, t.priority, t.requester, t.group, []]),
        );
        expect(back.map((t) => t.activity?.agentReplies)).toEqual(tickets.map((t) => t.messages.filter((m) => m.role === 'agent' && m.public).length));
      }),
      { numRuns: 150 },
    );
  });
});
