/**
 * zendesk-json: Zendesk's JSON exports, streamed.
 * - The full JSON export (NDJSON: one ticket per line, bare or as {"ticket": {...}}, comments
 *   embedded).
 * - Saved Incremental Export API pages: {"tickets": [...]} (the same ticket may repeat with a
 *   later updated_at: the pipeline keeps the latest), and {"ticket_events": [...]} or
 *   {"audits": [...]} pages, whose comments and field changes are joined onto the tickets given
 *   in the same run. Events of a ticket that never appears are quarantined as "parent not found".
 * Comment authors: the requester is the customer, automation rules are the system, anyone else
 * an agent (without the users file, that is what an export can tell).
 */

import type { Readable } from 'node:stream';
import { messages } from '../engine/messages.js';
import type { FieldEvent, Message, Ticket } from '../engine/ticket.js';
import type { Adapter, ReadContext, ReadItem } from './adapter.js';
import { asObject, asText, readJsonArray, readNdjson, type JsonRecord } from './json-stream.js';
import { peek } from './peek.js';
import { plainText } from './text.js';
import { parseTimestamp } from './time.js';
import { viaChannel, zendeskStatus } from './zendesk-common.js';
import { hash32 } from '../engine/random.js';

type Kind = 'ndjson' | 'tickets' | 'ticket_events' | 'audits';

/** Which of the JSON shapes a head of text is. */
export function zendeskJsonKind(head: string): Kind | undefined {
  const text = head.trimStart();
  if (!text.startsWith('{')) return undefined;
  const page = /^\{\s*"(tickets|ticket_events|audits)"\s*:/.exec(text) ?? /"(ticket_events|audits|tickets)"\s*:\s*\[/.exec(text.slice(0, 4096));
  const firstLine = text.split('\n', 1)[0];
  try {
    const obj = asObject(JSON.parse(firstLine));
    if (obj && !('tickets' in obj) && !('ticket_events' in obj) && !('audits' in obj)) return 'ndjson';
  } catch {
    // Not a complete object on the first line: a page (or a broken file).
  }
  return page ? (page[1] as Kind) : undefined;
}

/** A comment from an events page, its role decided once the ticket's requester is known. */
interface PendingComment {
  message: Message;
  author: string;
  byRule: boolean;
}

interface Thread {
  comments: PendingComment[];
  events: FieldEvent[];
  /** Where the ticket's first event came from, for the orphan message. */
  file: string;
  line: number;
}

const time = (value: unknown): number | undefined => {
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  const parsed = parseTimestamp(asText(value));
  return parsed === null ? undefined : parsed;
};

function comment(c: Record<string, unknown>, requesterId: string, at?: number): Message | undefined {
  const text = plainText(asText(c.plain_body) || asText(c.body) || asText(c.html_body));
  const when = time(c.created_at) ?? at;
  if (!text || when === undefined) return undefined;
  const via = asObject(c.via);
  const author = asText(c.author_id);
  const role: Message['role'] = author && author === requesterId ? 'customer' : via?.channel === 'rule' ? 'system' : 'agent';
  return { at: when, role, public: c.public !== false, text };
}

/** One ticket object (full export or API) to a canonical ticket or a rejection. */
export function toTicket(raw: unknown, file: string, line: number, thread?: Thread): ReadItem {
  const wrapped = asObject(raw);
  const t = asObject(wrapped?.ticket) ?? wrapped;
  const id = asText(t?.id);
  if (!t) return { rejection: { file, line, id: '', code: 'not-a-ticket', reason: messages.notATicket('a JSON value that is not an object') } };
  if (!id) return { rejection: { file, line, id, code: 'missing-id', reason: messages.missingId() } };
  const createdAt = time(t.created_at);
  if (createdAt === undefined) return { rejection: { file, line, id, code: 'bad-date', reason: messages.badDate('created_at', asText(t.created_at)) } };
  const status = zendeskStatus(asText(t.status));
  if (status === 'deleted') return { rejection: { file, line, id, code: 'filtered-deleted', reason: messages.filteredDeleted() } };
  const requesterId = asText(t.requester_id);
  const requester = asObject(t.requester);
  const group = asObject(t.group);
  const msgs: Message[] = [];
  for (const c of Array.isArray(t.comments) ? t.comments : []) {
    const m = asObject(c) && comment(asObject(c)!, requesterId);
    if (m) msgs.push(m);
  }
  for (const c of thread?.comments ?? []) {
    msgs.push({ ...c.message, role: c.author && c.author === requesterId ? 'customer' : c.byRule ? 'system' : 'agent' });
  }
  msgs.sort((a, b) => a.at - b.at);
  const events = thread ? [...thread.events].sort((a, b) => a.at - b.at) : [];
  const solved = events.filter((e) => e.field === 'status' && (e.to === 'solved' || e.to === 'closed')).pop();
  const ticket: Ticket = {
    id, createdAt, channel: viaChannel(asObject(t.via)?.channel), subject: asText(t.subject) || asText(t.raw_subject),
    body: plainText(asText(t.description)) || msgs.find((m) => m.role === 'customer')?.text || '',
    tags: Array.isArray(t.tags) ? t.tags.map(asText).filter(Boolean) : [], status, priority: asText(t.priority).toLowerCase(),
    requester: asText(requester?.email) || requesterId, group: asText(group?.name) || asText(t.group_id),
    messages: msgs, events, source: { file, line },
  };
  const updatedAt = time(t.updated_at);
  if (updatedAt !== undefined) ticket.updatedAt = updatedAt;
  if (solved) ticket.solvedAt = solved.at;
  return { ticket };
}

/** Adds an events or audits page item's comments and changes to the threads map. */
function addEvents(item: Record<string, unknown>, kind: 'ticket_events' | 'audits', threads: Map<string, Thread>, file: string, line: number): void {
  const ticketId = asText(item.ticket_id);
  if (!ticketId) return;
  const at = time(item.created_at) ?? time(item.timestamp);
  const thread = threads.get(ticketId) ?? { comments: [], events: [], file, line };
  threads.set(ticketId, thread);
  const children = (kind === 'audits' ? item.events : item.child_events) as unknown[] | undefined;
  for (const raw of Array.isArray(children) ? children : []) {
    const e = asObject(raw);
    if (!e) continue;
    const type = asText(e.type) || asText(e.event_type);
    if (/comment/i.test(type)) {
      const author = asText(e.author_id ?? item.author_id ?? item.updater_id);
      const m = comment({ ...e, author_id: author, public: e.public ?? e.comment_public }, '', at);
      if (m) thread.comments.push({ message: m, author, byRule: asObject(e.via)?.channel === 'rule' });
    } else if (/change/i.test(type) && at !== undefined) {
      const field = asText(e.field_name) || (['status', 'priority', 'group_id', 'assignee_id', 'type'].find((f) => f in e) ?? '');
      if (!field) continue;
      const value = e.value ?? e[field];
      thread.events.push({ at, field, to: Array.isArray(value) ? value.join(' ') : asText(value), from: asText(e.previous_value) || undefined });
    }
  }
}

async function* records(input: Readable): AsyncGenerator<JsonRecord & { kind: Kind }> {
  const { head, stream } = await peek(input);
  if (!head.trim()) return;
  const kind = zendeskJsonKind(head);
  if (!kind) throw new Error('not a Zendesk JSON export (no ticket object or export page at the start)');
  const source = kind === 'ndjson' ? readNdjson(stream) : readJsonArray(stream, kind);
  for await (const r of source) yield { ...r, kind };
}

function badRecord(file: string, r: JsonRecord): ReadItem {
  return { rejection: { file, line: r.line, id: '', code: 'bad-json', reason: messages.badJson(r.error ?? 'invalid') } };
}

async function* read(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem> {
  for await (const r of records(input)) {
    if (r.error !== undefined) yield badRecord(ctx.file, r);
    else if (r.kind === 'ndjson' || r.kind === 'tickets') yield toTicket(r.value, ctx.file, r.line);
    else yield { rejection: { file: ctx.file, line: r.line, id: asText(asObject(r.value)?.ticket_id), code: 'orphan', reason: messages.orphan(asText(asObject(r.value)?.ticket_id)) } };
  }
}

async function* readGroup(files: string[], _ctx: Omit<ReadContext, 'file'>, open: (file: string) => Readable): AsyncIterable<ReadItem> {
  // Events and audits first (memory grows with them, not with the tickets), then the tickets.
  const threads = new Map<string, Thread>();
  const ticketFiles: string[] = [];
  for (const file of files) {
    const gen = records(open(file));
    const first = await gen.next();
    if (first.done) continue;
    if (first.value.kind === 'ndjson' || first.value.kind === 'tickets') {
      ticketFiles.push(file);
      await gen.return(undefined);
      continue;
    }
    for (let r: IteratorResult<JsonRecord & { kind: Kind }> = first; !r.done; r = await gen.next()) {
      if (r.value.error !== undefined) yield badRecord(file, r.value);
      else if (asObject(r.value.value)) addEvents(asObject(r.value.value)!, r.value.kind as 'ticket_events' | 'audits', threads, file, r.value.line);
    }
  }
  for (const file of ticketFiles) {
    for await (const r of records(open(file))) {
      if (r.error !== undefined) {
        yield badRecord(file, r);
        continue;
      }
      const id = asText((asObject(asObject(r.value)?.ticket) ?? asObject(r.value))?.id);
      const thread = threads.get(id);
      threads.delete(id);
      yield toTicket(r.value, file, r.line, thread);
    }
  }
  for (const [ticketId, thread] of threads) {
    yield { rejection: { file: thread.file, line: thread.line, id: ticketId, code: 'orphan', reason: messages.orphan(ticketId) } };
  }
}

const writeTime = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export const zendeskJson: Adapter = {
  name: 'zendesk-json',
  description: "Zendesk's full JSON export (NDJSON with comments) and saved Incremental Export API pages (tickets, ticket events, audits).",
  detection: 'a first line that is a ticket object with via.channel and requester_id, or an object with a tickets / ticket_events / audits array',
  exportHowTo: 'Zendesk Admin Center → Account → Tools → Reports → Export → JSON (full export, NDJSON, by email); or save Incremental Export API pages (GET /api/v2/incremental/tickets/cursor.json, /incremental/ticket_events.json).',
  detect({ text }) {
    const kind = zendeskJsonKind(text);
    if (!kind) return { score: 0, evidence: [] };
    if (kind !== 'ndjson') return { score: 0.9, evidence: [`"${kind}" page`] };
    const evidence = ['via', 'requester_id', 'comments', 'url'].filter((k) => text.split('\n', 1)[0].includes(`"${k}"`));
    return { score: evidence.includes('via') && evidence.includes('requester_id') ? 0.9 : 0.3 + 0.1 * evidence.length, evidence };
  },
  read,
  readGroup,
  *write(tickets) {
    for (const t of tickets) {
      const requesterId = 1_000_000 + (hash32(t.requester) % 1_000_000);
      const comments = t.messages.map((m, i) => ({
        id: i + 1,
        type: 'Comment',
        author_id: m.role === 'customer' ? requesterId : 1,
        public: m.public,
        plain_body: m.text,
        created_at: writeTime(m.at),
        via: { channel: m.role === 'system' ? 'rule' : 'web' },
      }));
      const ticket = {
        id: /^\d+$/.test(t.id) ? Number(t.id) : t.id,
        url: `https://example.zendesk.com/api/v2/tickets/${t.id}.json`,
        via: { channel: ({ email: 'email', web: 'web', chat: 'chat', phone: 'voice', voice: 'voice', social: 'twitter', messaging: 'whatsapp', other: 'api' } as const)[t.channel] },
        created_at: writeTime(t.createdAt),
        updated_at: writeTime(t.updatedAt ?? t.solvedAt ?? t.createdAt),
        subject: t.subject,
        description: t.body,
        status: t.status || 'open',
        priority: t.priority || null,
        requester_id: requesterId,
        requester: { id: requesterId, email: t.requester },
        group: { name: t.group },
        tags: t.tags,
        comments,
      };
      yield { file: '', text: `${JSON.stringify(ticket)}\n` };
    }
  },
};

