/**
 * freshdesk: Freshdesk's exports.
 * - The UI ticket export CSV (Tickets → Export → CSV): labels such as `Ticket ID`, `Created
 *   time`, `Agent interactions`. No thread: tickets carry the interaction counts instead.
 * - API v2 JSON (GET /api/v2/tickets, saved as an array or NDJSON), with `conversations` when
 *   fetched (include=conversations): numeric status, priority and source codes.
 * Spam, deleted and outbound-email tickets are filtered with a counted reason.
 */

import type { Readable } from 'node:stream';
import { ReplayError } from '../engine/errors.js';
import { messages } from '../engine/messages.js';
import type { Channel, Message, Ticket } from '../engine/ticket.js';
import type { Adapter, ReadContext, ReadItem } from './adapter.js';
import { csvRecords, headerCells } from './csv.js';
import { normalizeHeader } from './generic-csv.js';
import { asObject, asText, readJsonArray, readNdjson } from './json-stream.js';
import { parseCount } from './numbers.js';
import { peek } from './peek.js';
import { plainText, splitTags } from './text.js';
import { parseTimestamp } from './time.js';

/** API status codes [Freshdesk API v2 docs]; custom statuses keep their number. */
export const STATUS: Record<number, string> = { 2: 'open', 3: 'pending', 4: 'resolved', 5: 'closed' };
export const PRIORITY: Record<number, string> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'urgent' };
/** API source codes; 10 is an outbound email, not a customer request. */
export const SOURCE: Record<number, Channel> = { 1: 'email', 2: 'web', 3: 'phone', 4: 'web', 5: 'social', 6: 'social', 7: 'chat', 8: 'messaging', 9: 'web', 10: 'email', 11: 'web' };
export const OUTBOUND_SOURCE = 10;
const SOURCE_LABEL: Record<string, Channel> = {
  email: 'email', portal: 'web', phone: 'phone', chat: 'chat', 'feedback widget': 'web', 'outbound email': 'email',
  forum: 'web', twitter: 'social', facebook: 'social', whatsapp: 'messaging', 'mobihelp': 'messaging', 'e-commerce': 'web',
};

const CSV_FIELDS = {
  id: 'ticketid', subject: 'subject', description: 'description', status: 'status', priority: 'priority', source: 'source',
  group: 'group', created: 'createdtime', resolved: 'resolvedtime', closed: 'closedtime', updated: 'lastupdatetime',
  updated2: 'lastupdatedtime', agent: 'agentinteractions', customer: 'customerinteractions', tags: 'tags', email: 'email', name: 'fullname',
} as const;
type CsvField = keyof typeof CSV_FIELDS;

async function* readCsv(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem> {
  let at: Partial<Record<CsvField, number>> | undefined;
  let width = 0;
  for await (const item of csvRecords(input, ctx.file)) {
    if (item.rejection) {
      yield { rejection: item.rejection };
      continue;
    }
    const row = item.record;
    if (!at) {
      const names = row.map(normalizeHeader);
      at = {};
      for (const [f, key] of Object.entries(CSV_FIELDS) as [CsvField, string][]) if (names.includes(key)) at[f] = names.indexOf(key);
      if (at.id === undefined || at.created === undefined) throw new ReplayError('INPUT', messages.noIdColumn(ctx.file, row), { file: ctx.file, line: 1, field: 'Ticket ID' });
      width = row.length;
      continue;
    }
    const get = (f: CsvField) => (at![f] === undefined ? '' : (row[at![f]!] ?? '').trim());
    const id = get('id');
    const reject = (code: string, reason: string): ReadItem => ({ rejection: { file: ctx.file, line: item.line, id, code, reason } });
    if (row.length !== width) {
      yield reject('ragged-row', messages.raggedRow(row.length, width));
      continue;
    }
    if (!id) {
      yield reject('missing-id', messages.missingId());
      continue;
    }
    const time = (raw: string) => (raw ? parseTimestamp(raw, ctx.tz, ctx.dateOrder ?? 'ymd') : undefined);
    const createdAt = time(get('created'));
    if (!createdAt) {
      yield reject('bad-date', messages.badDate('Created time', get('created')));
      continue;
    }
    const solvedAt = time(get('resolved') || get('closed'));
    const updatedAt = time(get('updated') || get('updated2'));
    if (solvedAt === null || updatedAt === null) {
      yield reject('bad-date', messages.badDate(solvedAt === null ? 'Resolved time' : 'Last update time', solvedAt === null ? get('resolved') || get('closed') : get('updated') || get('updated2')));
      continue;
    }
    const source = get('source').toLowerCase();
    if (source === 'outbound email') {
      yield reject('filtered-outbound', messages.filteredOutbound());
      continue;
    }
    const customer = parseCount(get('customer'));
    const ticket: Ticket = {
      id, createdAt, channel: SOURCE_LABEL[source] ?? 'other', subject: get('subject'), body: plainText(get('description')),
      tags: splitTags(get('tags').replace(/\s*,\s*/g, ',')).filter(Boolean), status: get('status').toLowerCase(), priority: get('priority').toLowerCase(),
      requester: get('email') || get('name'), group: get('group'), messages: [], events: [], source: { file: ctx.file, line: item.line },
      activity: { customerReplies: Math.max(0, (customer ?? 1) - 1), agentReplies: parseCount(get('agent')) ?? 0 },
    };
    if (solvedAt !== undefined) ticket.solvedAt = solvedAt;
    if (updatedAt !== undefined) ticket.updatedAt = updatedAt;
    yield { ticket };
  }
  if (!at) throw new ReplayError('INPUT', messages.emptyInput(ctx.file), { file: ctx.file, line: 1 });
}

function isoTime(value: unknown): number | undefined {
  const parsed = parseTimestamp(asText(value));
  return parsed === null ? undefined : parsed;
}

/** One API ticket object to a canonical ticket or a rejection. */
export function apiTicket(raw: unknown, file: string, line: number): ReadItem {
  const t = asObject(raw);
  const id = asText(t?.id);
  const reject = (code: string, reason: string): ReadItem => ({ rejection: { file, line, id, code, reason } });
  if (!t) return reject('not-a-ticket', messages.notATicket('a JSON value that is not an object'));
  if (!id) return reject('missing-id', messages.missingId());
  if (t.spam === true) return reject('filtered-spam', messages.filteredSpam());
  if (t.deleted === true) return reject('filtered-deleted', messages.filteredDeleted());
  if (Number(t.source) === OUTBOUND_SOURCE) return reject('filtered-outbound', messages.filteredOutbound());
  const createdAt = isoTime(t.created_at);
  if (createdAt === undefined) return reject('bad-date', messages.badDate('created_at', asText(t.created_at)));
  const body = plainText(asText(t.description_text) || asText(t.description));
  const thread: Message[] = body ? [{ at: createdAt, role: 'customer', public: true, text: body }] : [];
  for (const c of Array.isArray(t.conversations) ? t.conversations : []) {
    const conv = asObject(c);
    const at = isoTime(conv?.created_at);
    const text = plainText(asText(conv?.body_text) || asText(conv?.body));
    if (!conv || at === undefined || !text) continue;
    thread.push({ at, role: conv.incoming === true ? 'customer' : 'agent', public: conv.private !== true, text });
  }
  thread.sort((a, b) => a.at - b.at);
  const stats = asObject(t.stats);
  const requester = asObject(t.requester);
  const ticket: Ticket = {
    id, createdAt, channel: SOURCE[Number(t.source)] ?? 'other', subject: asText(t.subject), body,
    tags: Array.isArray(t.tags) ? t.tags.map(asText).filter(Boolean) : [],
    status: STATUS[Number(t.status)] ?? asText(t.status), priority: PRIORITY[Number(t.priority)] ?? asText(t.priority),
    requester: asText(requester?.email) || asText(t.requester_id), group: asText(t.group_name) || asText(t.group_id),
    messages: thread, events: [], source: { file, line },
  };
  const solvedAt = isoTime(stats?.resolved_at) ?? isoTime(stats?.closed_at);
  const updatedAt = isoTime(t.updated_at);
  if (solvedAt !== undefined) ticket.solvedAt = solvedAt;
  if (updatedAt !== undefined) ticket.updatedAt = updatedAt;
  return { ticket };
}

async function* read(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem> {
  const { head, stream } = await peek(input);
  const start = head.trimStart();
  if (!start) return;
  if (!start.startsWith('[') && !start.startsWith('{')) {
    yield* readCsv(stream, ctx);
    return;
  }
  const records = start.startsWith('[') ? readJsonArray(stream) : readNdjson(stream);
  for await (const r of records) {
    if (r.error !== undefined) yield { rejection: { file: ctx.file, line: r.line, id: '', code: 'bad-json', reason: messages.badJson(r.error) } };
    else yield apiTicket(r.value, ctx.file, r.line);
  }
}

const CODE_OF = <T extends string>(table: Record<number, T>, value: string, fallback: number) =>
  Number(Object.entries(table).find(([, v]) => v === value)?.[0] ?? fallback);

export const freshdesk: Adapter = {
  name: 'freshdesk',
  description: 'Freshdesk: the UI ticket export CSV (counts, no thread) and API v2 ticket JSON with conversations.',
  detection: 'a CSV header with Ticket ID and Created time plus Agent interactions / Resolved time / Resolution status; or JSON tickets with numeric status, priority and source and description_text',
  exportHowTo: 'Freshdesk: Tickets → Export → CSV (choose the fields; the file arrives by email); for threads, save GET /api/v2/tickets?include=requester,stats with each ticket\'s /conversations as JSON.',
  detect({ text }) {
    const start = text.trimStart();
    if (start.startsWith('[') || start.startsWith('{')) {
      const keys = ['description_text', 'responder_id', 'requester_id', '"source"', 'fr_due_by', 'is_escalated'].filter((k) => start.slice(0, 4096).includes(k.startsWith('"') ? k : `"${k}"`));
      const numericStatus = /"status"\s*:\s*\d/.test(start.slice(0, 4096));
      return { score: numericStatus && keys.length >= 2 ? Math.min(1, 0.5 + 0.1 * keys.length) : 0, evidence: keys.map((k) => k.replace(/"/g, '')) };
    }
    const cells = headerCells(text);
    const names = cells.map(normalizeHeader);
    const core = ['ticketid', 'createdtime'].filter((n) => names.includes(n));
    const extra = ['resolvedtime', 'agentinteractions', 'customerinteractions', 'firstresponsestatus', 'resolutionstatus', 'lastupdatetime'].filter((n) => names.includes(n));
    const evidence = [...core, ...extra].map((n) => cells[names.indexOf(n)]);
    return { score: core.length === 2 ? Math.min(1, 0.6 + 0.1 * extra.length) : 0.1 * core.length, evidence };
  },
  read,
  *write(tickets) {
    // The API form: it carries the thread (the UI CSV does not).
    for (const t of tickets) {
      const [first, ...rest] = t.messages;
      const opening = first && first.role === 'customer' && first.public && first.at === t.createdAt ? first : undefined;
      const conversations = (opening ? rest : t.messages).map((m, i) => ({
        id: i + 1, body_text: m.text, incoming: m.role === 'customer', private: !m.public, created_at: new Date(m.at).toISOString(),
      }));
      const obj = {
        id: /^\d+$/.test(t.id) ? Number(t.id) : t.id, subject: t.subject, description_text: opening ? opening.text : t.body,
        status: CODE_OF(STATUS, t.status, 2), priority: CODE_OF(PRIORITY, t.priority, 2),
        source: CODE_OF(SOURCE, t.channel, 2), requester: { email: t.requester }, requester_id: 1, responder_id: null, group_name: t.group,
        tags: t.tags, spam: false, deleted: false, created_at: new Date(t.createdAt).toISOString(),
        updated_at: new Date(t.updatedAt ?? t.createdAt).toISOString(), conversations,
      };
      yield { file: '', text: `${JSON.stringify(obj)}\n` };
    }
  },
};
