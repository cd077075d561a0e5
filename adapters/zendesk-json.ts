/**
 * zendesk-json: Zendesk's JSON exports, streamed (a file never has to fit in memory).
 * - The full JSON export: NDJSON, one ticket per line, bare or as {"ticket": {...}}, comments
 *   embedded.
 * - Saved Incremental Export API pages: {"tickets": [...]} (time-based pages repeat a ticket
 *   with a later updated_at: each is yielded, the pipeline keeps the latest), and
 *   {"ticket_events": [...]} or {"audits": [...]} pages, whose comments and field changes are
 *   joined onto the tickets given in the same run (zendesk-events.ts). Events of a ticket that
 *   never appears are quarantined as "parent not found".
 * Deleted and spam tickets are set aside with a counted reason (zendesk-common.ts).
 */

import type { Readable } from 'node:stream';
import { ReplayError } from '../engine/errors.js';
import { messages } from '../engine/messages.js';
import { hash32 } from '../engine/random.js';
import type { Channel, Message, Ticket } from '../engine/ticket.js';
import type { Adapter, ReadContext, ReadItem } from './adapter.js';
import { asObject, asText, jsonRejection, readJsonArray, readNdjson, type JsonRecord } from './json-stream.js';
import type { Limits } from '../engine/limits.js';
import { peek } from './peek.js';
import { plainText } from './text.js';
import { viaChannel, zendeskFilter, zendeskStatus } from './zendesk-common.js';
import { addToThread, pendingComment, toMessage, zendeskTime, type Thread } from './zendesk-events.js';

type Kind = 'ndjson' | 'tickets' | 'ticket_events' | 'audits';
const PAGE_KEYS = ['tickets', 'ticket_events', 'audits'] as const;

/**
 * Which of the JSON shapes a file's head is. NDJSON: the first line parses alone as an object
 * that is not a page. A page: an object that names a tickets / ticket_events / audits array near
 * its start (pretty-printed or not, keys in any order). A first line that does not parse but
 * opens like a ticket is NDJSON too: a ticket longer than the head (they reach 1 MB), or a broken
 * first line that the reader reports and reads past.
 * @example zendeskJsonKind('{"tickets":[{"id":1}],"end_of_stream":true}') // 'tickets'
 */
export function zendeskJsonKind(head: string): Kind | undefined {
  const text = head.trimStart();
  if (!text.startsWith('{')) return undefined;
  const first = text.split('\n', 1)[0];
  try {
    const obj = asObject(JSON.parse(first));
    if (obj) return PAGE_KEYS.find((k) => Array.isArray(obj[k])) ?? 'ndjson';
  } catch {
    // A pretty-printed page, a line longer than the head, or a broken line.
  }
  const page = /"(tickets|ticket_events|audits)"\s*:\s*\[/.exec(text.slice(0, 4096));
  if (page) return page[1] as Kind;
  return /^\{\s*"(ticket|id|url)"\s*:/.test(first) ? 'ndjson' : undefined;
}

/** One ticket object (full export or API) with its audits thread, to a ticket or a rejection. */
export function toTicket(raw: unknown, file: string, line: number, thread?: Thread): ReadItem {
  const wrapped = asObject(raw);
  const t = asObject(wrapped?.ticket) ?? wrapped;
  const id = asText(t?.id);
  const reject = (code: string, reason: string): ReadItem => ({ rejection: { file, line, id, code, reason } });
  if (!t) return reject('not-a-ticket', messages.notATicket('a JSON value that is not an object'));
  if (!id) return reject('missing-id', messages.missingId());
  const createdAt = zendeskTime(t.created_at);
  if (createdAt === undefined) return reject('bad-date', messages.badDate('created_at', asText(t.created_at)));
  const status = zendeskStatus(asText(t.status));
  const tags = Array.isArray(t.tags) ? t.tags.map(asText).filter(Boolean) : [];
  const filtered = zendeskFilter(status, tags);
  if (filtered) return reject(filtered.code, filtered.reason);
  const requesterId = asText(t.requester_id);
  const embedded = Array.isArray(t.comments) ? t.comments.flatMap((c) => pendingComment(asObject(c) ?? {}) ?? []) : [];
  // The full export's own thread is complete; audits would repeat its comments.
  const comments = embedded.length > 0 ? embedded : [...(thread?.comments ?? [])];
  // Events pages start at their start_time: an older ticket's opening comment is only in
  // `description`, which Zendesk documents as the first comment, written by the submitter.
  const description = asText(t.description);
  if (embedded.length === 0 && comments.length > 0 && description && !comments.some((c) => c.at <= createdAt)) {
    comments.push({ at: createdAt, public: true, text: plainText(description), author: asText(t.submitter_id) || asText(t.requester_id), byRule: false });
  }
  const msgs: Message[] = comments.map((c) => toMessage(c, requesterId)).sort((a, b) => a.at - b.at);
  const events = thread ? [...thread.events].sort((a, b) => a.at - b.at) : [];
  const solves = events.filter((e) => e.field === 'status' && e.to === 'solved');
  const solved = solves.at(-1) ?? events.filter((e) => e.field === 'status' && e.to === 'closed').at(-1);
  const ticket: Ticket = {
    id, createdAt, channel: viaChannel(asObject(t.via)?.channel), subject: asText(t.subject) || asText(t.raw_subject),
    body: plainText(asText(t.description)) || msgs.find((m) => m.role === 'customer')?.text || '',
    tags, status, priority: asText(t.priority).toLowerCase(),
    requester: asText(asObject(t.requester)?.email) || requesterId, group: asText(asObject(t.group)?.name) || asText(t.group_id),
    messages: msgs, events, source: { file, line },
  };
  const updatedAt = zendeskTime(t.updated_at);
  if (updatedAt !== undefined) ticket.updatedAt = updatedAt;
  if (solved) ticket.solvedAt = solved.at;
  return { ticket };
}

type Item = JsonRecord & { kind: Kind };

/** A file's shape from its head, and the whole stream to read; undefined for an empty file. */
async function shapeOf(input: Readable, file: string): Promise<{ kind: Kind; stream: Readable } | undefined> {
  const { head, stream } = await peek(input);
  if (!head.trim()) return undefined;
  const kind = zendeskJsonKind(head);
  if (!kind) throw new ReplayError('INPUT', messages.notZendeskJson(file), { file, line: 1 });
  return { kind, stream };
}

/** A file's records, read by its shape. */
async function* records(input: Readable, file: string, limits?: Limits): AsyncGenerator<Item> {
  const shape = await shapeOf(input, file);
  if (!shape) return;
  const source = shape.kind === 'ndjson' ? readNdjson(shape.stream, limits) : readJsonArray(shape.stream, shape.kind, limits);
  for await (const r of source) yield { ...r, kind: shape.kind };
}

function badRecord(file: string, r: { line: number; error: string; code?: string }): ReadItem {
  return { rejection: jsonRejection(file, r) };
}

const isTicketKind = (kind: Kind) => kind === 'ndjson' || kind === 'tickets';

/** One file alone: tickets, or (an events page with no tickets beside it) orphans. */
async function* read(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem> {
  for await (const r of records(input, ctx.file, ctx.limits)) {
    if (r.error !== undefined) yield badRecord(ctx.file, r);
    else if (isTicketKind(r.kind)) yield toTicket(r.value, ctx.file, r.line);
    else {
      const ticketId = asText(asObject(r.value)?.ticket_id);
      yield { rejection: { file: ctx.file, line: r.line, id: ticketId, code: 'orphan', reason: messages.orphan(ticketId) } };
    }
  }
}

/**
 * Several files read together: the audits and events pages first, into a map by ticket id (its
 * memory grows with those pages, not with the tickets), then the ticket files streamed with their
 * thread attached (to every repeat of a ticket, so the latest keeps it), then the orphans.
 */
async function* readGroup(files: string[], ctx: Omit<ReadContext, 'file'>, open: (file: string) => Readable): AsyncIterable<ReadItem> {
  const threads = new Map<string, Thread>();
  const ticketFiles: string[] = [];
  for (const file of files) {
    const input = open(file);
    const shape = await shapeOf(input, file);
    if (!shape) continue;
    if (isTicketKind(shape.kind)) {
      // Only its head was read: close it now (nothing reads it any more), read it again later.
      ticketFiles.push(file);
      input.on('error', () => {}).destroy();
      continue;
    }
    for await (const r of readJsonArray(shape.stream, shape.kind, ctx.limits)) {
      if (r.error !== undefined) yield badRecord(file, r);
      else if (asObject(r.value)) addToThread(asObject(r.value)!, threads, file, r.line);
    }
  }
  for (const file of ticketFiles) {
    for await (const r of records(open(file), file, ctx.limits)) {
      if (r.error !== undefined) {
        yield badRecord(file, r);
        continue;
      }
      const obj = asObject(r.value);
      const thread = threads.get(asText((asObject(obj?.ticket) ?? obj)?.id));
      if (thread) thread.attached = true;
      yield toTicket(r.value, file, r.line, thread);
    }
  }
  for (const [ticketId, thread] of threads) {
    if (!thread.attached) yield { rejection: { file: thread.file, line: thread.line, id: ticketId, code: 'orphan', reason: messages.orphan(ticketId) } };
  }
}

const isoTime = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** via.channel the writer uses; `api` reads back as web and `voice` as phone. */
const VIA: Record<Channel, string> = { email: 'email', web: 'web', chat: 'chat', phone: 'voice', voice: 'voice', social: 'twitter', messaging: 'whatsapp', other: 'api' };

/** One ticket as a line of the full export: comments embedded, times in UTC. */
function ticketLine(t: Ticket): string {
  // Users are ids in Zendesk: the requester gets a stable one, agents share id 1.
  const requesterId = 1_000_000 + (hash32(t.requester) % 1_000_000);
  const comments = t.messages.map((m, i) => ({
    id: i + 1, type: 'Comment', author_id: m.role === 'customer' ? requesterId : 1, public: m.public, plain_body: m.text,
    created_at: isoTime(m.at), via: { channel: m.role === 'system' ? 'rule' : 'web' },
  }));
  const numeric = /^[1-9]\d{0,14}$/.test(t.id);
  const ticket = {
    id: numeric ? Number(t.id) : t.id, url: `https://example.zendesk.com/api/v2/tickets/${encodeURIComponent(t.id)}.json`,
    via: { channel: VIA[t.channel] }, created_at: isoTime(t.createdAt), updated_at: isoTime(t.updatedAt ?? t.solvedAt ?? t.createdAt),
    subject: t.subject, description: t.body, status: t.status || 'open', priority: t.priority || null,
    requester_id: requesterId, requester: { id: requesterId, email: t.requester }, group: { name: t.group }, tags: t.tags, comments,
  };
  return `${JSON.stringify(ticket)}\n`;
}

/** Zendesk's full JSON export and Incremental Export API pages. */
export const zendeskJson: Adapter = {
  name: 'zendesk-json',
  description: "Zendesk's full JSON export (NDJSON with comments) and saved Incremental Export API pages (tickets, ticket events, audits).",
  detection: 'a first line that is a ticket object with via and requester_id, or an object with a tickets (via, requester_id), ticket_events (ticket_id, child_events) or audits (ticket_id, events) array',
  exportHowTo: 'Zendesk Admin Center → Account → Tools → Reports → Export → JSON (full export, NDJSON, by email); or save Incremental Export API pages (GET /api/v2/incremental/tickets/cursor.json, /api/v2/incremental/ticket_events.json?include=comment_events) and pass them together.',
  detect({ text }) {
    const kind = zendeskJsonKind(text);
    if (!kind) return { score: 0, evidence: [] };
    const head = kind === 'ndjson' ? text.trimStart().split('\n', 1)[0] : text.slice(0, 16_384);
    const wanted = kind === 'ticket_events' ? ['ticket_id', 'child_events'] : kind === 'audits' ? ['ticket_id', 'events'] : ['via', 'requester_id'];
    const found = [...wanted, 'comments', 'url'].filter((k) => new RegExp(`"${k}"\\s*:`).test(head));
    const evidence = [...(kind === 'ndjson' ? [] : [`"${kind}" page`]), ...found];
    // The shape alone is any JSON with a tickets array; Zendesk's own keys make it Zendesk's.
    return { score: wanted.every((k) => found.includes(k)) ? 0.9 : Math.min(0.45, 0.2 + 0.1 * found.length), evidence };
  },
  read,
  readGroup,
  /** NDJSON of full-export ticket objects, one chunk per ticket (so `generate` streams any size). */
  *write(tickets) {
    for (const t of tickets) yield { file: '', text: ticketLine(t) };
  },
};
