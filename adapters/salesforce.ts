/**
 * salesforce: Service Cloud exported as one CSV per object (Data Loader → Export, or Setup → Data
 * Export), given one by one, as a folder or as the zip. Case rows become tickets; CaseComment,
 * EmailMessage, LiveChatTranscript, MessagingSession and ConversationEntry rows become their
 * messages; a User file, when present, tells who wrote each comment. Headers are API names in any
 * casing (older Data Loader writes them in capitals). Ids are joined in their 18-character form.
 *
 * Memory: child rows wait for their case, so memory grows with the child files (and the User
 * file), never with the Case file, which streams. Choices:
 * - id: CaseNumber (what agents and reports show, kept as a string with its zeros), else the Id.
 *   Case numbers repeat across orgs: give one org per run.
 * - group: the queue that owns the case (`Owner.Name` when exported, else the queue id `00G…`);
 *   a case owned by a user takes that user's Department from the User file, else none. `Type`
 *   and `Reason` are categories, not departments: they become the tags.
 * - CaseComment author: from the User file (internal licence → agent, portal/community → customer,
 *   Automated Process → system); without it, a comment by the case's Contact is the customer's
 *   and every other comment (the owner's included) is an agent's.
 * - Chat transcripts become their turns (see chatTurns); a transcript without timed turns is one
 *   customer message at its start. A messaging session is its ConversationEntry rows, else one
 *   customer message (no text) at its start.
 * - Skipped without a rejection: draft emails, non-text conversation entries, and a child row
 *   repeated by overlapping exports (same Id). Rejected: deleted rows (`IsDeleted`), rows with
 *   an unreadable time, and child rows whose case is not in the run (`orphan`).
 */

import type { Readable } from 'node:stream';
import { ReplayError } from '../engine/errors.js';
import { messages } from '../engine/messages.js';
import { toChannel, type AuthorRole, type Channel, type SourceRef, type Ticket } from '../engine/ticket.js';
import type { Adapter, ReadContext, ReadItem } from './adapter.js';
import { headerCells } from './csv.js';
import { csvField } from './generic-csv-format.js';
import { peek } from './peek.js';
import {
  SALESFORCE_HINTS, SALESFORCE_OBJECTS, childOf, id18, salesforceMatch, sfRows, userOf, yes,
  type Child, type PendingMessage, type SalesforceObject, type SfRow, type UserInfo,
} from './salesforce-objects.js';
import { plainText } from './text.js';
import { parseTimestamp } from './time.js';

export { chatTurns, id18, salesforceObjectOf, type SalesforceObject } from './salesforce-objects.js';

/** Messages waiting for the case (or messaging session) they hang from. */
interface Thread {
  parent: string;
  messages: PendingMessage[];
  rows: SourceRef[];
  joined: boolean;
}

function addTo(threads: Map<string, Thread>, child: Child): Thread {
  const k = id18(child.parent);
  let thread = threads.get(k);
  if (!thread) threads.set(k, (thread = { parent: child.parent, messages: [], rows: [], joined: false }));
  for (const m of child.messages) thread.messages.push(m);
  thread.rows.push(child.source);
  return thread;
}

const orphans = (thread: Thread): ReadItem[] =>
  thread.rows.map((row) => ({ rejection: { ...row, id: thread.parent, code: 'orphan', reason: messages.orphan(thread.parent) } }));

async function* readGroup(files: string[], ctx: Omit<ReadContext, 'file'>, open: (file: string) => Readable): AsyncIterable<ReadItem> {
  // 1. The object in each file, from its header; peek keeps the head, so each file is read once.
  const sources: { file: string; object: SalesforceObject; stream: Readable }[] = [];
  for (const file of files) {
    const { head, stream } = await peek(open(file));
    const object = salesforceMatch(headerCells(head))?.object;
    if (!object) throw new ReplayError('INPUT', messages.notSalesforceObject(file, headerCells(head)), { file, line: 1 });
    sources.push({ file, object, stream });
  }
  const byObject = (object: SalesforceObject) => sources.filter((s) => s.object === object);

  // 2. Users, then every child object, into threads keyed by parent id.
  const users = new Map<string, UserInfo>();
  const threads = new Map<string, Thread>();
  const sessions = new Map<string, Child>();
  const entries = new Map<string, Thread>();
  const seen = new Set<string>();
  for (const object of SALESFORCE_OBJECTS.filter((o) => o !== 'Case')) {
    for (const { file, stream } of byObject(object)) {
      for await (const item of sfRows(stream, file, ctx.limits)) {
        if (item.rejection) {
          yield item;
          continue;
        }
        const rowId = id18(item.row.get('Id'));
        if (object === 'User') {
          const { id, user } = userOf(item.row);
          users.set(id, user);
          continue;
        }
        if (rowId && seen.has(rowId)) continue;
        const result = childOf(object, item.row, file, ctx.tz);
        if (!result) continue;
        if (result.rejection) {
          yield result;
          continue;
        }
        if (rowId) seen.add(rowId);
        // Entries wait for their session, sessions for their entries; the rest go to their case.
        if (object === 'MessagingSession' && rowId) sessions.set(rowId, result.child);
        else addTo(object === 'ConversationEntry' ? entries : threads, result.child);
      }
    }
  }

  // 3. A session is its conversation entries when the export has them, else its one message.
  for (const [id, session] of sessions) {
    const entry = entries.get(id);
    entries.delete(id);
    const thread = addTo(threads, entry ? { ...session, messages: entry.messages } : session);
    if (entry) thread.rows.push(...entry.rows);
  }
  for (const entry of entries.values()) yield* orphans(entry);

  // 4. Cases stream; each takes its thread.
  for (const { file, stream } of byObject('Case')) {
    for await (const item of sfRows(stream, file, ctx.limits)) {
      if (item.rejection) {
        yield item;
        continue;
      }
      const thread = threads.get(id18(item.row.get('Id')));
      if (thread) thread.joined = true;
      yield caseItem(item.row, file, ctx.tz, thread?.messages ?? [], users);
    }
  }

  // 5. Children whose case never came.
  for (const thread of threads.values()) if (!thread.joined) yield* orphans(thread);
}

/** Case.Origin picklist values (defaults Phone, Email, Web; orgs add the rest) → channel. */
const ORIGINS: Record<string, Channel> = {
  'email-to-case': 'email', 'web-to-case': 'web', community: 'web', 'live chat': 'chat', text: 'messaging', 'in-app': 'messaging',
  'embedded messaging': 'messaging', 'facebook messenger': 'messaging', line: 'messaging',
};
const channelOf = (origin: string): Channel => (Object.hasOwn(ORIGINS, origin.toLowerCase()) ? ORIGINS[origin.toLowerCase()] : toChannel(origin));

/** A comment's author: the User file says; else the case's contact is the customer; else as read. */
function roleOf(m: PendingMessage, contactId: string, users: Map<string, UserInfo>): AuthorRole {
  if (!m.authorId) return m.role;
  return users.get(m.authorId)?.role ?? (contactId && m.authorId === contactId ? 'customer' : m.role);
}

function caseItem(r: SfRow, file: string, tz: string, thread: PendingMessage[], users: Map<string, UserInfo>): ReadItem {
  const id = r.get('CaseNumber') || id18(r.get('Id'));
  const reject = (code: string, reason: string): ReadItem => ({ rejection: { file, line: r.line, id, code, reason } });
  if (!id) return reject('missing-id', messages.missingId());
  if (yes(r.get('IsDeleted'))) return reject('filtered-deleted', messages.filteredDeleted());
  const times: Record<string, number> = {};
  for (const field of ['CreatedDate', 'ClosedDate', 'LastModifiedDate']) {
    const value = r.get(field);
    if (!value) continue;
    const at = parseTimestamp(value, tz);
    if (at === null) return reject('bad-date', messages.badDate(field, value));
    times[field] = at;
  }
  if (times.CreatedDate === undefined) return reject('missing-field', messages.missingField('CreatedDate'));
  const owner = id18(r.get('OwnerId'));
  const contact = id18(r.get('ContactId'));
  const ticket: Ticket = {
    id,
    createdAt: times.CreatedDate,
    channel: channelOf(r.get('Origin')),
    subject: r.get('Subject'),
    body: plainText(r.get('Description')),
    tags: [r.get('Type'), r.get('Reason')].filter(Boolean),
    status: r.get('Status').toLowerCase(),
    priority: r.get('Priority').toLowerCase(),
    requester: r.get('SuppliedEmail') || r.get('ContactEmail') || r.get('ContactId'),
    group: owner.startsWith('00G') ? r.get('Owner.Name') || owner : (users.get(owner)?.department ?? ''),
    messages: thread.map((m) => ({ at: m.at, role: roleOf(m, contact, users), public: m.public, text: m.text })).sort((a, b) => a.at - b.at),
    events: [],
    source: { file, line: r.line },
  };
  if (times.ClosedDate !== undefined) ticket.solvedAt = times.ClosedDate;
  if (times.LastModifiedDate !== undefined) ticket.updatedAt = times.LastModifiedDate;
  return { ticket };
}

async function* read(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem> {
  yield* readGroup([ctx.file], ctx, () => input);
}

// ---- write: what `generate` and the round-trip tests read back ----

const CASE_COLUMNS = [
  'Id', 'CaseNumber', 'Subject', 'Description', 'Status', 'Priority', 'Origin', 'Type', 'Reason', 'SuppliedEmail', 'ContactId',
  'OwnerId', 'Owner.Name', 'IsClosed', 'CreatedDate', 'ClosedDate', 'LastModifiedDate', 'IsDeleted',
];
const COMMENT_COLUMNS = ['Id', 'ParentId', 'CommentBody', 'IsPublished', 'CreatedById', 'CreatedDate', 'IsDeleted'];
const EMAIL_COLUMNS = ['Id', 'ParentId', 'Incoming', 'FromAddress', 'ToAddress', 'Subject', 'TextBody', 'HtmlBody', 'MessageDate', 'Status', 'IsDeleted'];
const USER_COLUMNS = ['Id', 'Username', 'Name', 'UserType', 'ContactId', 'Department', 'IsActive'];

/** A synthetic 18-character id: key prefix (500 Case, 00a CaseComment, 02s EmailMessage...) and a number. */
const sfId = (prefix: string, n: number) => id18(`${prefix}${String(n).padStart(12, '0')}`);
const line = (cells: string[]) => `${cells.map(csvField).join(',')}\n`;
const stamp = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One author per role: a comment's CreatedById tells its role through User.csv. */
const AUTHORS: Record<AuthorRole, string[]> = {
  agent: [sfId('005', 1), 'agent@support.example', 'Support Agent', 'Standard', '', ''],
  customer: [sfId('005', 2), 'customer@portal.example', 'Portal Customer', 'PowerCustomerSuccess', sfId('003', 1), ''],
  system: [sfId('005', 3), 'autoproc@support.example', 'Automated Process', 'AutomatedProcess', '', ''],
};
const ORIGIN_OF: Record<Channel, string> = {
  email: 'Email', web: 'Web', phone: 'Phone', chat: 'Chat', messaging: 'Messaging', social: 'Social', voice: 'Voice', other: 'Other',
};
const SUPPORT_ADDRESS = 'support@support.example';

/**
 * Writes Data Loader CSVs with API-name headers as current Data Loader does (as in the SELECT):
 * User.csv, Case.csv, CaseComment.csv, EmailMessage.csv. On an email case, public customer and
 * agent messages are EmailMessages; every other message is a CaseComment by the User of its
 * role. A group is the owning queue; the first two tags are Type and Reason. Not carried: more
 * tags, events, activity, actions.
 */
function* write(tickets: Iterable<Ticket>): Iterable<{ file: string; text: string }> {
  yield { file: 'User.csv', text: line(USER_COLUMNS) + Object.values(AUTHORS).map((u) => line([...u, 'true'])).join('') };
  yield { file: 'Case.csv', text: line(CASE_COLUMNS) };
  yield { file: 'CaseComment.csv', text: line(COMMENT_COLUMNS) };
  yield { file: 'EmailMessage.csv', text: line(EMAIL_COLUMNS) };
  const queues = new Map<string, string>();
  let cases = 0;
  let comments = 0;
  let emails = 0;
  for (const t of tickets) {
    const caseId = sfId('500', ++cases);
    if (t.group && !queues.has(t.group)) queues.set(t.group, sfId('00G', queues.size + 1));
    const owner = t.group ? [queues.get(t.group)!, t.group] : [AUTHORS.agent[0], AUTHORS.agent[2]];
    yield {
      file: 'Case.csv',
      text: line([
        caseId, t.id, t.subject, t.body, capital(t.status), capital(t.priority), ORIGIN_OF[t.channel], t.tags[0] ?? '', t.tags[1] ?? '',
        t.requester, '', ...owner, String(t.solvedAt !== undefined), stamp(t.createdAt), stamp(t.solvedAt), stamp(t.updatedAt), 'false',
      ]),
    };
    for (const m of t.messages) {
      if (t.channel === 'email' && m.public && m.role !== 'system') {
        const incoming = m.role === 'customer';
        const [from, to] = incoming ? [t.requester, SUPPORT_ADDRESS] : [SUPPORT_ADDRESS, t.requester];
        yield {
          file: 'EmailMessage.csv',
          text: line([sfId('02s', ++emails), caseId, String(incoming), from, to, t.subject, m.text, '', stamp(m.at), incoming ? '1' : '3', 'false']),
        };
      } else {
        yield { file: 'CaseComment.csv', text: line([sfId('00a', ++comments), caseId, m.text, String(m.public), AUTHORS[m.role][0], stamp(m.at), 'false']) };
      }
    }
  }
}

/** The Salesforce Service Cloud adapter: detects each object file, reads them as one group, writes Data Loader CSVs. */
export const salesforce: Adapter = {
  name: 'salesforce',
  description:
    'Salesforce Service Cloud: Case CSV joined with CaseComment, EmailMessage, LiveChatTranscript, MessagingSession and ConversationEntry CSVs (User CSV optional).',
  detection:
    'a header of API names in any casing: Case (CaseNumber + Status/Origin/Priority/Subject), CaseComment (ParentId + CommentBody), EmailMessage (ParentId + TextBody/HtmlBody), LiveChatTranscript (CaseId + Body + ChatKey/StartTime), MessagingSession (CaseId + MessagingEndUserId/ChannelType), ConversationEntry (ConversationId + EntryTime + Message), User (Username + UserType)',
  exportHowTo:
    'Salesforce Data Loader → Export → log in → choose Case (Show all Salesforce objects) → choose the target CSV → Select all fields → Finish; repeat for CaseComment, EmailMessage, LiveChatTranscript, MessagingSession, ConversationEntry and User. Or Setup → Data → Data Export → Export Now (or Schedule Export) → tick those objects → Start Export → download the zip from the emailed link (kept 48 hours). Give all the files, their folder or the zip in one run.',
  detect({ text }) {
    const cells = headerCells(text);
    const match = salesforceMatch(cells);
    if (match) return { score: 0.9, evidence: match.evidence };
    const evidence = cells.filter((c) => SALESFORCE_HINTS.has(c.trim().toLowerCase()));
    return { score: Math.min(0.4, 0.1 * evidence.length), evidence };
  },
  read,
  readGroup,
  write,
};
