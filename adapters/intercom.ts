/**
 * intercom: Intercom REST API conversations saved as JSON (a `conversation.list` page, an array,
 * or NDJSON), with `conversation_parts`. Times are Unix seconds. The `source` is the opening
 * message; parts with a body are messages (`note` parts are internal), the others are events
 * (close, open = reopen, assignment...). Conversations an admin or automation started
 * (outbound, campaigns) are filtered with a counted reason.
 */

import type { Readable } from 'node:stream';
import { messages } from '../engine/messages.js';
import type { Channel, FieldEvent, Message, Ticket } from '../engine/ticket.js';
import type { Adapter, ReadContext, ReadItem } from './adapter.js';
import { asObject, asText, readJsonArray, readNdjson } from './json-stream.js';
import { peek } from './peek.js';
import { plainText } from './text.js';

const CHANNEL: Record<string, Channel> = {
  conversation: 'chat', email: 'email', facebook: 'social', instagram: 'social', twitter: 'social', phone_call: 'phone',
  phone_switch: 'phone', sms: 'messaging', whatsapp: 'messaging', push: 'messaging',
};
const OUTBOUND = new Set(['admin_initiated', 'automated', 'campaigns_initiated', 'operator_initiated']);
const CUSTOMER_AUTHORS = new Set(['user', 'lead', 'contact']);

const seconds = (value: unknown): number | undefined => {
  const n = typeof value === 'number' ? value : Number(asText(value));
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n < 1e11 ? n * 1000 : n;
};

function role(author: Record<string, unknown> | undefined): Message['role'] {
  const type = asText(author?.type);
  if (CUSTOMER_AUTHORS.has(type)) return 'customer';
  return type === 'bot' ? 'system' : 'agent';
}

/** One conversation object to a canonical ticket or a rejection. */
export function conversationTicket(raw: unknown, file: string, line: number): ReadItem {
  const c = asObject(raw);
  const id = asText(c?.id);
  const reject = (code: string, reason: string): ReadItem => ({ rejection: { file, line, id, code, reason } });
  if (!c) return reject('not-a-ticket', messages.notATicket('a JSON value that is not an object'));
  if (!id) return reject('missing-id', messages.missingId());
  const source = asObject(c.source);
  if (OUTBOUND.has(asText(source?.delivered_as))) return reject('filtered-outbound', messages.filteredOutbound());
  if (c.spam === true || asText(c.state) === 'spam') return reject('filtered-spam', messages.filteredSpam());
  if (c.deleted === true) return reject('filtered-deleted', messages.filteredDeleted());
  const createdAt = seconds(c.created_at);
  if (createdAt === undefined) return reject('bad-date', messages.badDate('created_at', asText(c.created_at)));
  const thread: Message[] = [];
  const events: FieldEvent[] = [];
  const opening = plainText(asText(source?.body));
  if (opening) thread.push({ at: createdAt, role: role(asObject(source?.author)), public: true, text: opening });
  const list = asObject(c.conversation_parts)?.conversation_parts;
  let lastClose: number | undefined;
  for (const p of Array.isArray(list) ? list : []) {
    const part = asObject(p);
    const at = seconds(part?.created_at);
    if (!part || at === undefined) continue;
    const type = asText(part.part_type);
    const text = plainText(asText(part.body));
    if (text && /^(comment|note|note_and_reopen|quick_reply)$/.test(type)) {
      thread.push({ at, role: role(asObject(part.author)), public: !type.startsWith('note'), text });
    }
    if (type === 'close') lastClose = at;
    if (type !== 'comment' && type !== 'note' && type !== 'quick_reply') {
      const to = type === 'close' ? 'closed' : /open/.test(type) ? 'open' : asText(asObject(part.assigned_to)?.id) || type;
      events.push({ at, field: /open|close|snooze/.test(type) ? 'state' : type, to });
    }
  }
  thread.sort((a, b) => a.at - b.at);
  const tags = asObject(c.tags)?.tags;
  const contact = (asObject(c.contacts)?.contacts as unknown[] | undefined)?.map(asObject)[0];
  const ticket: Ticket = {
    id, createdAt, channel: CHANNEL[asText(source?.type)] ?? 'other',
    subject: plainText(asText(source?.subject) || asText(c.title)), body: thread.find((m) => m.role === 'customer')?.text ?? '',
    tags: Array.isArray(tags) ? tags.map((t) => asText(asObject(t)?.name)).filter(Boolean) : [],
    status: asText(c.state), priority: asText(c.priority) === 'priority' ? 'high' : 'normal',
    requester: asText(asObject(source?.author)?.email) || asText(contact?.id), group: asText(c.team_assignee_id),
    messages: thread, events, source: { file, line },
  };
  const updatedAt = seconds(c.updated_at);
  if (updatedAt !== undefined) ticket.updatedAt = updatedAt;
  const closedAt = seconds(asObject(c.statistics)?.last_close_at) ?? lastClose;
  if (closedAt !== undefined && asText(c.state) === 'closed') ticket.solvedAt = closedAt;
  return { ticket };
}

async function* read(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem> {
  const { head, stream } = await peek(input);
  const start = head.trimStart();
  if (!start) return;
  const records = start.startsWith('[')
    ? readJsonArray(stream)
    : /^\{\s*"(type|conversations|pages)"/.test(start) && /"conversations"\s*:\s*\[/.test(start.slice(0, 65_536)) && !start.split('\n', 1)[0].endsWith('}')
      ? readJsonArray(stream, 'conversations')
      : readNdjson(stream);
  for await (const r of records) {
    if (r.error !== undefined) yield { rejection: { file: ctx.file, line: r.line, id: '', code: 'bad-json', reason: messages.badJson(r.error) } };
    else yield conversationTicket(r.value, ctx.file, r.line);
  }
}

const toSeconds = (ms: number) => Math.round(ms / 1000);
const SOURCE_TYPE: Record<Channel, string> = {
  chat: 'conversation', email: 'email', social: 'twitter', phone: 'phone_call', voice: 'phone_call', messaging: 'whatsapp', web: 'conversation', other: 'conversation',
};

export const intercom: Adapter = {
  name: 'intercom',
  description: 'Intercom REST API conversations (with conversation_parts) saved as JSON or NDJSON.',
  detection: 'JSON whose first conversation has "type": "conversation" with conversation_parts or source.delivered_as',
  exportHowTo: 'Intercom has no full conversation export in the UI: save GET /conversations (paged) and GET /conversations/{id} (with its parts) from the REST API as JSON, e.g. with a Developer Hub access token.',
  detect({ text }) {
    const head = text.slice(0, 65_536);
    const evidence = ['"type":"conversation"', 'conversation_parts', 'delivered_as', 'conversation.list'].filter((k) => head.replace(/\s/g, '').includes(k.replace(/\s/g, '')));
    const isConversation = evidence.includes('"type":"conversation"') || evidence.includes('conversation.list');
    return { score: isConversation && evidence.length >= 2 ? Math.min(1, 0.6 + 0.15 * evidence.length) : 0.1 * evidence.length, evidence };
  },
  read,
  *write(tickets) {
    for (const t of tickets) {
      const [first, ...rest] = t.messages;
      const opening = first && first.at === t.createdAt && first.public ? first : undefined;
      const parts = (opening ? rest : t.messages).map((m, i) => ({
        type: 'conversation_part', id: String(i + 1), part_type: m.public ? 'comment' : 'note', body: m.text, created_at: toSeconds(m.at),
        author: { type: m.role === 'customer' ? 'user' : m.role === 'system' ? 'bot' : 'admin', id: String(i) },
      }));
      const obj = {
        type: 'conversation', id: t.id, created_at: toSeconds(t.createdAt), updated_at: toSeconds(t.updatedAt ?? t.createdAt),
        state: t.status || 'open', priority: t.priority === 'high' ? 'priority' : 'not_priority', team_assignee_id: t.group || null,
        tags: { type: 'tag.list', tags: t.tags.map((name) => ({ type: 'tag', name })) },
        source: {
          type: SOURCE_TYPE[t.channel], delivered_as: 'customer_initiated', subject: t.subject, body: opening?.text ?? '',
          author: { type: opening?.role === 'agent' ? 'admin' : opening?.role === 'system' ? 'bot' : 'user', email: t.requester },
        },
        conversation_parts: { type: 'conversation_part.list', conversation_parts: parts, total_count: parts.length },
      };
      yield { file: '', text: `${JSON.stringify(obj)}\n` };
    }
  },
};
