/**
 * zendesk-csv: Zendesk's ticket CSV export (Admin Center → Account → Tools → Reports → Export →
 * CSV). One row per ticket; headers as Zendesk writes them (`Id`, `Requester id`, `Via`,
 * `Created at`...), matched case- and punctuation-insensitively, in any order. Timestamps are in
 * the account's zone with no offset: read in --tz. The export carries no comments and no
 * description (research/formats.md 1a), so tickets come with no messages and with the counts it
 * does carry (Replies, Reopens) in `activity`, which inference falls back to. Deleted and spam
 * tickets are set aside with a counted reason.
 */

import type { Readable } from 'node:stream';
import { ReplayError } from '../engine/errors.js';
import { messages } from '../engine/messages.js';
import type { Activity, Ticket } from '../engine/ticket.js';
import type { Adapter, ReadContext, ReadItem } from './adapter.js';
import { csvRowsInDateOrder, headerCells } from './csv.js';
import { csvField } from './generic-csv-format.js';
import { normalizeHeader } from './generic-csv.js';
import { parseCount } from './numbers.js';
import { plainText, splitTags } from './text.js';
import { parseTimestamp, type DateOrder } from './time.js';
import { viaChannel, zendeskFilter, zendeskLabel, zendeskStatus } from './zendesk-common.js';

/** Headers the writer emits, in Zendesk's order (a subset of a real export's 40-odd columns). */
const HEADERS = [
  'Id', 'Requester', 'Requester id', 'Requester email', 'Group', 'Subject', 'Tags', 'Status', 'Priority', 'Via', 'Ticket type',
  'Created at', 'Updated at', 'Solved at', 'Satisfaction Score', 'Reopens', 'Replies',
] as const;

/** Canonical field → the normalised header it is read from. */
const FIELDS = {
  id: 'id', requester: 'requester', requesterId: 'requesterid', requesterEmail: 'requesteremail', group: 'group', subject: 'subject',
  description: 'description', tags: 'tags', status: 'status', priority: 'priority', via: 'via', created: 'createdat',
  updated: 'updatedat', solved: 'solvedat', replies: 'replies', reopens: 'reopens',
} as const;
type Field = keyof typeof FIELDS;
type Columns = Partial<Record<Field, number>>;

/** Headers only Zendesk's export has, beyond Id/Requester/Via (normalised): detection evidence. */
const SIGNATURE = [
  'requesterid', 'tickettype', 'satisfactionscore', 'fullresolutiontimeinminutes', 'requesterwaittimeinminutes',
  'firstreplytimeinminutes', 'agentwaittimeinminutes', 'groupstations', 'assigneestations', 'reopens', 'replies',
  'summationcolumn', 'initiallyassignedat', 'requesterdomain',
];
/** Custom field headers: `Order issue [list]`, `[txt]`, `[flag]`, `[dec]`... */
const CUSTOM_FIELD = /\[(list|txt|flag|dec|int|date|regexp)\]$/i;

/** How the writer labels a canonical channel in `Via`; each label reads back as that channel (voice as phone). */
const VIA_LABEL: Record<Ticket['channel'], string> = {
  email: 'Mail', web: 'Web form', chat: 'Chat', phone: 'Phone call (incoming)', voice: 'Voicemail', social: 'Twitter', messaging: 'WhatsApp', other: 'Web service',
};

/** Data rows buffered before the first ticket, to tell `03/04/2024` (re-saved by Excel) day-first or month-first. */

/** `2025-03-04 09:15:00`, the layout the export uses; the writer's times are UTC. */
function zendeskTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function resolveColumns(header: string[], file: string): Columns {
  const names = header.map(normalizeHeader);
  const at: Columns = {};
  for (const [field, key] of Object.entries(FIELDS) as [Field, string][]) {
    const i = names.indexOf(key);
    if (i >= 0) at[field] = i;
  }
  for (const [field, column] of [['id', 'Id'], ['created', 'Created at']] as const) {
    if (at[field] === undefined) throw new ReplayError('INPUT', messages.exportColumnMissing(file, column, header), { file, line: 1, field: column });
  }
  return at;
}

/** One data row to a ticket or a rejection. */
function rowToItem(row: string[], line: number, at: Columns, width: number, ctx: ReadContext, order: DateOrder): ReadItem {
  const get = (f: Field) => (at[f] === undefined ? '' : (row[at[f]!] ?? '').trim());
  const id = get('id');
  const reject = (code: string, reason: string): ReadItem => ({ rejection: { file: ctx.file, line, id, code, reason } });
  if (row.length !== width) return reject('ragged-row', messages.raggedRow(row.length, width));
  if (!id) return reject('missing-id', messages.missingId());
  const times: Partial<Record<'created' | 'updated' | 'solved', number>> = {};
  for (const [f, column] of [['created', 'Created at'], ['updated', 'Updated at'], ['solved', 'Solved at']] as const) {
    const raw = get(f);
    if (!raw) continue;
    const ms = parseTimestamp(raw, ctx.tz, order);
    if (ms === null) return reject('bad-date', messages.badDate(column, raw));
    times[f] = ms;
  }
  if (times.created === undefined) return reject('bad-date', messages.badDate('Created at', ''));
  const status = zendeskStatus(get('status'));
  const tags = splitTags(get('tags'));
  const filtered = zendeskFilter(status, tags);
  if (filtered) return reject(filtered.code, filtered.reason);
  // Counts only where the export has the column: a missing column is unknown, not zero.
  const activity: Activity = {};
  const replies = parseCount(get('replies'));
  const reopens = parseCount(get('reopens'));
  if (replies === null) return reject('bad-number', messages.badCount('Replies', get('replies')));
  if (reopens === null) return reject('bad-number', messages.badCount('Reopens', get('reopens')));
  if (replies !== undefined) activity.agentReplies = replies;
  if (reopens !== undefined) activity.reopens = reopens;
  const ticket: Ticket = {
    id, createdAt: times.created, channel: viaChannel(get('via')), subject: get('subject'), body: plainText(get('description')), tags, status,
    priority: get('priority').toLowerCase(), requester: get('requesterEmail') || get('requester') || get('requesterId'), group: get('group'),
    messages: [], events: [], activity, source: { file: ctx.file, line },
  };
  if (times.solved !== undefined) ticket.solvedAt = times.solved;
  if (times.updated !== undefined) ticket.updatedAt = times.updated;
  return { ticket };
}

async function* read(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem> {
  let header: string[] | undefined;
  let at: Columns = {};
  const dateColumns = (h: string[]) => {
    at = resolveColumns(h, ctx.file);
    return at.created === undefined ? [] : [at.created];
  };
  for await (const { header: head, item, order } of csvRowsInDateOrder(input, ctx, ctx.dateOrder, dateColumns)) {
    if (head) header = head;
    else if (item.rejection) yield { rejection: item.rejection };
    else yield rowToItem(item.record, item.line, at, header!.length, ctx, order);
  }
  if (!header) throw new ReplayError('INPUT', messages.emptyInput(ctx.file), { file: ctx.file, line: 1 });
}

/** Zendesk's ticket CSV export. */
export const zendeskCsv: Adapter = {
  name: 'zendesk-csv',
  description: "Zendesk's ticket CSV export: one row per ticket, no comments (counts of replies and reopens instead).",
  detection: 'a header with Id, Requester and Via, plus Zendesk columns (Requester id, Ticket type, Satisfaction Score, Replies, Reopens, ... in minutes) or [list]/[txt] custom fields',
  exportHowTo: "Zendesk Admin Center → Account → Tools → Reports → Export → CSV (the file arrives by email, zipped); pass --tz with the account's time zone.",
  detect({ text }) {
    const cells = headerCells(text);
    const names = cells.map(normalizeHeader);
    const core = ['id', 'requester', 'via'].filter((n) => names.includes(n));
    const extra = SIGNATURE.filter((n) => names.includes(n));
    const custom = cells.filter((c) => CUSTOM_FIELD.test(c));
    const evidence = [...[...core, ...extra].map((n) => cells[names.indexOf(n)]), ...custom.slice(0, 2)];
    // Id + Requester + Via is already Zendesk's vocabulary, but only just ahead of generic-csv
    // (0.7 on id + created at + subject): each Zendesk-only column adds certainty. Hundredths
    // keep the scores exact, so the detection margin does not hinge on float rounding.
    const hundredths = core.length < 3
      ? 10 * core.length + 5 * Math.min(extra.length, 2)
      : Math.min(100, 75 + 5 * Math.min(extra.length, 4) + (custom.length > 0 ? 5 : 0));
    return { score: hundredths / 100, evidence };
  },
  read,
  /** The export's headers and one row per ticket; times in UTC (read them back with --tz UTC). */
  *write(tickets) {
    yield { file: '', text: `${HEADERS.join(',')}\n` };
    for (const t of tickets) {
      const replies = t.activity?.agentReplies ?? t.messages.filter((m) => m.role === 'agent' && m.public).length;
      const cells = [
        t.id, t.requester, '', t.requester, t.group, t.subject, t.tags.join(' '), zendeskLabel(t.status), zendeskLabel(t.priority), VIA_LABEL[t.channel], '',
        zendeskTime(t.createdAt), t.updatedAt !== undefined ? zendeskTime(t.updatedAt) : '', t.solvedAt !== undefined ? zendeskTime(t.solvedAt) : '',
        'Not Offered', String(t.activity?.reopens ?? 0), String(replies),
      ];
      yield { file: '', text: `${cells.map((c) => csvField(c)).join(',')}\n` };
    }
  },
};
