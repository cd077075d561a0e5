/**
 * intercom: Intercom REST API conversations saved as JSON: a `conversation.list` page
 * (`{"type":"conversation.list","conversations":[...]}`), an array, NDJSON of conversations (or
 * of pages), or one conversation from GET /conversations/{id}. Intercom has no UI export that
 * carries the thread, so this is the route (research/formats.md §4). The mapping of one
 * conversation is in intercom-conversation.ts; conversations the company started (outbound,
 * campaigns, automated) are set aside with a counted reason.
 *
 * The writer emits NDJSON, one conversation object per line, with its parts.
 */

import type { Readable } from 'node:stream';
import { ReplayError } from '../engine/errors.js';
import { messages } from '../engine/messages.js';
import { hash32 } from '../engine/random.js';
import type { AuthorRole, Channel, FieldEvent, Message, Ticket } from '../engine/ticket.js';
import type { Adapter, Detection, ReadContext, ReadItem } from './adapter.js';
import { escapeHtml, textToHtml } from './html-escape.js';
import { conversationTicket } from './intercom-conversation.js';
import { jsonRecords, jsonShape } from './json-shape.js';
import { asObject, jsonRejection } from './json-stream.js';
import { peek } from './peek.js';

const unwrapPage = (value: unknown): unknown[] | undefined => {
  const conversations = asObject(value)?.conversations;
  return Array.isArray(conversations) ? conversations : undefined;
};

async function* read(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem> {
  const { head, stream } = await peek(input);
  if (!head.trim()) return;
  const shape = jsonShape(head, ['conversations']);
  if (!shape) throw new ReplayError('INPUT', messages.notIntercomJson(ctx.file), { file: ctx.file, line: 1 });
  for await (const r of jsonRecords(stream, shape, unwrapPage, ctx.limits)) {
    if (r.error !== undefined) yield { rejection: jsonRejection(ctx.file, r) };
    else yield conversationTicket(r.value, ctx.file, r.line);
  }
}

/** Keys that mark Intercom's conversation JSON, with their weight in hundredths. */
const SIGNATURE: readonly [string, RegExp, number][] = [
  ['"type": "conversation"', /"type"\s*:\s*"conversation"/, 50],
  ['conversation.list', /"type"\s*:\s*"conversation\.list"/, 30],
  ['conversation_parts', /"conversation_parts"\s*:/, 20],
  ['delivered_as', /"delivered_as"\s*:/, 20],
  ['part_type', /"part_type"\s*:/, 10],
];

/**
 * How much a head looks like Intercom conversations: `"type": "conversation"` (or a
 * `conversation.list` page) is the mark; parts and `delivered_as` confirm it.
 */
export function detectIntercom(text: string): Detection {
  const head = text.trimStart().slice(0, 16_384);
  if (!head.startsWith('{') && !head.startsWith('[')) return { score: 0, evidence: [] };
  const found = SIGNATURE.filter(([, re]) => re.test(head));
  const marked = found.some(([key]) => key === '"type": "conversation"' || key === 'conversation.list');
  const hundredths = found.reduce((sum, [, , weight]) => sum + weight, 0);
  return { score: Math.min(marked ? 100 : 40, hundredths) / 100, evidence: found.map(([key]) => key) };
}

const seconds = (ms: number) => Math.floor(ms / 1000);
/** Writers' source types: Messenger for chat and web, a call for phone and voice. */
const SOURCE_TYPES: Readonly<Record<Channel, string>> = {
  chat: 'conversation', web: 'conversation', other: 'conversation', email: 'email', social: 'facebook',
  phone: 'phone_call', voice: 'phone_call', messaging: 'whatsapp',
};
/** Intercom has no system author: automated messages are the bot's (and read back as agent). */
const AUTHOR_TYPES: Readonly<Record<AuthorRole, string>> = { customer: 'user', agent: 'admin', system: 'bot' };

function messagePart(m: Message, id: number, customer: Record<string, unknown>) {
  return {
    type: 'conversation_part', id: String(id), part_type: m.public ? 'comment' : 'note', body: textToHtml(m.text),
    created_at: seconds(m.at), updated_at: seconds(m.at), notified_at: seconds(m.at),
    author: m.role === 'customer' ? customer : { type: AUTHOR_TYPES[m.role], id: '1' }, attachments: [], redacted: false,
  };
}

function eventPart(e: FieldEvent, id: number) {
  const to = e.to ?? '';
  const state = /^(closed|solved)$/.test(to) ? 'close' : /^(snoozed|pending|hold)$/.test(to) ? 'snoozed' : 'open';
  const type = e.field === 'status' ? state : e.field === 'assignee' || e.field === 'group' ? 'assignment' : e.field;
  const assigned = e.field === 'status' || e.to === undefined ? null : { type: e.field === 'group' ? 'team' : 'admin', id: to };
  return {
    type: 'conversation_part', id: String(id), part_type: type, body: null, created_at: seconds(e.at), updated_at: seconds(e.at),
    author: { type: 'admin', id: '1' }, assigned_to: assigned, attachments: [], redacted: false,
  };
}

/**
 * A canonical ticket as a conversation object. The opening message (public, at creation) is the
 * `source`; later messages and events are parts in time order.
 * @example toConversation(t).source.delivered_as // 'customer_initiated'
 */
export function toConversation(t: Ticket) {
  const [first, ...rest] = t.messages;
  const opening = first && first.public && first.at === t.createdAt ? first : undefined;
  const who = t.requester.includes('@') ? { email: t.requester } : t.requester ? { name: t.requester } : {};
  const customer = { type: 'user', id: t.requester ? `6${String(hash32(t.requester)).padStart(10, '0')}` : '', ...who };
  const later = opening ? rest : t.messages;
  // Messages and events merged by time; at equal times a message comes first (both stay in order).
  const parts: Record<string, unknown>[] = [];
  let [i, j] = [0, 0];
  while (i < later.length || j < t.events.length) {
    const takeMessage = j >= t.events.length || (i < later.length && later[i].at <= t.events[j].at);
    parts.push(takeMessage ? messagePart(later[i++], parts.length + 1, customer) : eventPart(t.events[j++], parts.length + 1));
  }
  const sourceAuthor = !opening || opening.role === 'customer' ? customer : { type: AUTHOR_TYPES[opening.role], id: '1' };
  return {
    type: 'conversation', id: t.id, title: null, created_at: seconds(t.createdAt), updated_at: seconds(t.updatedAt ?? t.solvedAt ?? t.createdAt),
    ...(t.status ? { open: t.status !== 'closed', state: t.status } : {}),
    ...(t.priority ? { priority: /^(high|urgent)$/.test(t.priority) ? 'priority' : 'not_priority' } : {}),
    admin_assignee_id: null, team_assignee_id: t.group || null,
    tags: { type: 'tag.list', tags: t.tags.map((name, k) => ({ type: 'tag', id: String(k + 1), name })) },
    source: {
      type: SOURCE_TYPES[t.channel], id: `${t.id}-source`, delivered_as: 'customer_initiated', subject: escapeHtml(t.subject),
      body: opening ? textToHtml(opening.text) : '', author: sourceAuthor, attachments: [], url: null, redacted: false,
    },
    contacts: { type: 'contact.list', contacts: t.requester ? [{ type: 'contact', id: customer.id, external_id: t.requester }] : [] },
    statistics: { type: 'conversation_statistics', last_close_at: t.solvedAt === undefined ? null : seconds(t.solvedAt) },
    conversation_parts: { type: 'conversation_part.list', conversation_parts: parts, total_count: parts.length },
  };
}

/** Intercom REST API conversations with their parts. */
export const intercom: Adapter = {
  name: 'intercom',
  description: 'Intercom REST API conversations (with conversation_parts) saved as JSON or NDJSON.',
  detection: 'JSON whose first conversation has "type": "conversation" (or a "conversation.list" page) with conversation_parts or source.delivered_as',
  exportHowTo:
    'Intercom has no UI export with the thread (Reports dataset CSVs carry no message bodies): save GET /conversations (or POST /conversations/search) pages and GET /conversations/{id} for each conversation, with its conversation_parts, from the REST API as JSON or NDJSON.',
  detect: ({ text }) => detectIntercom(text),
  read,
  /** NDJSON, one conversation object per line (streams any size). */
  *write(tickets) {
    for (const t of tickets) yield { file: '', text: `${JSON.stringify(toConversation(t))}\n` };
  },
};
