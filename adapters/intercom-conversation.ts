/**
 * One Intercom conversation object (REST API, research/formats.md §4) to a canonical ticket.
 * - The `source` is the opening message; `conversation_parts` follow. Only parts with a body
 *   are messages (a `close` or `assignment` may carry a reply); `note` parts are internal.
 * - Authors: user / lead / contact are the customer; admin, bot (Fin, custom bots) and team
 *   answer for the company, so they are agents.
 * - Every part that is not a plain message is an event (state changes as `status`, assignments
 *   as `assignee` or `group`, anything else under its own part type): unknown part types never
 *   fail a record.
 * - Times are Unix seconds; ids stay strings.
 */

import { messages } from '../engine/messages.js';
import type { AuthorRole, Channel, FieldEvent, Message, Ticket } from '../engine/ticket.js';
import type { ReadItem } from './adapter.js';
import { asObject, asText } from './json-stream.js';
import { htmlToText, plainText } from './text.js';
import { isValidTime, parseTimestamp } from './time.js';

/** `source.type` → canonical channel; `conversation` is the Messenger (chat). */
export const SOURCE_CHANNELS: Readonly<Record<string, Channel>> = {
  conversation: 'chat', email: 'email', facebook: 'social', instagram: 'social', twitter: 'social',
  phone_call: 'phone', phone_switch: 'phone', sms: 'messaging', whatsapp: 'messaging', push: 'messaging',
};

/** `source.delivered_as` values of conversations the company started: outbound, not support. */
export const OUTBOUND_DELIVERIES: ReadonlySet<string> = new Set(['admin_initiated', 'automated', 'campaigns_initiated']);

const CUSTOMER_AUTHORS = new Set(['user', 'lead', 'contact']);
const AGENT_AUTHORS = new Set(['admin', 'bot', 'team']);
/** Part types that are only a message; every other part type is (also) an event. */
const MESSAGE_PARTS = new Set(['comment', 'note', 'quick_reply']);
/** Part types that change the conversation's state, and the state they leave it in. */
export const STATE_PARTS: Readonly<Record<string, string>> = {
  close: 'closed', open: 'open', snoozed: 'snoozed', unsnoozed: 'open', timer_unsnooze: 'open',
  assign_and_unsnooze: 'open', assign_and_reopen: 'open', note_and_reopen: 'open',
};

/** Epoch ms of an Intercom time: Unix seconds (or ms from some exporters), or an ISO string. */
export function intercomTime(value: unknown): number | undefined {
  if (typeof value === 'number' && value > 0) {
    const ms = value < 1e11 ? value * 1000 : value;
    return isValidTime(ms) ? ms : undefined;
  }
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const parsed = parseTimestamp(value);
  return parsed === null ? undefined : parsed;
}

/** A table's value for a key the file gives; Object.prototype's keys (`constructor`...) are no entries. */
const lookup = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

/** Intercom's two priority values as canonical words. */
const PRIORITIES: Readonly<Record<string, string>> = { priority: 'high', not_priority: 'normal' };

/** The role of an author; an author of no known type is `fallback`. */
function roleOf(author: unknown, fallback: AuthorRole = 'system'): AuthorRole {
  const type = asText(asObject(author)?.type);
  if (CUSTOMER_AUTHORS.has(type)) return 'customer';
  return AGENT_AUTHORS.has(type) ? 'agent' : fallback;
}

/** The events one part records: its state change, its assignment, or its bare type. */
function partEvents(type: string, part: Record<string, unknown>, at: number): FieldEvent[] {
  const assigned = asObject(part.assigned_to);
  const assignee = asText(assigned?.id);
  const events: FieldEvent[] = [];
  // Own keys only: a part type `constructor` is not Object.prototype's.
  if (Object.hasOwn(STATE_PARTS, type)) events.push({ at, field: 'status', to: STATE_PARTS[type] });
  if (type.includes('assign') && assigned) events.push({ at, field: asText(assigned.type) === 'team' ? 'group' : 'assignee', to: assignee });
  if (events.length === 0) events.push(assignee ? { at, field: type, to: assignee } : { at, field: type });
  return events;
}

/** A person as the canonical requester: their email, else their name, else their Intercom id. */
function personOf(author: Record<string, unknown> | undefined): string {
  return asText(author?.email) || asText(author?.name) || asText(author?.id);
}

/** Reject reasons: outbound deliveries, and custom-bot openers no customer ever answered. */
function outbound(delivery: string, thread: Message[]): boolean {
  if (OUTBOUND_DELIVERIES.has(delivery)) return true;
  // `operator_initiated` is a custom bot: inbound ones answer a customer who opened the
  // Messenger, outbound ones message people unprompted. Only the first kind has a customer turn.
  return delivery === 'operator_initiated' && !thread.some((m) => m.role === 'customer' && m.public);
}

/** A conversation object to a canonical ticket or a rejection (outbound conversations are set aside). */
export function conversationTicket(raw: unknown, file: string, line: number): ReadItem {
  const c = asObject(raw);
  const id = asText(c?.id);
  const reject = (code: string, reason: string): ReadItem => ({ rejection: { file, line, id, code, reason } });
  if (!c) return reject('not-a-ticket', messages.notAJsonObject(raw === null ? 'null' : Array.isArray(raw) ? 'an array' : `a ${typeof raw}`));
  if (!id) return reject('missing-id', messages.missingId());
  const source = asObject(c.source) ?? {};
  const delivery = asText(source.delivered_as);
  if (OUTBOUND_DELIVERIES.has(delivery)) return reject('filtered-outbound', messages.filteredOutbound());
  if (c.created_at === undefined || c.created_at === null) return reject('missing-field', messages.missingField('created_at'));
  const createdAt = intercomTime(c.created_at);
  if (createdAt === undefined) return reject('bad-date', messages.badDate('created_at', asText(c.created_at)));

  const thread: Message[] = [];
  const events: FieldEvent[] = [];
  const opening = plainText(asText(source.body)).trim();
  // A customer-initiated opener with no author recorded is still the customer's.
  const openerRole = roleOf(source.author, delivery === '' || delivery === 'customer_initiated' ? 'customer' : 'system');
  if (opening) thread.push({ at: createdAt, role: openerRole, public: true, text: opening });
  const parts = asObject(c.conversation_parts)?.conversation_parts;
  // Who the customer is, when the opener was not theirs (a custom bot's) and no contact is listed.
  let firstCustomer: Record<string, unknown> | undefined;
  for (const [i, item] of (Array.isArray(parts) ? parts : []).entries()) {
    const part = asObject(item) ?? {};
    const at = intercomTime(part.created_at);
    if (at === undefined) return reject('bad-date', messages.badDate(`conversation_parts[${i}].created_at`, asText(part.created_at)));
    const type = asText(part.part_type);
    const text = plainText(asText(part.body)).trim();
    if (!firstCustomer && roleOf(part.author) === 'customer') firstCustomer = asObject(part.author);
    if (text) thread.push({ at, role: roleOf(part.author), public: !type.startsWith('note'), text });
    if (!MESSAGE_PARTS.has(type)) events.push(...partEvents(type, part, at));
  }
  if (outbound(delivery, thread)) return reject('filtered-outbound', messages.filteredOutbound());
  // The API lists parts oldest first; a hand-merged file may not (both sorts are stable).
  thread.sort((a, b) => a.at - b.at);
  events.sort((a, b) => a.at - b.at);

  const state = asText(c.state) || (c.open === true ? 'open' : c.open === false ? 'closed' : '');
  const author = asObject(source.author);
  const contact = asObject((asObject(c.contacts)?.contacts as unknown[] | undefined)?.[0]);
  const tagList = asObject(c.tags)?.tags;
  const ticket: Ticket = {
    id, createdAt, channel: lookup(SOURCE_CHANNELS, asText(source.type)) ?? 'other',
    subject: htmlToText(asText(source.subject)).trim() || htmlToText(asText(c.title)).trim(),
    body: thread.find((m) => m.role === 'customer' && m.public)?.text ?? '',
    tags: Array.isArray(tagList) ? tagList.map((t) => asText(asObject(t)?.name)).filter(Boolean) : [],
    status: state, priority: lookup(PRIORITIES, asText(c.priority)) ?? '',
    requester: personOf(openerRole === 'customer' ? author : undefined) || asText(contact?.external_id) || asText(contact?.id) || personOf(firstCustomer),
    group: asText(c.team_assignee_id), messages: thread, events, source: { file, line },
  };
  const updatedAt = intercomTime(c.updated_at);
  if (updatedAt !== undefined) ticket.updatedAt = updatedAt;
  // Solved only while closed: a reopened conversation that is open again is not solved. The
  // statistics say when it last closed; without them (list pages), the last close part does.
  const statistics = asObject(c.statistics);
  const solvedAt = statistics
    ? intercomTime(statistics.last_close_at)
    : events.filter((e) => e.field === 'status' && e.to === 'closed').at(-1)?.at;
  if (state === 'closed' && solvedAt !== undefined) ticket.solvedAt = solvedAt;
  return { ticket };
}
