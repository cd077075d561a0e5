/**
 * Freshdesk API v2 tickets (research/formats.md §2b): one ticket object to a canonical ticket and
 * back. The description is the opening message (Freshdesk does not repeat it in
 * `conversations`); conversations follow it, `incoming` ones from the customer, `private` ones
 * internal notes. `body_text` / `description_text` are preferred over their HTML twins; quoted
 * history and signatures are dropped either way.
 */

import { messages } from '../engine/messages.js';
import type { Message, Ticket } from '../engine/ticket.js';
import type { Detection, ReadItem } from './adapter.js';
import {
  channelSource, codeName, isOutbound, PRIORITY_NAMES, priorityCode, sourceChannel, STATUS_NAMES, statusCode,
} from './freshdesk-codes.js';
import { textToHtml } from './html-escape.js';
import { asObject, asText } from './json-stream.js';
import { plainText } from './text.js';
import { parseTimestamp } from './time.js';

/** Keys of Freshdesk's ticket and conversation objects that other vendors' JSON lacks. */
const SIGNATURE: readonly [string, RegExp][] = [
  ['priority', /"priority"\s*:\s*\d/], ['source', /"source"\s*:\s*\d/], ['description_text', /"description_text"\s*:/],
  ['responder_id', /"responder_id"\s*:/], ['requester_id', /"requester_id"\s*:/], ['fr_due_by', /"fr_due_by"\s*:/],
  ['is_escalated', /"is_escalated"\s*:/], ['email_config_id', /"email_config_id"\s*:/], ['incoming', /"incoming"\s*:\s*(true|false)/],
];

/**
 * How much a JSON head looks like Freshdesk tickets: a numeric `status` is the mark (Zendesk's
 * and Intercom's are words), each Freshdesk key adds certainty. Hundredths keep scores exact.
 */
export function detectFreshdeskJson(text: string): Detection {
  const head = text.slice(0, 16_384);
  const numericStatus = /"status"\s*:\s*\d/.test(head);
  const evidence = SIGNATURE.filter(([, re]) => re.test(head)).map(([key]) => key);
  const hundredths = numericStatus ? Math.min(100, 40 + 10 * evidence.length) : Math.min(30, 5 * evidence.length);
  return { score: hundredths / 100, evidence: numericStatus ? ['status', ...evidence] : evidence };
}

/** Epoch ms of an API time (ISO 8601 UTC), or undefined when absent or unreadable. */
function apiTime(value: unknown): number | undefined {
  const parsed = parseTimestamp(asText(value));
  return parsed === null ? undefined : parsed;
}

/** A body as plain text: the API's plain twin when it has one, else the HTML reduced. */
function bodyText(plain: unknown, html: unknown): string {
  return plainText(asText(plain) || asText(html)).trim();
}

function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * One API ticket object to a canonical ticket or a rejection: spam, deleted (in the trash) and
 * outbound-email tickets are set aside with their reason before anything else is checked.
 */
export function apiTicket(raw: unknown, file: string, line: number): ReadItem {
  const t = asObject(raw);
  const id = asText(t?.id);
  const reject = (code: string, reason: string): ReadItem => ({ rejection: { file, line, id, code, reason } });
  if (!t) return reject('not-a-ticket', messages.notAJsonObject(jsonType(raw)));
  if (!id) return reject('missing-id', messages.missingId());
  if (t.spam === true) return reject('filtered-spam', messages.filteredSpam());
  if (t.deleted === true) return reject('filtered-deleted', messages.filteredDeleted());
  if (isOutbound(t.source)) return reject('filtered-outbound', messages.filteredOutbound());
  if (t.created_at === undefined || t.created_at === null || t.created_at === '') return reject('missing-field', messages.missingField('created_at'));
  const createdAt = apiTime(t.created_at);
  if (createdAt === undefined) return reject('bad-date', messages.badDate('created_at', asText(t.created_at)));
  const body = bodyText(t.description_text, t.description);
  let thread: Message[] = [];
  // Without `conversations` the thread was not fetched: no messages rather than a partial one.
  if (Array.isArray(t.conversations)) {
    thread = [{ at: createdAt, role: 'customer', public: true, text: body }];
    for (const [i, item] of t.conversations.entries()) {
      const c = asObject(item) ?? {};
      const at = apiTime(c.created_at);
      const field = `conversations[${i}].created_at`;
      if (at === undefined) return reject('bad-date', messages.badDate(field, asText(c.created_at)));
      thread.push({ at, role: c.incoming === true ? 'customer' : 'agent', public: c.private !== true, text: bodyText(c.body_text, c.body) });
    }
    // Pages list conversations oldest first; a hand-merged file may not (the sort is stable).
    thread.sort((a, b) => a.at - b.at);
  }
  const requester = asObject(t.requester);
  const ticket: Ticket = {
    id, createdAt, channel: sourceChannel(t.source), subject: asText(t.subject).trim(), body,
    tags: Array.isArray(t.tags) ? t.tags.map(asText).filter(Boolean) : [],
    status: codeName(STATUS_NAMES, t.status), priority: codeName(PRIORITY_NAMES, t.priority),
    requester: asText(requester?.email) || asText(requester?.name) || asText(t.requester_id),
    // The API names groups by id; `group_name` is what scripts that join /api/v2/groups add.
    group: asText(t.group_name) || asText(t.group_id),
    messages: thread, events: [], source: { file, line },
  };
  const stats = asObject(t.stats);
  const solvedAt = apiTime(stats?.resolved_at) ?? apiTime(stats?.closed_at);
  const updatedAt = apiTime(t.updated_at);
  if (solvedAt !== undefined) ticket.solvedAt = solvedAt;
  if (updatedAt !== undefined) ticket.updatedAt = updatedAt;
  return { ticket };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const numericId = (id: string) => (/^[1-9]\d{0,14}$/.test(id) ? Number(id) : id);

/**
 * A canonical ticket as an API ticket object with `conversations`. The opening message (a
 * public customer message at creation that is the body) becomes the description, the rest the
 * conversations; system messages are written as agents' (Freshdesk has no third author).
 * @example toApiTicket(t).status // 4 for a 'solved' ticket
 */
export function toApiTicket(t: Ticket): Record<string, unknown> {
  const [first, ...rest] = t.messages;
  const opening = first && first.role === 'customer' && first.public && first.at === t.createdAt && first.text === t.body;
  const id = numericId(t.id);
  const conversations = (opening ? rest : t.messages).map((m, i) => ({
    id: i + 1, ticket_id: id, body: textToHtml(m.text), body_text: m.text, incoming: m.role === 'customer', private: !m.public,
    // Conversation source codes: 0 a reply, 2 a note.
    source: m.public ? 0 : 2, created_at: iso(m.at), updated_at: iso(m.at),
  }));
  const group = /^[1-9]\d{0,14}$/.test(t.group) ? { group_id: Number(t.group) } : { group_id: null, group_name: t.group };
  const requester = t.requester.includes('@') ? { email: t.requester } : { name: t.requester };
  const updated = t.updatedAt ?? t.solvedAt ?? t.createdAt;
  return {
    id, subject: t.subject, description: textToHtml(t.body), description_text: t.body,
    status: statusCode(t.status), priority: priorityCode(t.priority), source: channelSource(t.channel), type: null,
    requester_id: null, requester, responder_id: null, ...group, tags: t.tags, spam: false, deleted: false, is_escalated: false,
    created_at: iso(t.createdAt), updated_at: iso(updated),
    ...(t.solvedAt !== undefined ? { stats: { resolved_at: iso(t.solvedAt) } } : {}),
    ...(t.messages.length > 0 ? { conversations } : {}),
  };
}
