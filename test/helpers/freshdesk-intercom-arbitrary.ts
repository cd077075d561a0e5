/**
 * Canonical tickets in exactly the shape each Freshdesk and Intercom form carries, for the
 * round-trip properties (read ∘ write = identity on these). What a form cannot carry is left out
 * here and listed beside each arbitrary.
 */

import { Readable } from 'node:stream';
import fc from 'fast-check';
import type { Adapter } from '../../adapters/adapter.js';
import type { Channel, FieldEvent, Message, Ticket } from '../../engine/ticket.js';

/** Reads a written text back through an adapter (file `f`, UTC); a rejection fails the property. */
export async function readText(adapter: Adapter, text: string): Promise<Ticket[]> {
  const out: Ticket[] = [];
  for await (const item of adapter.read(Readable.from([Buffer.from(text)]), { file: 'f', tz: 'UTC' })) {
    if (item.rejection) throw new Error(`${item.rejection.code}: ${item.rejection.reason}`);
    out.push(item.ticket);
  }
  return out;
}

/** Words that survive HTML escaping and plain-text cleaning: entities, `<` and `>` included. */
const word = fc.constantFrom('refund', 'order', 'R&D', '5>4', 'a<3', '"quoted"', "it's", 'über', 'Ünïcode', 'login', '42', 'x');
const line = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
/** Plain text: one or more non-empty lines (no quote markers, signatures or blank runs). */
export const textArb = fc.array(line, { minLength: 1, maxLength: 3 }).map((l) => l.join('\n'));
const second = fc.integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 }).map((s) => s * 1000);
const later = (from: number) => fc.integer({ min: 0, max: 30 * 86_400 }).map((s) => from + s * 1000);
const email = fc.stringMatching(/^[a-z]{1,8}@example\.(com|org)$/);
const name = fc.constantFrom('Ana Silva', 'Omar Haddad', 'Mia Braun');
const base = { source: { file: 'x', line: 0 } };

/** Sorted times from `createdAt` on, for a thread. */
const timesFrom = (createdAt: number, max: number) =>
  fc.array(later(createdAt), { maxLength: max }).map((ts) => [...ts].sort((a, b) => a - b));

/** What Freshdesk's API tickets and UI export rows draw alike. */
const freshdeskFields = {
  id: fc.oneof(fc.integer({ min: 1, max: 2e9 }).map(String), fc.stringMatching(/^FD-[0-9]{1,6}$/)),
  createdAt: second,
  channel: fc.constantFrom<Channel>('email', 'web', 'phone', 'chat', 'social', 'messaging', 'other'),
  subject: line,
  body: textArb,
  tags: fc.array(fc.constantFrom('billing', 'vip customer', 'bug', 'login'), { maxLength: 3 }),
};

/**
 * Freshdesk API tickets. Not carried: voice (written as phone), system authors (written as
 * agents), events, activity, a thread whose first message is not the description, and no
 * updated_at (the API always has one).
 */
export const freshdeskApiTicketArb: fc.Arbitrary<Ticket> = fc
  .record({
    ...freshdeskFields,
    status: fc.constantFrom('open', 'pending', 'resolved', 'closed', '6', '12'),
    priority: fc.constantFrom('low', 'medium', 'high', 'urgent', ''),
    requester: fc.oneof(email, name, fc.constant('')),
    group: fc.oneof(fc.constantFrom('Billing', 'Tier 1', ''), fc.integer({ min: 1, max: 1e9 }).map(String)),
    thread: fc.boolean(),
    replies: fc.array(fc.record({ role: fc.constantFrom<Message['role']>('customer', 'agent'), public: fc.boolean(), text: textArb }), { maxLength: 4 }),
    solvedAfter: fc.option(fc.integer({ min: 0, max: 60 * 86_400 }), { nil: undefined }),
    updatedAfter: fc.integer({ min: 0, max: 90 * 86_400 }),
  })
  .chain((r) => timesFrom(r.createdAt, r.replies.length).map((times) => ({ r, times })))
  .map(({ r, times }) => {
    const replies = r.replies.slice(0, times.length).map((m, i) => ({ at: times[i], ...m }));
    const opening: Message = { at: r.createdAt, role: 'customer', public: true, text: r.body };
    const t: Ticket = {
      id: r.id, createdAt: r.createdAt, channel: r.channel, subject: r.subject, body: r.body, tags: r.tags, status: r.status,
      priority: r.priority, requester: r.requester, group: r.group, messages: r.thread ? [opening, ...replies] : [], events: [],
      updatedAt: r.createdAt + r.updatedAfter * 1000, ...base,
    };
    if (r.solvedAfter !== undefined) t.solvedAt = r.createdAt + r.solvedAfter * 1000;
    return t;
  });

/**
 * Freshdesk UI export rows. Not carried: messages and events (the export has none), voice,
 * tags holding commas, and statuses or priorities in any case but lower.
 */
export const freshdeskCsvTicketArb: fc.Arbitrary<Ticket> = fc
  .record({
    ...freshdeskFields,
    status: fc.constantFrom('open', 'pending', 'resolved', 'closed', 'waiting on customer'),
    priority: fc.constantFrom('low', 'medium', 'high', 'urgent', ''),
    requester: fc.oneof(email, name, fc.constant('')),
    group: fc.constantFrom('Billing', 'Tier 1', ''),
    customerReplies: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    agentReplies: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    solvedAt: fc.option(second, { nil: undefined }),
    updatedAt: fc.option(second, { nil: undefined }),
  })
  .map(({ customerReplies, agentReplies, solvedAt, updatedAt, ...r }) => {
    const t: Ticket = { ...r, messages: [], events: [], activity: {}, ...base };
    if (customerReplies !== undefined) t.activity!.customerReplies = customerReplies;
    if (agentReplies !== undefined) t.activity!.agentReplies = agentReplies;
    if (solvedAt !== undefined) t.solvedAt = solvedAt;
    if (updatedAt !== undefined) t.updatedAt = updatedAt;
    return t;
  });

const eventArb = (at: number): fc.Arbitrary<FieldEvent> =>
  fc.oneof(
    fc.constantFrom('closed', 'open', 'snoozed').map((to) => ({ at, field: 'status', to })),
    fc.integer({ min: 1, max: 1e7 }).map((id) => ({ at, field: 'assignee', to: String(id) })),
    fc.integer({ min: 1, max: 1e7 }).map((id) => ({ at, field: 'group', to: String(id) })),
    fc.constant({ at, field: 'language_detection_details' }),
    fc.integer({ min: 1, max: 1e7 }).map((id) => ({ at, field: 'participant_added', to: String(id) })),
  );

/**
 * Intercom conversations. Not carried: web, voice and other (no source type says so), system
 * authors (Intercom's bots read back as agents), `from` on events, a solved time on a
 * conversation that is not closed, and no updated_at.
 */
export const intercomTicketArb: fc.Arbitrary<Ticket> = fc
  .record({
    id: fc.oneof(fc.bigInt({ min: 10n ** 14n, max: 10n ** 15n }).map(String), fc.integer({ min: 1, max: 1e6 }).map(String)),
    createdAt: second,
    channel: fc.constantFrom<Channel>('chat', 'email', 'social', 'phone', 'messaging'),
    subject: fc.oneof(line, fc.constant('')),
    opener: fc.option(fc.record({ role: fc.constantFrom<Message['role']>('customer', 'agent'), text: textArb }), { nil: undefined }),
    parts: fc.array(fc.record({ role: fc.constantFrom<Message['role']>('customer', 'agent'), public: fc.boolean(), text: textArb }), { maxLength: 4 }),
    events: fc.integer({ min: 0, max: 3 }),
    tags: fc.array(fc.constantFrom('billing', 'vip customer', 'bug'), { maxLength: 3 }),
    status: fc.constantFrom('open', 'closed', 'snoozed', ''),
    priority: fc.constantFrom('high', 'normal', ''),
    requester: fc.oneof(email, name, fc.constant('')),
    group: fc.oneof(fc.integer({ min: 1, max: 1e7 }).map(String), fc.constant('')),
    solvedAfter: fc.option(fc.integer({ min: 0, max: 60 * 86_400 }), { nil: undefined }),
    updatedAfter: fc.integer({ min: 0, max: 90 * 86_400 }),
  })
  .chain((r) =>
    fc.record({
      r: fc.constant(r),
      times: timesFrom(r.createdAt + 1000, r.parts.length),
      events: timesFrom(r.createdAt, r.events).chain((ts): fc.Arbitrary<FieldEvent[]> => (ts.length ? fc.tuple(...ts.map(eventArb)) : fc.constant([]))),
    }),
  )
  .map(({ r, times, events }) => {
    const opener: Message[] = r.opener ? [{ at: r.createdAt, public: true, ...r.opener }] : [];
    const thread = [...opener, ...r.parts.slice(0, times.length).map((m, i) => ({ at: times[i], ...m }))];
    const t: Ticket = {
      id: r.id, createdAt: r.createdAt, channel: r.channel, subject: r.subject,
      body: thread.find((m) => m.role === 'customer' && m.public)?.text ?? '', tags: r.tags, status: r.status, priority: r.priority,
      requester: r.requester, group: r.group, messages: thread, events: [...events], updatedAt: r.createdAt + r.updatedAfter * 1000, ...base,
    };
    if (r.status === 'closed' && r.solvedAfter !== undefined) t.solvedAt = r.createdAt + r.solvedAfter * 1000;
    return t;
  });
