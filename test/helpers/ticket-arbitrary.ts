import fc from 'fast-check';
import { CHANNELS, type Message, type Ticket } from '../../engine/ticket.js';

/** Words without markup, quote markers or separators, so text survives every format unchanged. */
const word = fc.stringMatching(/^[A-Za-z0-9]{1,10}$/);
const text = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
const second = fc.integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 }).map((s) => s * 1000);

export const messageArb: fc.Arbitrary<Message> = fc.record({
  at: second,
  role: fc.constantFrom('customer', 'agent', 'system'),
  public: fc.boolean(),
  text,
});

/** Canonical tickets with what a helpdesk export can carry: whole seconds, plain text. */
export const ticketArb: fc.Arbitrary<Ticket> = fc
  .record({
    id: fc.oneof(fc.integer({ min: 1, max: 1e9 }).map(String), fc.stringMatching(/^[A-Z]{2,4}-[0-9]{1,6}$/)),
    createdAt: second,
    channel: fc.constantFrom(...CHANNELS),
    subject: text,
    body: text,
    tags: fc.array(fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/), { maxLength: 4 }),
    status: fc.constantFrom('new', 'open', 'pending', 'solved', 'closed'),
    priority: fc.constantFrom('low', 'normal', 'high', 'urgent'),
    requester: fc.stringMatching(/^[a-z]{1,8}@example\.com$/),
    group: fc.constantFrom('Support', 'Billing', 'Logistics'),
    messages: fc.array(messageArb, { maxLength: 5 }),
    updatedAt: fc.option(second, { nil: undefined }),
  })
  .map((t) => {
    const ticket: Ticket = { ...t, events: [], source: { file: 'x', line: 0 }, messages: [...t.messages].sort((a, b) => a.at - b.at) };
    if (t.updatedAt === undefined) delete ticket.updatedAt;
    return ticket;
  });

/** `ticketArb` with, about half the time, a `solvedAt` up to 60 days after creation (whole seconds), for formats that carry it. */
export const solvedTicketArb: fc.Arbitrary<Ticket> = fc
  .tuple(ticketArb, fc.option(fc.integer({ min: 0, max: 60 * 86_400 }), { nil: undefined }))
  .map(([t, after]) => (after === undefined ? t : { ...t, solvedAt: t.createdAt + after * 1000 }));
