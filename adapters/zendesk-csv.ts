/**
 * zendesk-csv: Zendesk's ticket CSV export (Admin Center → Account → Tools → Reports → Export →
 * CSV). One row per ticket; headers as Zendesk writes them (`Id`, `Requester id`, `Via`,
 * `Created at`...), matched case-insensitively. Timestamps are in the account's zone with no
 * offset: give it with --tz. The CSV carries no comments and no description, so tickets come
 * with no messages and with the counts it does carry (Replies, Reopens), which inference uses.
 */

import type { Readable } from 'node:stream';
import { ReplayError } from '../engine/errors.js';
import { messages } from '../engine/messages.js';
import type { Ticket } from '../engine/ticket.js';
import type { Adapter, ReadContext, ReadItem } from './adapter.js';
import { csvField } from './generic-csv-format.js';
import { csvRecords, headerCells } from './csv.js';
import { normalizeHeader } from './generic-csv.js';
import { parseCount } from './numbers.js';
import { splitTags } from './text.js';
import { parseTimestamp } from './time.js';
import { viaChannel, zendeskStatus } from './zendesk-common.js';

/** Headers the writer emits, in Zendesk's order (a subset of a real export). */
const HEADERS = [
  'Id', 'Requester', 'Requester id', 'Requester email', 'Group', 'Subject', 'Tags', 'Status', 'Priority', 'Via', 'Ticket type',
  'Created at', 'Updated at', 'Solved at', 'Satisfaction Score', 'Reopens', 'Replies',
] as const;

const SIGNATURE = ['satisfactionscore', 'fullresolutiontimeinminutes', 'requesterwaittimeinminutes', 'groupstations', 'replies', 'reopens'];

type Field = 'id' | 'requester' | 'requesterEmail' | 'group' | 'subject' | 'tags' | 'status' | 'priority' | 'via' | 'created' | 'updated' | 'solved' | 'replies' | 'reopens';
const FIELDS: Record<Field, string> = {
  id: 'id', requester: 'requester', requesterEmail: 'requesteremail', group: 'group', subject: 'subject', tags: 'tags',
  status: 'status', priority: 'priority', via: 'via', created: 'createdat', updated: 'updatedat', solved: 'solvedat',
  replies: 'replies', reopens: 'reopens',
};

/** `2025-03-04 09:15:00`: how Zendesk writes times (ours are UTC). */
function zendeskTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

const VIA_LABEL: Record<string, string> = {
  email: 'Mail', web: 'Web form', chat: 'Chat', phone: 'Phone call (incoming)', voice: 'Voicemail', social: 'Twitter', messaging: 'WhatsApp', other: 'Web service',
};

async function* read(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem> {
  let at: Partial<Record<Field, number>> | undefined;
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
      for (const [field, key] of Object.entries(FIELDS) as [Field, string][]) {
        const i = names.indexOf(key);
        if (i >= 0) at[field] = i;
      }
      if (at.id === undefined || at.created === undefined) {
        throw new ReplayError('INPUT', messages.noIdColumn(ctx.file, row), { file: ctx.file, line: 1, field: at.id === undefined ? 'Id' : 'Created at' });
      }
      width = row.length;
      continue;
    }
    const get = (f: Field) => (at![f] === undefined ? '' : (row[at![f]!] ?? '').trim());
    const id = get('id');
    const line = item.line;
    const reject = (code: string, reason: string): ReadItem => ({ rejection: { file: ctx.file, line, id, code, reason } });
    if (row.length !== width) {
      yield reject('ragged-row', messages.raggedRow(row.length, width));
      continue;
    }
    if (!id) {
      yield reject('missing-id', messages.missingId());
      continue;
    }
    const time = (f: Field): number | undefined | null => {
      const raw = get(f);
      return raw ? parseTimestamp(raw, ctx.tz, ctx.dateOrder ?? 'ymd') : undefined;
    };
    const createdAt = time('created');
    if (!createdAt) {
      yield reject('bad-date', messages.badDate('Created at', get('created')));
      continue;
    }
    const solvedAt = time('solved');
    const updatedAt = time('updated');
    if (solvedAt === null || updatedAt === null) {
      yield reject('bad-date', messages.badDate(solvedAt === null ? 'Solved at' : 'Updated at', get(solvedAt === null ? 'solved' : 'updated')));
      continue;
    }
    const status = zendeskStatus(get('status'));
    if (status === 'deleted') {
      yield reject('filtered-deleted', messages.filteredDeleted());
      continue;
    }
    const ticket: Ticket = {
      id, createdAt, channel: viaChannel(get('via')), subject: get('subject'), body: '', tags: splitTags(get('tags')), status,
      priority: get('priority').toLowerCase(), requester: get('requesterEmail') || get('requester'), group: get('group'),
      messages: [], events: [], source: { file: ctx.file, line },
      activity: { agentReplies: parseCount(get('replies')) ?? 0, reopens: parseCount(get('reopens')) ?? 0 },
    };
    if (solvedAt !== undefined) ticket.solvedAt = solvedAt;
    if (updatedAt !== undefined) ticket.updatedAt = updatedAt;
    yield { ticket };
  }
  if (!at) throw new ReplayError('INPUT', messages.emptyInput(ctx.file), { file: ctx.file, line: 1 });
}

export const zendeskCsv: Adapter = {
  name: 'zendesk-csv',
  description: "Zendesk's ticket CSV export: one row per ticket, no comments (counts of replies and reopens instead).",
  detection: 'a header with Id, Requester and Via, plus Zendesk metrics (Satisfaction Score, Replies, Reopens, ... in minutes) or [list]/[txt] custom fields',
  exportHowTo: 'Zendesk Admin Center → Account → Tools → Reports → Export → CSV (the file arrives by email, zipped); pass --tz with the account\'s time zone.',
  detect({ text }) {
    const cells = headerCells(text);
    const names = cells.map(normalizeHeader);
    const core = ['id', 'requester', 'via'].filter((n) => names.includes(n));
    const extra = SIGNATURE.filter((n) => names.includes(n));
    const custom = cells.filter((c) => /\[(list|txt|flag|dec|int|date)\]$/i.test(c));
    const evidence = [...core, ...extra, ...custom.slice(0, 2)].map((n) => cells[names.indexOf(n)] ?? n);
    if (core.length < 3) return { score: core.length * 0.1, evidence };
    return { score: Math.min(1, 0.6 + 0.1 * extra.length + (custom.length > 0 ? 0.2 : 0)), evidence };
  },
  read,
  *write(tickets) {
    yield { file: '', text: `${HEADERS.join(',')}\n` };
    for (const t of tickets) {
      const cells = [
        t.id, t.requester, '', t.requester, t.group, t.subject, t.tags.join(' '), t.status, t.priority, VIA_LABEL[t.channel] ?? 'Web service', '',
        zendeskTime(t.createdAt), t.updatedAt !== undefined ? zendeskTime(t.updatedAt) : '', t.solvedAt !== undefined ? zendeskTime(t.solvedAt) : '',
        'Not Offered', String(t.activity?.reopens ?? 0), String(t.activity?.agentReplies ?? t.messages.filter((m) => m.role === 'agent' && m.public).length),
      ];
      yield { file: '', text: `${cells.map((c) => csvField(c)).join(',')}\n` };
    }
  },
};
