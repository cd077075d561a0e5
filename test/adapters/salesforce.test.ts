import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReadItem } from '../../adapters/adapter.js';
import { genericCsv } from '../../adapters/generic-csv.js';
import { id18, salesforce, salesforceObjectOf } from '../../adapters/salesforce.js';
import type { Ticket } from '../../engine/ticket.js';
import { ticketArb } from '../helpers/ticket-arbitrary.js';

const DIR = 'test/fixtures/salesforce';
const FILES = ['Case.csv', 'CaseComment.csv', 'EmailMessage.csv', 'LiveChatTranscript.csv'].map((f) => `${DIR}/${f}`);

async function group(files: string[], open: (f: string) => Readable = (f) => createReadStream(f)): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of salesforce.readGroup!(files, { tz: 'UTC' }, open)) items.push(item);
  return items;
}

describe('salesforce: Case joined with its child objects', () => {
  it('joins comments, emails and chats by 18-character id, in time order, and quarantines orphans and deletions', async () => {
    const items = await group(FILES);
    const tickets = items.flatMap((i) => (i.ticket ? [i.ticket] : []));
    expect(tickets[0]).toEqual({
      id: '00012873', createdAt: Date.UTC(2024, 4, 2, 13, 4, 11), solvedAt: Date.UTC(2024, 4, 3, 9), updatedAt: Date.UTC(2024, 4, 3, 9),
      channel: 'email', subject: 'Router keeps rebooting', body: 'The router reboots every hour.\r\nModel X200.', tags: ['Problem', 'Breakdown'],
      status: 'closed', priority: 'high', requester: 'maya@example.org', group: '00G8d000001QueueA', events: [],
      source: { file: FILES[0], line: 2 },
      messages: [
        { at: Date.UTC(2024, 4, 2, 13, 4, 11), role: 'customer', public: true, text: 'The router reboots every hour.' },
        { at: Date.UTC(2024, 4, 2, 13, 30), role: 'agent', public: false, text: 'Customer verified by phone' },
        { at: Date.UTC(2024, 4, 2, 15), role: 'agent', public: true, text: 'We are sending a replacement router.' },
        { at: Date.UTC(2024, 4, 3, 8), role: 'customer', public: true, text: 'Thanks, it works now!' },
      ],
    });
    expect(tickets[1].messages.map((m) => [m.role, m.text])).toEqual([
      ['customer', 'Order 5521 not arrived'],
      ['customer', 'Visitor: is it shipped?\nAgent: yes, today'],
    ]);
    const rejections = items.flatMap((i) => (i.rejection ? [i.rejection] : []));
    expect(rejections.map((r) => [r.file, r.line, r.code])).toEqual([
      [FILES[0], 5, 'filtered-deleted'],
      [FILES[1], 4, 'orphan'],
    ]);
  });

  it('reads a lone Case file without messages, and a lone child file as orphans', async () => {
    const cases = await group([FILES[0]]);
    expect(cases.filter((i) => i.ticket).map((i) => i.ticket!.messages)).toEqual([[], []]);
    const comments = await group([FILES[1]]);
    expect(comments.map((i) => i.rejection?.code)).toEqual(['orphan', 'orphan', 'orphan']);
  });

  it('recognises each object from its header, in any casing, ahead of generic-csv', () => {
    expect(FILES.map((f) => salesforceObjectOf(readFileSync(f, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',')))).toEqual([
      'Case', 'CaseComment', 'EmailMessage', 'LiveChatTranscript',
    ]);
    expect(salesforceObjectOf(['caseid', 'channeltype', 'starttime'])).toBe('MessagingSession');
    const text = readFileSync(FILES[0], 'utf8');
    expect(salesforce.detect({ file: FILES[0], text }).score - genericCsv.detect({ file: FILES[0], text }).score).toBeGreaterThan(0.1);
    expect(salesforce.detect({ file: 'g', text: 'id,created_at,subject\n1,2025-01-01,x' }).score).toBeLessThan(0.5);
  });

  it('turns 15-character ids into their 18-character form', () => {
    expect(id18('5008d00000AbCdF')).toBe('5008d00000AbCdFAAV');
    expect(id18('001000000000001')).toBe('001000000000001AAA');
    expect(id18('5008d00000AbCdEAAV')).toBe('5008d00000AbCdEAAV');
  });
});

describe('salesforce: read ∘ write', () => {
  it('is the identity on what the objects carry (customer/agent emails, comments, internal notes)', async () => {
    const ORIGIN: Record<string, string> = { other: 'other' };
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(ticketArb, { selector: (t) => t.id, maxLength: 5 }), async (tickets) => {
        const files = new Map<string, string>();
        for (const c of salesforce.write!(tickets)) files.set(c.file, (files.get(c.file) ?? '') + c.text);
        const items = await group([...files.keys()], (f) => Readable.from([Buffer.from(files.get(f)!)]));
        const back = items.map((i) => {
          if (i.rejection) throw new Error(i.rejection.reason);
          return { ...i.ticket!, source: { file: 'x', line: 0 } };
        });
        expect(back).toEqual(tickets.map((t): Ticket => ({
          ...t,
          channel: (ORIGIN[t.channel] ?? t.channel) as Ticket['channel'],
          tags: [],
          group: '',
          // Internal notes and system messages travel as CaseComments, whose authors read back as
          // agents; at equal times, comments (read first) come before emails.
          messages: t.messages
            .map((m) => ({ ...m, comment: !m.public || m.role === 'system' }))
            .sort((a, b) => a.at - b.at || Number(b.comment) - Number(a.comment))
            .map(({ comment, ...m }) => ({ ...m, role: comment ? 'agent' : m.role })),
        })));
      }),
      { numRuns: 100 },
    );
  });
});
