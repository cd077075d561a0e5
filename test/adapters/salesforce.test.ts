import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReadItem } from '../../adapters/adapter.js';
import { genericCsv } from '../../adapters/generic-csv.js';
import { chatTurns, id18, salesforce, salesforceObjectOf } from '../../adapters/salesforce.js';
import { messages } from '../../engine/messages.js';
import type { Ticket } from '../../engine/ticket.js';
import { salesforceTicketArb } from '../helpers/salesforce-arbitrary.js';

/** Data Loader before v61: capital headers, a BOM and CRLF in Case.csv. */
const DL = 'test/fixtures/salesforce';
const [DL_CASE, DL_COMMENT, DL_EMAIL, DL_CHAT] = ['Case', 'CaseComment', 'EmailMessage', 'LiveChatTranscript'].map((o) => `${DL}/${o}.csv`);
/** Current Data Loader: headers as in the SELECT, every object plus User (ConversationEntry in lower case, as 62.0.2 wrote it). */
const SC = 'test/fixtures/salesforce/service-cloud';
const sc = (object: string) => `${SC}/${object}.csv`;
const SC_FILES = readdirSync(SC).map((f) => `${SC}/${f}`);

const T = (iso: string) => Date.parse(iso);

async function group(files: string[], open: (f: string) => Readable = (f) => createReadStream(f)): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of salesforce.readGroup!(files, { tz: 'UTC' }, open)) items.push(item);
  return items;
}

async function readOne(file: string, input: Readable = createReadStream(file)): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of salesforce.read(input, { file, tz: 'UTC' })) items.push(item);
  return items;
}

/** An `open` over in-memory files. */
const memory = (files: Record<string, string>) => (f: string) => Readable.from([Buffer.from(files[f])]);
const tickets = (items: ReadItem[]) => items.flatMap((i) => (i.ticket ? [i.ticket] : []));
const rejections = (items: ReadItem[]) => items.flatMap((i) => (i.rejection ? [i.rejection] : []));

describe('salesforce: an old Data Loader export (capital headers, BOM, CRLF)', () => {
  it('joins comments, emails and a chat to their cases by 18-character id, in time order', async () => {
    const items = await group([DL_CASE, DL_COMMENT, DL_EMAIL, DL_CHAT]);
    expect(tickets(items)).toEqual([
      {
        id: '00012873', createdAt: T('2024-05-02T13:04:11Z'), solvedAt: T('2024-05-03T09:00:00Z'), updatedAt: T('2024-05-03T09:00:00Z'),
        channel: 'email', subject: 'Router keeps rebooting', body: 'The router reboots every hour.\r\nModel X200.', tags: ['Problem', 'Breakdown'],
        status: 'closed', priority: 'high', requester: 'maya@example.org', group: '00G8d000001QueueA', events: [], source: { file: DL_CASE, line: 2 },
        messages: [
          // The HTML email loses its quoted history; the draft (Status 5) was never sent.
          { at: T('2024-05-02T13:04:11Z'), role: 'customer', public: true, text: 'The router reboots every hour.' },
          { at: T('2024-05-02T13:30:00Z'), role: 'agent', public: false, text: 'Customer verified by phone' },
          { at: T('2024-05-02T15:00:00Z'), role: 'agent', public: true, text: 'We are sending a replacement router.' },
          { at: T('2024-05-03T08:00:00Z'), role: 'customer', public: true, text: 'Thanks, it works now!' },
        ],
      },
      {
        // The Case Id is written in 15 characters, the children in 18: they still join.
        id: '00012874', createdAt: T('2024-05-04T10:00:00Z'), updatedAt: T('2024-05-04T10:00:00Z'),
        channel: 'web', subject: 'Where is my order', body: 'Order 5521 not arrived', tags: [],
        status: 'new', priority: 'medium', requester: 'li@example.net', group: '', events: [], source: { file: DL_CASE, line: 4 },
        messages: [
          { at: T('2024-05-04T10:00:00Z'), role: 'customer', public: true, text: 'Order 5521 not arrived' },
          // No timed turns in this transcript: one customer message at StartTime.
          { at: T('2024-05-04T11:00:05Z'), role: 'customer', public: true, text: 'Visitor: is it shipped?\nAgent: yes, today' },
        ],
      },
    ]);
    expect(rejections(items)).toEqual([
      { file: DL_CASE, line: 5, id: '00012875', code: 'filtered-deleted', reason: messages.filteredDeleted() },
      { file: DL_COMMENT, line: 4, id: '5008d00000ZzZzZAAV', code: 'orphan', reason: messages.orphan('5008d00000ZzZzZAAV') },
    ]);
  });

  it('reads a lone Case file as tickets without messages, and a lone child file as orphans', async () => {
    const cases = await readOne(DL_CASE);
    expect(tickets(cases).map((t) => [t.id, t.messages, t.activity])).toEqual([['00012873', [], undefined], ['00012874', [], undefined]]);
    expect(rejections(await readOne(DL_COMMENT)).map((r) => [r.file, r.line, r.code, r.reason])).toEqual(
      [2, 3, 4].map((line) => [DL_COMMENT, line, 'orphan', expect.stringMatching(/^parent not found/)]),
    );
  });
});

describe('salesforce: a current export with every object and the User file', () => {
  it('gives each case its comments (authors from User.csv), chat turns, messaging entries and emails', async () => {
    const items = await group(SC_FILES);
    const source = (line: number) => ({ file: sc('Case'), line });
    expect(tickets(items)).toEqual([
      {
        id: '00031001', createdAt: T('2025-03-04T09:15:00Z'), solvedAt: T('2025-03-05T16:40:00Z'), updatedAt: T('2025-03-05T16:40:00Z'),
        channel: 'web', subject: 'Invoice shows wrong VAT rate', body: 'Invoice INV-2291 charges 19% VAT on books.\nThe reduced rate is 7%.',
        tags: ['Question', 'Billing'], status: 'closed', priority: 'medium', requester: '003Hs00000Gh2LmIAJ',
        // Owned by a user: the group is her Department.
        group: 'Billing', events: [], source: source(2),
        messages: [
          { at: T('2025-03-04T09:20:00Z'), role: 'customer', public: true, text: 'I attached the invoice.\nThe VAT should be 7%, not 19%.' },
          { at: T('2025-03-04T10:05:00Z'), role: 'agent', public: false, text: 'Checked the billing system: the reduced rate applies to books.' },
          { at: T('2025-03-04T10:30:00Z'), role: 'agent', public: true, text: "You're right, we have issued a corrected invoice (INV-2291-C)." },
          { at: T('2025-03-05T16:40:00Z'), role: 'system', public: true, text: 'Case closed automatically after 24 hours without a reply.' },
        ],
      },
      {
        id: '00031002', createdAt: T('2025-03-06T14:02:11Z'), solvedAt: T('2025-03-06T14:20:00Z'), updatedAt: T('2025-03-06T14:20:00Z'),
        channel: 'chat', subject: 'Password reset link expired', body: '', tags: ['Question'], status: 'closed', priority: 'low',
        requester: 'omar.haddad@example.net', group: 'Tier 1 Chat', events: [], source: source(4),
        // StartTime 14:02:30 plus each turn's offset; the visitor is the speaker with VisitorMessageCount (3) turns.
        messages: [
          { at: T('2025-03-06T14:02:34Z'), role: 'agent', public: true, text: 'Hi Omar, thanks for waiting. How can I help?' },
          { at: T('2025-03-06T14:02:51Z'), role: 'customer', public: true, text: 'The reset link in your email says it expired' },
          { at: T('2025-03-06T14:02:55Z'), role: 'customer', public: true, text: 'I requested it yesterday' },
          { at: T('2025-03-06T14:03:32Z'), role: 'agent', public: true, text: 'I have sent a new link, valid for 24 hours.\nPlease open it in the same browser.' },
          { at: T('2025-03-06T14:04:10Z'), role: 'customer', public: true, text: "Got it, that worked & I'm in. Thanks!" },
        ],
      },
      {
        id: '00031003', createdAt: T('2025-03-07T08:00:05Z'), updatedAt: T('2025-03-07T08:03:40Z'),
        channel: 'messaging', subject: 'Router red light', body: '', tags: ['Problem', 'Breakdown'], status: 'working', priority: 'high',
        requester: '003Hs00000Gh2LnIAJ', group: 'Tech Support', events: [], source: source(5),
        // The session's Text entries (the BotEscalated event is not a message); the bot is automation.
        messages: [
          { at: T('2025-03-07T08:00:05Z'), role: 'customer', public: true, text: 'My router shows a red light since this morning' },
          { at: T('2025-03-07T08:00:07Z'), role: 'system', public: true, text: 'I can help with that. Have you restarted the router?' },
          { at: T('2025-03-07T08:01:10Z'), role: 'customer', public: true, text: 'Yes, twice' },
          { at: T('2025-03-07T08:03:40Z'), role: 'agent', public: true, text: 'Thanks Li, there is an outage in your area; it should be fixed by noon.' },
        ],
      },
      {
        id: '00031004', createdAt: T('2025-03-10T07:45:12Z'), solvedAt: T('2025-03-11T10:00:00Z'), updatedAt: T('2025-03-11T10:00:00Z'),
        channel: 'email', subject: 'Refund for order 5521', body: 'Hi, I returned order 5521 two weeks ago and have not been refunded yet.',
        tags: ['Question'], status: 'closed', priority: 'high', requester: 'li.wei@example.com', group: 'Refunds', events: [], source: source(6),
        messages: [
          { at: T('2025-03-10T07:45:12Z'), role: 'customer', public: true, text: 'Hi, I returned order 5521 two weeks ago and have not been refunded yet.' },
          {
            at: T('2025-03-10T11:02:00Z'), role: 'agent', public: true,
            text: 'Hello Li,\r\n\r\nWe have issued the refund of EUR 42.90; it reaches your card in 3-5 business days.\r\n\r\nAcme Support',
          },
        ],
      },
      {
        // A messaging session without its conversation entries: one customer message, no text.
        id: '00031005', createdAt: T('2025-03-12T19:30:00Z'), channel: 'messaging', subject: '', body: '', tags: [], status: 'new', priority: '',
        requester: '', group: 'Tier 1 Chat', events: [], source: source(7),
        messages: [{ at: T('2025-03-12T19:30:00Z'), role: 'customer', public: true, text: '' }],
      },
    ]);
    // Child rejections come as their file is read; orphans once every case has been seen.
    expect(rejections(items)).toEqual([
      { file: sc('CaseComment'), line: 6, id: '500Hs00001Kq3WdIAJ', code: 'filtered-deleted', reason: messages.filteredDeleted() },
      { file: sc('ConversationEntry'), line: 7, id: '0MwHs00000Zz9QqKAJ', code: 'orphan', reason: messages.orphan('0MwHs00000Zz9QqKAJ') },
      // Line 9: the reply above it spans lines 3 to 7 with CRLFs inside its quotes.
      { file: sc('EmailMessage'), line: 9, id: '500Hs00001Kq0ZzIAJ', code: 'orphan', reason: messages.orphan('500Hs00001Kq0ZzIAJ') },
    ]);
  });

  it('reads the same whatever order the files come in', async () => {
    const forward = await group(SC_FILES);
    expect(tickets(await group([...SC_FILES].reverse()))).toEqual(tickets(forward));
  });

  it('without User.csv: comments are agents unless written by the case contact, and a user-owned case has no group', async () => {
    const items = await group(SC_FILES.filter((f) => !f.endsWith('User.csv')));
    const invoice = tickets(items)[0];
    expect(invoice.group).toBe('');
    expect(invoice.messages.map((m) => [m.role, m.public])).toEqual([['agent', true], ['agent', false], ['agent', true], ['agent', true]]);
    const files = {
      'Case.csv': 'Id,CaseNumber,Status,ContactId,CreatedDate\n500000000000001AAA,7,New,003000000000009AAA,2025-01-01T00:00:00.000Z\n',
      'CaseComment.csv': 'Id,ParentId,CommentBody,IsPublished,CreatedById,CreatedDate\n00a000000000001AAA,500000000000001AAA,hi,true,003000000000009,2025-01-01T00:01:00.000Z\n',
    };
    const [t] = tickets(await group(Object.keys(files), memory(files)));
    expect(t.messages).toEqual([{ at: T('2025-01-01T00:01:00Z'), role: 'customer', public: true, text: 'hi' }]);
  });

  it('joins a child once when overlapping exports repeat it, and gives a case repeated across Case files its messages each time', async () => {
    const week = (modified: string) =>
      `Id,CaseNumber,Status,CreatedDate,LastModifiedDate\n500000000000001AAA,00000100,New,2025-01-01T00:00:00.000Z,${modified}\n`;
    const comment = 'Id,ParentId,CommentBody,IsPublished,CreatedDate\n00a000000000001AAA,500000000000001AAA,hello,true,2025-01-01T00:05:00.000Z\n';
    const files = {
      'w1/Case.csv': week('2025-01-01T00:00:00.000Z'), 'w2/Case.csv': week('2025-01-08T00:00:00.000Z'),
      'w1/CaseComment.csv': comment, 'w2/CaseComment.csv': comment,
    };
    const out = tickets(await group(Object.keys(files), memory(files)));
    expect(out.map((t) => [t.id, t.updatedAt, t.messages.length])).toEqual([['00000100', T('2025-01-01T00:00:00Z'), 1], ['00000100', T('2025-01-08T00:00:00Z'), 1]]);
  });

  it('sets aside deleted cases, cases without a creation time and unreadable child times, with file and line', async () => {
    const files = {
      'Case.csv': 'Id,CaseNumber,Status,CreatedDate,IsDeleted\n500000000000001AAA,1,New,,false\n500000000000002AAA,2,New,yesterday,false\n',
      'EmailMessage.csv': 'Id,ParentId,Incoming,TextBody,MessageDate\n02s000000000001AAA,500000000000001AAA,true,hi,13/13/2025\n',
    };
    expect(rejections(await group(Object.keys(files), memory(files)))).toEqual([
      { file: 'EmailMessage.csv', line: 2, id: '500000000000001AAA', code: 'bad-date', reason: messages.badDate('MessageDate', '13/13/2025') },
      { file: 'Case.csv', line: 2, id: '1', code: 'missing-field', reason: messages.missingField('CreatedDate') },
      { file: 'Case.csv', line: 3, id: '2', code: 'bad-date', reason: messages.badDate('CreatedDate', 'yesterday') },
    ]);
  });
});

describe('salesforce: headers in any casing', () => {
  const text = readFileSync(sc('Case'), 'utf8');
  const [header, ...rest] = text.split('\n');
  const variants = {
    'as in the SELECT (Data Loader 61+)': header,
    'capitals (Data Loader before 61, or allCapsHeaders)': header.toUpperCase(),
    'lower case (Data Loader 62.0.2)': header.toLowerCase(),
  };
  it.each(Object.entries(variants))('reads the same cases with headers %s', async (_, variant) => {
    const items = await readOne('Case.csv', Readable.from([Buffer.from([variant, ...rest].join('\n'))]));
    const expected = tickets(await readOne(sc('Case'))).map((t) => ({ ...t, source: { ...t.source, file: 'Case.csv' } }));
    expect(tickets(items)).toEqual(expected);
    // `Owner.Name` in any casing names the owning queue.
    expect(tickets(items).map((t) => t.group)).toEqual(['', 'Tier 1 Chat', '', 'Refunds', 'Tier 1 Chat']);
  });
});

describe('salesforce: detection', () => {
  const objects: [string, string, string[]][] = [
    ['Case', 'ID,CASENUMBER,SUBJECT,STATUS,ORIGIN,CREATEDDATE', ['ID', 'CASENUMBER', 'SUBJECT', 'STATUS', 'ORIGIN', 'CREATEDDATE']],
    ['CaseComment', 'Id,ParentId,CommentBody,IsPublished,CreatedDate', ['ParentId', 'CommentBody', 'IsPublished', 'CreatedDate']],
    ['EmailMessage', 'Id,ParentId,Incoming,TextBody,HtmlBody,MessageDate', ['ParentId', 'Incoming', 'TextBody', 'HtmlBody', 'MessageDate']],
    ['EmailMessage', 'Id,RelatedToId,HtmlBody,Subject', ['RelatedToId', 'HtmlBody']],
    ['LiveChatTranscript', 'Id,CaseId,Body,ChatKey,StartTime', ['CaseId', 'Body', 'ChatKey', 'StartTime']],
    ['MessagingSession', 'Id,CaseId,MessagingEndUserId,ChannelType,StartTime', ['CaseId', 'MessagingEndUserId', 'ChannelType', 'StartTime']],
    ['ConversationEntry', 'id,conversationid,actortype,entrytype,entrytime,message', ['conversationid', 'actortype', 'entrytype', 'entrytime', 'message']],
    ['User', 'Id,Username,Name,UserType,ContactId,Department', ['Username', 'UserType', 'ContactId', 'Department']],
  ];
  it.each(objects)('recognises %s from its header (%s), with the matching headers as evidence', (object, line, evidence) => {
    expect(salesforceObjectOf(line.split(','))).toBe(object);
    expect(salesforce.detect({ file: 'x.csv', text: `${line}\n` })).toEqual({ score: 0.9, evidence });
  });

  it('wins over generic-csv on every fixture, and leaves other CSVs alone', () => {
    for (const file of [DL_CASE, DL_COMMENT, DL_EMAIL, DL_CHAT, ...SC_FILES]) {
      const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      expect(salesforce.detect({ file, text }).score - genericCsv.detect({ file, text }).score, file).toBeGreaterThan(0.1);
    }
    expect(salesforce.detect({ file: 'g.csv', text: 'id,created_at,subject\n1,2025-01-01,x' }).score).toBeLessThan(0.5);
    expect(salesforce.detect({ file: 'g.csv', text: 'ticket,ParentId,Incoming\n' })).toEqual({ score: 0.2, evidence: ['ParentId', 'Incoming'] });
  });

  it('fails on a file of the group that holds no object it reads, naming the file and its header', async () => {
    await expect(group(['odd.csv'], memory({ 'odd.csv': 'Id,Name\n1,x\n' }))).rejects.toThrow(messages.notSalesforceObject('odd.csv', ['Id', 'Name']));
  });
});

describe('salesforce: chat transcripts', () => {
  const start = T('2025-01-01T10:00:00Z');
  const turns = (body: string, visitors?: number) => chatTurns(body, start, visitors).map((m) => [(m.at - start) / 1000, m.role, m.text]);

  it('takes the speaker called Visitor as the customer, and hours, minutes and seconds as offsets', () => {
    expect(turns('Chat Started: x<br>Agent Ann<br>( 5s ) Ann: hello<br>( 1h 2m 3s ) Visitor: hi<br>Chat Ended by Agent')).toEqual([
      [5, 'agent', 'hello'],
      [3723, 'customer', 'hi'],
    ]);
  });

  it('tells the customer by the agent header, else by the second speaker (the agent greets first)', () => {
    expect(turns('Agent Ann B\n( 2s ) Sam: hi\n( 9s ) Ann B: hello')).toEqual([[2, 'customer', 'hi'], [9, 'agent', 'hello']]);
    expect(turns('Agent Ann B\n( 2s ) Acme: hello\n( 9s ) Sam: hi\n( 12s ) Acme: bye')).toEqual([[2, 'agent', 'hello'], [9, 'customer', 'hi'], [12, 'agent', 'bye']]);
    expect(turns('( 2s ) Acme: hello\n( 9s ) Sam: hi\n( 12s ) Sam: there', 1)).toEqual([[2, 'customer', 'hello'], [9, 'agent', 'hi'], [12, 'agent', 'there']]);
  });

  it('continues a turn over untimed lines and finds no turns in other text', () => {
    expect(turns('( 2s ) Visitor: line one\nline two\n\n( 3s ) Bob: ok')).toEqual([[2, 'customer', 'line one\nline two'], [3, 'agent', 'ok']]);
    expect(chatTurns('Visitor: is it shipped?', start)).toEqual([]);
  });
});

describe('salesforce: ids', () => {
  it('turns 15-character ids into their 18-character form and leaves others alone', () => {
    expect(id18('5008d00000AbCdF')).toBe('5008d00000AbCdFAAV');
    expect(id18('001000000000001')).toBe('001000000000001AAA');
    expect(id18('5008d00000AbCdEAAV')).toBe('5008d00000AbCdEAAV');
    expect(id18('00G8d000001QueueA')).toBe('00G8d000001QueueA');
  });
});

describe('salesforce: write', () => {
  /** Writes tickets, then reads every written file back as one group. */
  async function roundTrip(input: Ticket[]): Promise<ReadItem[]> {
    const files: Record<string, string> = {};
    for (const c of salesforce.write!(input)) files[c.file] = (files[c.file] ?? '') + c.text;
    return group(Object.keys(files), memory(files));
  }

  it('writes User, Case, CaseComment and EmailMessage files with API-name headers, as current Data Loader does', () => {
    const heads = [...salesforce.write!([])].map((c) => [c.file, c.text.split('\n')[0]]);
    expect(heads).toEqual([
      ['User.csv', 'Id,Username,Name,UserType,ContactId,Department,IsActive'],
      ['Case.csv', 'Id,CaseNumber,Subject,Description,Status,Priority,Origin,Type,Reason,SuppliedEmail,ContactId,OwnerId,Owner.Name,IsClosed,CreatedDate,ClosedDate,LastModifiedDate,IsDeleted'],
      ['CaseComment.csv', 'Id,ParentId,CommentBody,IsPublished,CreatedById,CreatedDate,IsDeleted'],
      ['EmailMessage.csv', 'Id,ParentId,Incoming,FromAddress,ToAddress,Subject,TextBody,HtmlBody,MessageDate,Status,IsDeleted'],
    ]);
    const [row] = [...salesforce.write!([{
      id: '00000042', createdAt: T('2025-03-04T09:15:00Z'), channel: 'email', subject: 'Hi, there', body: '', tags: ['Question'], status: 'new', priority: 'high',
      requester: 'a@example.com', group: 'Billing', messages: [], events: [], source: { file: 'x', line: 0 },
    }])].filter((c) => c.file === 'Case.csv').slice(1);
    expect(row.text).toBe(
      '500000000000001AAA,00000042,"Hi, there",,New,High,Email,Question,,a@example.com,,00G000000000001EAA,Billing,false,2025-03-04T09:15:00.000Z,,,false\n',
    );
  });

  it('reads back what it writes: read ∘ write is the identity on what the objects carry', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(salesforceTicketArb, { selector: (t) => t.id, maxLength: 5 }), async (input) => {
        const items = await roundTrip(input);
        expect(rejections(items)).toEqual([]);
        expect(tickets(items).map((t) => ({ ...t, source: { file: 'x', line: 0 } }))).toEqual(input);
      }),
      { numRuns: 200 },
    );
  });
});

describe('salesforce: hostile values (found by test/fuzz)', () => {
  it('reads an Origin or an ActorType that is an Object.prototype key as an unknown one', async () => {
    const files = {
      'Case.csv': 'Id,CaseNumber,Status,Origin,CreatedDate\n5008d00000AbCdEAAV,1,New,constructor,2024-05-02T13:04:11.000Z\n',
      'MessagingSession.csv': 'Id,CaseId,MessagingEndUserId,StartTime\n0Mw8d000001Ses1AAA,5008d00000AbCdEAAV,0PA1,2024-05-02T13:05:00.000Z\n',
      'ConversationEntry.csv': 'Id,ConversationId,EntryTime,Message,ActorType,EntryType\n0XB1,0Mw8d000001Ses1AAA,2024-05-02T13:06:00.000Z,hello,constructor,Text\n',
    };
    const [ticket] = tickets(await group(Object.keys(files), memory(files)));
    expect(ticket.channel).toBe('other');
    expect(ticket.messages).toEqual([{ at: T('2024-05-02T13:06:00Z'), role: 'agent', public: true, text: 'hello' }]);
  });

  it('reads a chat turn whose offset is too far off to be a date as text of the turn above', () => {
    const start = T('2024-05-04T11:00:00Z');
    expect(chatTurns('( 5s ) Visitor: hi\n( 99999999999999h ) Agent: hello', start)).toEqual([
      { at: start + 5000, role: 'customer', public: true, text: 'hi\n( 99999999999999h ) Agent: hello' },
    ]);
  });
});
