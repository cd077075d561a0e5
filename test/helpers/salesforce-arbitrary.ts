/**
 * Canonical tickets limited to what a Salesforce export carries, for the read ∘ write property:
 * a case number (or any id) kept as a string, millisecond timestamps (Data Loader writes
 * `.000Z`), lower-case status and priority (written capitalised), at most two tags (Type and
 * Reason), a group that is the owning queue or none, no events, and messages at distinct
 * instants: the object files cannot order two messages of one case sent in the same millisecond.
 */

import fc from 'fast-check';
import { CHANNELS, type Message, type Ticket } from '../../engine/ticket.js';

/** Words with CSV-hostile punctuation (quotes, commas) and non-ASCII, but no markup or quote markers, so plainText keeps them. */
const word = fc.stringMatching(/^[A-Za-z0-9éü€][A-Za-z0-9éü€'".,;?!%-]{0,9}$/);
/** Trimmed text, possibly over several lines (quoted multi-line CSV fields). */
const text = fc
  .array(fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' ')), { minLength: 1, maxLength: 3 })
  .map((lines) => lines.join('\n'));
const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) });

const messageArb: fc.Arbitrary<Message> = fc.record({
  at: instant,
  role: fc.constantFrom('customer', 'agent', 'system'),
  public: fc.boolean(),
  text: fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 9, arbitrary: text }),
});

/** One Salesforce case as the canonical ticket its export reads back as. */
export const salesforceTicketArb: fc.Arbitrary<Ticket> = fc
  .record({
    id: fc.oneof(fc.stringMatching(/^[0-9]{8}$/), fc.stringMatching(/^[A-Z]{2,4}-[0-9]{1,6}$/)),
    createdAt: instant,
    solvedAt: fc.option(instant, { nil: undefined }),
    updatedAt: fc.option(instant, { nil: undefined }),
    channel: fc.constantFrom(...CHANNELS),
    subject: fc.oneof(fc.constant(''), text),
    body: fc.oneof(fc.constant(''), text),
    tags: fc.array(fc.stringMatching(/^[A-Z][a-z]{1,11}$/), { maxLength: 2 }),
    status: fc.constantFrom('new', 'working', 'escalated', 'closed', 'on hold'),
    priority: fc.constantFrom('', 'low', 'medium', 'high'),
    requester: fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z]{1,8}@example\.com$/)),
    group: fc.constantFrom('', 'Tier 1', 'Billing', 'Refunds Queue'),
    messages: fc.uniqueArray(messageArb, { selector: (m) => m.at, maxLength: 6 }),
  })
  .map(({ solvedAt, updatedAt, messages, ...t }) => {
    const ticket: Ticket = { ...t, messages: [...messages].sort((a, b) => a.at - b.at), events: [], source: { file: 'x', line: 0 } };
    if (solvedAt !== undefined) ticket.solvedAt = solvedAt;
    if (updatedAt !== undefined) ticket.updatedAt = updatedAt;
    return ticket;
  });
