/**
 * The objects of a Salesforce Service Cloud export, one CSV per object: which object a header row
 * holds, ids in their 18-character form, rows read by API name in any casing, and every child row
 * (comment, email, chat, messaging) turned into the messages of the record it hangs from.
 * salesforce.ts joins them into tickets. Field names and values: research/formats.md §3.
 */

import type { Readable } from 'node:stream';
import { messages } from '../engine/messages.js';
import type { Rejection } from '../engine/ingest/rejection.js';
import type { Limits } from '../engine/limits.js';
import type { AuthorRole, Message, SourceRef } from '../engine/ticket.js';
import { csvRecords } from './csv.js';
import { htmlToText, plainText } from './text.js';
import { isValidTime, parseTimestamp } from './time.js';

/** The objects this adapter reads, in the order readGroup reads them (Cases last). */
export const SALESFORCE_OBJECTS = ['User', 'CaseComment', 'EmailMessage', 'LiveChatTranscript', 'MessagingSession', 'ConversationEntry', 'Case'] as const;
export type SalesforceObject = (typeof SALESFORCE_OBJECTS)[number];

/**
 * Each object's fingerprint: every group needs one of its headers (lower-cased API names);
 * `hints` only add evidence. Checked in this order, so a transcript is never taken for a session.
 */
const SIGNATURES: { object: SalesforceObject; required: string[][]; hints: string[] }[] = [
  { object: 'Case', required: [['casenumber'], ['status', 'origin', 'priority', 'subject']], hints: ['id', 'createddate', 'closeddate', 'ownerid', 'suppliedemail', 'isdeleted'] },
  { object: 'CaseComment', required: [['parentid'], ['commentbody']], hints: ['ispublished', 'createdbyid', 'createddate'] },
  { object: 'EmailMessage', required: [['parentid', 'relatedtoid'], ['textbody', 'htmlbody']], hints: ['incoming', 'messagedate', 'fromaddress'] },
  { object: 'LiveChatTranscript', required: [['caseid'], ['body'], ['chatkey', 'starttime', 'requesttime', 'livechatvisitorid']], hints: ['endtime'] },
  { object: 'MessagingSession', required: [['caseid'], ['messagingenduserid', 'messagingchannelid', 'channeltype', 'agenttype']], hints: ['starttime', 'status'] },
  { object: 'ConversationEntry', required: [['conversationid'], ['entrytime'], ['message', 'actortype']], hints: ['entrytype', 'seq'] },
  { object: 'User', required: [['username'], ['usertype', 'profileid']], hints: ['contactid', 'department'] },
];

const key = (header: string) => header.trim().toLowerCase();

/**
 * The object a header row holds, whatever the casing (older Data Loader writes `CASENUMBER`).
 * @example salesforceObjectOf(['ID', 'PARENTID', 'COMMENTBODY', 'ISPUBLISHED']) // 'CaseComment'
 */
export function salesforceObjectOf(headerCells: string[]): SalesforceObject | undefined {
  return salesforceMatch(headerCells)?.object;
}

/** The object a header row holds and the headers (as written) that show it. */
export function salesforceMatch(headerCells: string[]): { object: SalesforceObject; evidence: string[] } | undefined {
  const present = new Set(headerCells.map(key));
  const signature = SIGNATURES.find((s) => s.required.every((group) => group.some((h) => present.has(h))));
  if (!signature) return undefined;
  const wanted = new Set([...signature.required.flat(), ...signature.hints]);
  return { object: signature.object, evidence: headerCells.filter((h) => wanted.has(key(h))) };
}

/** Headers that hint at Salesforce even when no object matches (for a weak detection score). */
export const SALESFORCE_HINTS = new Set(['casenumber', 'parentid', 'commentbody', 'ispublished', 'textbody', 'incoming', 'caseid', 'chatkey', 'conversationid']);

/**
 * The 18-character, case-insensitive form of a Salesforce id: a 15-character id gets its
 * checksum suffix (reports export 15, Data Loader 18), anything else is returned as is.
 * @example id18('5008d00000AbCdF') // '5008d00000AbCdFAAV'
 */
export function id18(id: string): string {
  if (!/^[a-zA-Z0-9]{15}$/.test(id)) return id;
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

/** One data row: fields by API name in any casing (`Owner.Name` included), trimmed. */
export interface SfRow {
  line: number;
  get(field: string): string;
}

export type SfItem = { row: SfRow; rejection?: undefined } | { row?: undefined; rejection: Rejection };

/** Streams a Salesforce CSV's data rows; unreadable and ragged rows come back as rejections. */
export async function* sfRows(input: Readable, file: string, limits?: Limits): AsyncGenerator<SfItem> {
  let index: Map<string, number> | undefined;
  for await (const item of csvRecords(input, { file, limits })) {
    if (item.rejection) {
      yield { rejection: item.rejection };
      continue;
    }
    if (!index) {
      index = new Map(item.record.map((h, i) => [key(h), i]));
      continue;
    }
    const record = item.record;
    const at = (field: string) => index!.get(field.toLowerCase()) ?? -1;
    if (record.length !== index.size) {
      const id = (record[at('Id')] ?? '').trim();
      yield { rejection: { file, line: item.line, id, code: 'ragged-row', reason: messages.raggedRow(record.length, index.size) } };
      continue;
    }
    yield { row: { line: item.line, get: (field) => (record[at(field)] ?? '').trim() } };
  }
}

/** Data Loader writes `true`/`false`; some tools write `1`/`0`. */
export const yes = (value: string) => value.toLowerCase() === 'true' || value === '1';

/** A message whose author role waits for its case: CaseComment authors are resolved by salesforce.ts. */
export interface PendingMessage extends Message {
  /** CreatedById (18 characters) of a comment, matched against the User file and the case's contact. */
  authorId?: string;
}

/** What a child row gives: the id it hangs from (a Case, or a MessagingSession for an entry) and its messages. */
export interface Child {
  /** The parent id as written (for rejections); join with `id18(parent)`. */
  parent: string;
  messages: PendingMessage[];
  source: SourceRef;
}

/** The field that names a child's parent (EmailMessage falls back to `RelatedToId`). */
const PARENT_FIELD: Partial<Record<SalesforceObject, string>> = { LiveChatTranscript: 'CaseId', MessagingSession: 'CaseId', ConversationEntry: 'ConversationId' };

/** Where a child's time is, by preference: when it was sent or started, else when it was saved. */
const TIME_FIELDS: Partial<Record<SalesforceObject, string[]>> = {
  EmailMessage: ['MessageDate', 'CreatedDate'],
  LiveChatTranscript: ['StartTime', 'RequestTime', 'CreatedDate'],
  MessagingSession: ['StartTime', 'AcceptTime', 'CreatedDate'],
  ConversationEntry: ['EntryTime', 'CreatedDate'],
};

/** A child row as messages, a rejection, or undefined for rows that carry no message (drafts, events). */
export type ChildResult = { child: Child; rejection?: undefined } | { child?: undefined; rejection: Rejection } | undefined;

/** The first non-empty of several timestamp fields, or a bad-date rejection naming the first field. */
function timeOf(r: SfRow, fields: string[], tz: string): number | string {
  const field = fields.find((f) => r.get(f)) ?? fields[0];
  const value = r.get(field);
  const at = value ? parseTimestamp(value, tz) : null;
  return at ?? (value ? messages.badDate(field, value) : messages.missingField(field));
}

/**
 * One child row as the messages of its parent. CaseComment: `IsPublished` false is an internal
 * note; the author stays `agent` until salesforce.ts resolves `CreatedById`. EmailMessage:
 * `Incoming` is the customer, drafts (Status 5) were never sent. LiveChatTranscript: the
 * transcript's turns (see chatTurns). MessagingSession: one customer message at its start, which
 * its ConversationEntry rows replace when the export has them. ConversationEntry: `Text` entries
 * only, by `ActorType`.
 */
export function childOf(object: SalesforceObject, r: SfRow, file: string, tz: string): ChildResult {
  const parent = r.get(PARENT_FIELD[object] ?? 'ParentId') || (object === 'EmailMessage' ? r.get('RelatedToId') : '');
  const source = { file, line: r.line };
  const reject = (code: string, reason: string): ChildResult => ({ rejection: { ...source, id: parent, code, reason } });
  if (yes(r.get('IsDeleted'))) return reject('filtered-deleted', messages.filteredDeleted());
  if (!parent) return reject('orphan', messages.orphan(parent));
  if (object === 'EmailMessage' && r.get('Status') === '5') return undefined;
  if (object === 'ConversationEntry' && r.get('EntryType') && r.get('EntryType').toLowerCase() !== 'text') return undefined;
  const at = timeOf(r, TIME_FIELDS[object] ?? ['CreatedDate'], tz);
  if (typeof at === 'string') return reject(at.startsWith('missing') ? 'missing-field' : 'bad-date', at);
  const one = (role: AuthorRole, text: string, extra: Partial<PendingMessage> = {}): ChildResult => ({
    child: { parent, source, messages: [{ at, role, public: true, text, ...extra }] },
  });
  switch (object) {
    case 'CaseComment':
      return one('agent', plainText(r.get('CommentBody')), { public: yes(r.get('IsPublished')), authorId: id18(r.get('CreatedById')) });
    case 'EmailMessage':
      return one(yes(r.get('Incoming')) ? 'customer' : 'agent', plainText(r.get('TextBody') || r.get('HtmlBody')));
    case 'LiveChatTranscript': {
      const turns = chatTurns(r.get('Body'), at, Number(r.get('VisitorMessageCount')) || undefined);
      return turns.length > 0 ? { child: { parent, source, messages: turns } } : one('customer', htmlToText(r.get('Body')));
    }
    case 'MessagingSession':
      return one('customer', '');
    case 'ConversationEntry': {
      const actor = r.get('ActorType').toLowerCase();
      return one(Object.hasOwn(ACTOR_ROLES, actor) ? ACTOR_ROLES[actor] : 'agent', plainText(r.get('Message')));
    }
    default:
      return undefined;
  }
}

/** ConversationEntry.ActorType: bots and system entries are automation, like Intercom's bot parts. */
const ACTOR_ROLES: Record<string, AuthorRole> = { enduser: 'customer', agent: 'agent', supervisor: 'agent', bot: 'system', system: 'system' };

/** What the User file says about an id: the role its comments get, and its department. */
export interface UserInfo {
  role: AuthorRole;
  department: string;
}

/**
 * A User row: internal licences (`Standard`, Chatter-only `CsnOnly`) are agents, the
 * `AutomatedProcess` user is automation, every external licence (portal, community, partner,
 * guest) and any user linked to a Contact is the customer side.
 */
export function userOf(r: SfRow): { id: string; user: UserInfo } {
  const type = r.get('UserType').toLowerCase();
  const role: AuthorRole =
    type === 'automatedprocess' ? 'system' : r.get('ContactId') || (type && type !== 'standard' && type !== 'csnonly') ? 'customer' : 'agent';
  return { id: id18(r.get('Id')), user: { role, department: r.get('Department') } };
}

/** `( 1m 19s ) Arlo Support: text`: a transcript turn, its offset from the chat's start, speaker and text. */
const TURN = /^\(\s*(?:(\d+)h\s*)?(?:(\d+)m\s*)?(?:(\d+)s)?\s*\)\s*([^:]{1,100}?):\s?(.*)$/;
/** Centred header lines Live Agent writes around the turns. */
const CHAT_HEADER = /^chat (?:started|origin|ended|transferred|canceled|cancelled)\b/i;

/**
 * The turns of a legacy Live Agent transcript (`LiveChatTranscript.Body`), each at the chat's
 * start plus its `( 1m 19s )` offset; lines without an offset continue the turn above. The
 * transcript names agents in `Agent <name>` header lines but their turns may carry a nickname,
 * and the visitor speaks under the name the pre-chat form gave, so the customer is: the speaker
 * called `Visitor`; else the one non-agent speaker with `VisitorMessageCount` turns; else the
 * first speaker not named as an agent when one is, or the second speaker when none is (the
 * agent greets first once the chat is accepted). Everyone else is an agent. No turns: [].
 */
export function chatTurns(body: string, startAt: number, visitorMessages?: number): Message[] {
  const turns: { speaker: string; at: number; lines: string[] }[] = [];
  const agents = new Set<string>();
  let inHeader = true;
  for (const raw of htmlToText(body).split(/\r?\n/)) {
    const line = raw.trim();
    const m = TURN.exec(line);
    const at = m && (m[1] || m[2] || m[3]) ? startAt + (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000 : NaN;
    // An offset too large to be a time is no turn: the line continues the turn above.
    if (m && isValidTime(at)) {
      turns.push({ speaker: m[4].trim(), at, lines: [m[5]] });
      inHeader = false;
    } else if (CHAT_HEADER.test(line)) {
      inHeader = true;
    } else if (inHeader && /^agent\s+\S/i.test(line)) {
      agents.add(line.slice(5).trim().toLowerCase());
    } else if (turns.length > 0 && !inHeader) {
      turns[turns.length - 1].lines.push(raw.trimEnd());
    }
  }
  const customer = customerSpeaker(turns.map((t) => t.speaker), agents, visitorMessages);
  return turns.map((t) => ({ at: t.at, role: t.speaker === customer ? 'customer' : 'agent', public: true, text: t.lines.join('\n').trim() }));
}

function customerSpeaker(spoken: string[], agents: Set<string>, visitorMessages: number | undefined): string | undefined {
  const speakers = [...new Set(spoken)];
  const visitor = speakers.find((s) => s.toLowerCase() === 'visitor');
  if (visitor) return visitor;
  const others = speakers.filter((s) => !agents.has(s.toLowerCase()));
  const counted = others.filter((s) => spoken.filter((x) => x === s).length === visitorMessages);
  if (counted.length === 1) return counted[0];
  if (others.length < speakers.length) return others[0];
  return speakers[1] ?? speakers[0];
}
