/**
 * salesforce: Service Cloud exported as one CSV per object (Data Loader → Export, or Setup →
 * Data Export): Case, joined by id with CaseComment, EmailMessage, LiveChatTranscript and
 * MessagingSession files given in the same run, one by one, as a folder or in a zip. Headers
 * are API names in any casing (older Data Loader writes them in capitals). Ids are joined in
 * their 18-character form. Child rows whose case is absent are quarantined as "parent not found".
 * Memory grows with the child files (their messages wait for their case), not with the Case file.
 * Choices: a ticket's id is its CaseNumber (what agents see), else its Id; CaseComment authors are
 * agents (telling portal users apart needs the User export); drafts (EmailMessage Status 5) are skipped.
 */

import type { Readable } from 'node:stream';
import { ReplayError } from '../engine/errors.js';
import { messages } from '../engine/messages.js';
import type { Channel, Message, Ticket } from '../engine/ticket.js';
import type { Rejection } from '../engine/ingest/rejection.js';
import type { Adapter, ReadContext, ReadItem } from './adapter.js';
import { csvRecords, headerCells } from './csv.js';
import { csvField } from './generic-csv-format.js';
import { peek } from './peek.js';
import { plainText } from './text.js';
import { parseTimestamp } from './time.js';

export type SalesforceObject = 'Case' | 'CaseComment' | 'EmailMessage' | 'LiveChatTranscript' | 'MessagingSession';

const key = (h: string) => h.trim().toLowerCase();

/** Which object a header row holds. */
export function salesforceObjectOf(header: string[]): SalesforceObject | undefined {
  const h = new Set(header.map(key));
  if (h.has('casenumber') && h.has('status') && (h.has('origin') || h.has('priority'))) return 'Case';
  if (h.has('parentid') && h.has('commentbody')) return 'CaseComment';
  if (h.has('parentid') && (h.has('textbody') || h.has('htmlbody'))) return 'EmailMessage';
  if (h.has('caseid') && h.has('body') && (h.has('chatkey') || h.has('starttime'))) return 'LiveChatTranscript';
  if (h.has('caseid') && (h.has('channeltype') || h.has('conversationid'))) return 'MessagingSession';
  return undefined;
}

/** The 18-character form of a Salesforce id (the 15-character form plus its case checksum). */
export function id18(id: string): string {
  if (id.length !== 15) return id;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id[block * 5 + i];
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += alphabet[bits];
  }
  return id + suffix;
}

const ORIGIN: Record<string, Channel> = {
  email: 'email', web: 'web', phone: 'phone', chat: 'chat', messaging: 'messaging', whatsapp: 'messaging', sms: 'messaging',
  facebook: 'social', twitter: 'social', social: 'social', voice: 'voice', 'email-to-case': 'email', 'web-to-case': 'web',
};

interface Row {
  get(field: string): string;
  line: number;
}

/** Streams a CSV's rows with field access by API name in any casing. */
async function* rows(input: Readable, file: string, onReject: (r: Rejection) => void): AsyncGenerator<Row> {
  let index: Map<string, number> | undefined;
  let width = 0;
  for await (const item of csvRecords(input, file)) {
    if (item.rejection) {
      onReject(item.rejection);
      continue;
    }
    if (!index) {
      index = new Map(item.record.map((h, i) => [key(h), i]));
      width = item.record.length;
      continue;
    }
    const record = item.record;
    if (record.length !== width) {
      onReject({ file, line: item.line, id: record[index.get('id') ?? 0] ?? '', code: 'ragged-row', reason: messages.raggedRow(record.length, width) });
      continue;
    }
    yield { get: (f) => (record[index!.get(f.toLowerCase()) ?? -1] ?? '').trim(), line: item.line };
  }
}

const time = (value: string, tz: string) => (value ? parseTimestamp(value, tz) ?? undefined : undefined);
const yes = (value: string) => value.toLowerCase() === 'true' || value === '1';

/** A child row as a message of its case, or undefined when it carries none. */
function childMessage(kind: SalesforceObject, r: Row, tz: string): Message | undefined {
  if (kind === 'CaseComment') {
    const at = time(r.get('CreatedDate'), tz);
    const text = plainText(r.get('CommentBody'));
    return at !== undefined && text ? { at, role: 'agent', public: yes(r.get('IsPublished')), text } : undefined;
  }
  if (kind === 'EmailMessage') {
    if (r.get('Status') === '5') return undefined; // a draft was never sent
    const at = time(r.get('MessageDate') || r.get('CreatedDate'), tz);
    const text = plainText(r.get('TextBody') || r.get('HtmlBody'));
    return at !== undefined && text ? { at, role: yes(r.get('Incoming')) ? 'customer' : 'agent', public: true, text } : undefined;
  }
  // Chat transcripts and messaging sessions: the customer's turn opens the session.
  const at = time(r.get('StartTime') || r.get('RequestTime') || r.get('CreatedDate'), tz);
  return at !== undefined ? { at, role: 'customer', public: true, text: plainText(r.get('Body')) } : undefined;
}

function caseTicket(r: Row, file: string, tz: string, thread: Message[] | undefined): ReadItem {
  const sfId = r.get('Id');
  const id = r.get('CaseNumber') || sfId;
  const reject = (code: string, reason: string): ReadItem => ({ rejection: { file, line: r.line, id, code, reason } });
  if (!id) return reject('missing-id', messages.missingId());
  if (yes(r.get('IsDeleted'))) return reject('filtered-deleted', messages.filteredDeleted());
  const createdAt = time(r.get('CreatedDate'), tz);
  if (createdAt === undefined) return reject('bad-date', messages.badDate('CreatedDate', r.get('CreatedDate')));
  const owner = r.get('OwnerId');
  const ticket: Ticket = {
    id, createdAt, channel: ORIGIN[r.get('Origin').toLowerCase()] ?? 'other', subject: r.get('Subject'), body: plainText(r.get('Description')),
    tags: [r.get('Type'), r.get('Reason')].filter(Boolean), status: r.get('Status').toLowerCase(), priority: r.get('Priority').toLowerCase(),
    requester: r.get('SuppliedEmail') || r.get('ContactEmail') || r.get('ContactId'),
    group: r.get('Owner.Name') || (owner.startsWith('00G') ? owner : ''),
    messages: [...(thread ?? [])].sort((a, b) => a.at - b.at), events: [], source: { file, line: r.line },
  };
  const solvedAt = time(r.get('ClosedDate'), tz);
  const updatedAt = time(r.get('LastModifiedDate'), tz);
  if (solvedAt !== undefined) ticket.solvedAt = solvedAt;
  if (updatedAt !== undefined) ticket.updatedAt = updatedAt;
  return { ticket };
}

async function* readGroup(files: string[], ctx: Omit<ReadContext, 'file'>, open: (file: string) => Readable): AsyncIterable<ReadItem> {
  // Each file is opened once: its head tells the object, the same stream is read later.
  const opened = new Map<string, { kind: SalesforceObject | undefined; stream: Readable }>();
  for (const file of files) {
    const { head, stream } = await peek(open(file));
    opened.set(file, { kind: salesforceObjectOf(headerCells(head)), stream });
  }
  const threads = new Map<string, { messages: Message[]; rows: { file: string; line: number }[] }>();
  const rejected: Rejection[] = [];
  for (const file of files) {
    const { kind, stream } = opened.get(file)!;
    if (!kind || kind === 'Case') continue;
    for await (const r of rows(stream, file, (x) => rejected.push(x))) {
      const parent = id18(r.get(kind === 'CaseComment' || kind === 'EmailMessage' ? 'ParentId' : 'CaseId'));
      if (yes(r.get('IsDeleted'))) {
        rejected.push({ file, line: r.line, id: r.get('Id'), code: 'filtered-deleted', reason: messages.filteredDeleted() });
        continue;
      }
      const m = childMessage(kind, r, ctx.tz);
      if (!m) continue;
      const thread = threads.get(parent) ?? { messages: [], rows: [] };
      thread.messages.push(m);
      thread.rows.push({ file, line: r.line });
      threads.set(parent, thread);
    }
    yield* rejected.splice(0).map((rejection) => ({ rejection }));
  }
  for (const file of files) {
    const { kind, stream } = opened.get(file)!;
    if (!kind) throw new ReplayError('DETECT', messages.noAdapterDetected(file, []), { file, line: 1 });
    if (kind !== 'Case') continue;
    for await (const r of rows(stream, file, (x) => rejected.push(x))) {
      yield* rejected.splice(0).map((rejection) => ({ rejection }));
      const sfId = id18(r.get('Id'));
      const thread = threads.get(sfId);
      threads.delete(sfId);
      yield caseTicket(r, file, ctx.tz, thread?.messages);
    }
    yield* rejected.splice(0).map((rejection) => ({ rejection }));
  }
  for (const [parent, thread] of threads) {
    for (const row of thread.rows) yield { rejection: { ...row, id: parent, code: 'orphan', reason: messages.orphan(parent) } };
  }
}

async function* read(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem> {
  yield* readGroup([ctx.file], ctx, () => input);
}

const writeTime = (ms: number) => new Date(ms).toISOString();
const line = (cells: string[]) => `${cells.map(csvField).join(',')}\n`;

export const salesforce: Adapter = {
  name: 'salesforce',
  description: 'Salesforce Service Cloud: Case CSV joined with CaseComment, EmailMessage, LiveChatTranscript and MessagingSession CSVs.',
  detection: 'a header of API names: Case (CaseNumber, Status, Origin/Priority), CaseComment (ParentId, CommentBody), EmailMessage (ParentId, TextBody/HtmlBody), LiveChatTranscript or MessagingSession (CaseId), in any casing',
  exportHowTo: 'Salesforce: Data Loader → Export → choose Case (then CaseComment, EmailMessage, LiveChatTranscript, MessagingSession) → all fields → CSV; or Setup → Data → Data Export → Export Now (a zip of one CSV per object). Give all files, their folder or the zip.',
  detect({ text }) {
    const cells = headerCells(text);
    const kind = salesforceObjectOf(cells);
    const known = ['casenumber', 'origin', 'isescalated', 'parentid', 'commentbody', 'ispublished', 'textbody', 'incoming', 'caseid', 'chatkey', 'channeltype'];
    const evidence = cells.filter((c) => known.includes(key(c)));
    return { score: kind ? 0.9 : 0.05 * evidence.length, evidence: kind ? [kind, ...evidence] : evidence };
  },
  read,
  readGroup,
  *write(tickets) {
    yield { file: 'Case.csv', text: line(['Id', 'CaseNumber', 'Subject', 'Description', 'Status', 'Priority', 'Origin', 'SuppliedEmail', 'CreatedDate', 'ClosedDate', 'LastModifiedDate', 'IsDeleted']) };
    yield { file: 'CaseComment.csv', text: line(['Id', 'ParentId', 'CommentBody', 'IsPublished', 'CreatedDate', 'IsDeleted']) };
    yield { file: 'EmailMessage.csv', text: line(['Id', 'ParentId', 'Incoming', 'TextBody', 'MessageDate', 'Status', 'IsDeleted']) };
    let n = 0;
    for (const t of tickets) {
      const caseId = id18(`500${String(++n).padStart(12, '0')}`);
      const origin = { email: 'Email', web: 'Web', phone: 'Phone', chat: 'Chat', messaging: 'Messaging', social: 'Facebook', voice: 'Voice', other: 'Other' }[t.channel];
      yield {
        file: 'Case.csv',
        text: line([caseId, t.id, t.subject, t.body, t.status, t.priority, origin, t.requester, writeTime(t.createdAt), t.solvedAt !== undefined ? writeTime(t.solvedAt) : '', t.updatedAt !== undefined ? writeTime(t.updatedAt) : '', 'false']),
      };
      for (const [i, m] of t.messages.entries()) {
        if (m.public && m.role !== 'system') {
          yield { file: 'EmailMessage.csv', text: line([`02s${n}x${i}`, caseId, m.role === 'customer' ? 'true' : 'false', m.text, writeTime(m.at), '3', 'false']) };
        } else {
          yield { file: 'CaseComment.csv', text: line([`00a${n}x${i}`, caseId, m.text, m.public ? 'true' : 'false', writeTime(m.at), 'false']) };
        }
      }
    }
  },
};
