import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../adapters/adapter.js';
import { freshdesk } from '../../adapters/freshdesk.js';
import { intercom } from '../../adapters/intercom.js';
import type { Ticket } from '../../engine/ticket.js';
import { ticketArb } from '../helpers/ticket-arbitrary.js';

async function roundTrip(adapter: Adapter, tickets: Ticket[]): Promise<Ticket[]> {
  const text = [...adapter.write!(tickets)].map((c) => c.text).join('');
  const out: Ticket[] = [];
  for await (const item of adapter.read(Readable.from([Buffer.from(text)]), { file: 'f', tz: 'UTC' })) {
    if (item.rejection) throw new Error(item.rejection.reason);
    out.push({ ...item.ticket, source: { file: 'x', line: 0 } });
  }
  return out;
}

/** A ticket in the shape a conversation format carries: the body is the opening customer message. */
function conversational(t: Ticket): Ticket {
  const later = t.messages.filter((m) => m.at > t.createdAt);
  return { ...t, messages: [{ at: t.createdAt, role: 'customer', public: true, text: t.body }, ...later] };
}

const unique = fc.uniqueArray(ticketArb.map(conversational), { selector: (t) => t.id, maxLength: 5 });

describe('read ∘ write is the identity on what Freshdesk and Intercom JSON carry', () => {
  it('freshdesk (API form): thread with roles (customer or agent) and private notes, codes for status, priority, source', async () => {
    const CHANNEL: Record<string, string> = { voice: 'web', other: 'web' };
    const STATUS: Record<string, string> = { new: 'open', solved: 'open' };
    const PRIORITY: Record<string, string> = { normal: 'medium' };
    await fc.assert(
      fc.asyncProperty(unique, async (tickets) => {
        const back = await roundTrip(freshdesk, tickets);
        expect(back).toEqual(tickets.map((t) => ({
          ...t,
          channel: CHANNEL[t.channel] ?? t.channel,
          status: STATUS[t.status] ?? t.status,
          priority: PRIORITY[t.priority] ?? t.priority,
          updatedAt: t.updatedAt ?? t.createdAt,
          messages: t.messages.map((m) => ({ ...m, role: m.role === 'customer' ? 'customer' : 'agent' })),
        })));
      }),
      { numRuns: 150 },
    );
  });

  it('intercom: thread with customer, agent and bot roles, notes, channels from the source type', async () => {
    const CHANNEL: Record<string, string> = { voice: 'phone', web: 'chat', other: 'chat' };
    await fc.assert(
      fc.asyncProperty(unique, async (tickets) => {
        const back = await roundTrip(intercom, tickets);
        expect(back).toEqual(tickets.map((t) => ({
          ...t,
          channel: CHANNEL[t.channel] ?? t.channel,
          priority: t.priority === 'high' ? 'high' : 'normal',
          updatedAt: t.updatedAt ?? t.createdAt,
          group: t.group,
        })));
      }),
      { numRuns: 150 },
    );
  });
});
