import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { genericCsv, normalizeHeader } from '../../adapters/generic-csv.js';
import { loadMapping } from '../../adapters/mapping.js';
import { ReplayError } from '../../engine/errors.js';
import { messages } from '../../engine/messages.js';
import { readAll } from '../helpers/read-adapter.js';

const FIX = 'test/fixtures/generic-csv';

describe('generic-csv', () => {
  it('reads header variants, quoted multi-line bodies, HTML and offsets into canonical tickets', async () => {
    const { tickets, rejections } = await readAll(genericCsv, `${FIX}/tickets.csv`);
    expect(rejections).toEqual([]);
    expect(tickets.map((t) => t.id)).toEqual(['5001', '5002', '5003', '5004']);
    const [a, b, c, d] = tickets;
    expect(a).toEqual({
      id: '5001',
      createdAt: Date.UTC(2025, 2, 3, 9, 12, 44),
      solvedAt: Date.UTC(2025, 2, 3, 11, 2, 10),
      channel: 'email',
      subject: 'Where is my order #A10293?',
      body: "Hi, I ordered a blender on Feb 24 and the tracking number hasn't updated in 5 days.\nCan you check?\n\nThanks, Maria",
      tags: ['shipping', 'order'],
      status: 'solved',
      priority: 'normal',
      requester: 'maria.k@example.com',
      group: 'Logistics',
      messages: [],
      events: [],
      source: { file: `${FIX}/tickets.csv`, line: 2 },
    });
    // Multi-line record: the first spans lines 2-5, the next starts on line 6.
    expect(b.source.line).toBe(6);
    expect(b.createdAt).toBe(Date.UTC(2025, 2, 3, 14, 30));
    expect(b.solvedAt).toBeUndefined();
    expect(b.channel).toBe('chat');
    expect(c.createdAt).toBe(Date.UTC(2025, 2, 4, 7, 0));
    expect(c.channel).toBe('web');
    expect(c.body).toBe('The mug arrived broken.\nI want a refund & a new one');
    expect(d.channel).toBe('messaging');
    expect(d.body).toContain('"Urgent"');
    expect(d.tags).toEqual([]);
  });

  it('reads offset-less timestamps in --tz', async () => {
    const { tickets } = await readAll(genericCsv, `${FIX}/tickets.csv`, { tz: 'America/New_York' });
    // 2025-03-03 14:30 in New York (EST, UTC-5) is 19:30 UTC.
    expect(tickets[1].createdAt).toBe(Date.UTC(2025, 2, 3, 19, 30));
    // Values with an offset are not moved.
    expect(tickets[0].createdAt).toBe(Date.UTC(2025, 2, 3, 9, 12, 44));
  });

  it('quarantines each malformed record with file, line, id and reason, and keeps reading', async () => {
    const file = `${FIX}/bad-records.csv`;
    const { tickets, rejections, items } = await readAll(genericCsv, file);
    expect(tickets.map((t) => t.id)).toEqual(['6001', '6008']);
    expect(rejections.map((r) => [r.line, r.id, r.code])).toEqual([
      [3, '6002', 'bad-date'],
      [4, '', 'missing-id'],
      [5, '6004', 'ragged-row'],
      [6, '6005', 'bad-date'],
      [7, '6006', 'bad-date'],
      [8, '6007', 'ragged-row'],
      [10, '', 'csv-parse'],
    ]);
    expect(rejections[0].reason).toBe(messages.badDate('created_at', '2025-13-01T10:00:00Z'));
    expect(rejections[2].reason).toBe(messages.raggedRow(6, 5));
    expect(rejections.every((r) => r.file === file)).toBe(true);
    // Nothing lost: every record is a ticket or a rejection.
    expect(items.length).toBe(9);
  });

  it('applies a mapping: header names, date order, channel values and tag columns', async () => {
    const mapping = loadMapping(`${FIX}/cfpb-like.mapping.yaml`);
    const { tickets, rejections } = await readAll(genericCsv, `${FIX}/cfpb-like.csv`, { mapping });
    expect(rejections).toEqual([]);
    expect(tickets.map((t) => [t.id, t.createdAt, t.channel, t.tags, t.subject])).toEqual([
      ['9000001', Date.UTC(2025, 2, 15), 'web', ['Credit card'], 'Problem with a purchase shown on your statement'],
      ['9000002', Date.UTC(2025, 2, 16), 'phone', ['Mortgage'], 'Trouble during payment process'],
    ]);
  });

  it('fails the file, naming it, when the mapping names a column it lacks', async () => {
    const mapping = { ...loadMapping(`${FIX}/cfpb-like.mapping.yaml`), columns: { id: 'Ticket Number', created_at: 'Date received' } };
    await expect(readAll(genericCsv, `${FIX}/cfpb-like.csv`, { mapping })).rejects.toMatchObject({
      code: 'CONFIG', file: `${FIX}/cfpb-like.csv`, line: 1, field: 'id',
    });
  });

  it('fails with a sentence naming the file when there is no id column', async () => {
    const run = async () => {
      for await (const _ of genericCsv.read(Readable.from(['when,what\n2025-01-01,x\n']), { file: 'x.csv', tz: 'UTC' })) void _;
    };
    await expect(run()).rejects.toBeInstanceOf(ReplayError);
    await expect(run()).rejects.toThrow(/x\.csv:1 has no ticket id column/);
  });

  it('fails an empty file as empty', async () => {
    const run = async () => {
      for await (const _ of genericCsv.read(Readable.from(['']), { file: 'empty.csv', tz: 'UTC' })) void _;
    };
    await expect(run()).rejects.toThrow(messages.emptyInput('empty.csv'));
  });

  it('normalises header variants', () => {
    expect(['created_at', 'Created At', 'created-at', 'CreatedAt'].map(normalizeHeader)).toEqual(Array(4).fill('createdat'));
  });

  it('detects its own header and not a header without ids', () => {
    expect(genericCsv.detect({ file: 'a.csv', text: 'id,created_at,subject\n1,2025-01-01,x' }).score).toBeGreaterThanOrEqual(0.5);
    expect(genericCsv.detect({ file: 'a.csv', text: 'name,age\nx,1' }).score).toBeLessThan(0.5);
  });
});

describe('generic-csv: channel values that are Object.prototype keys (found by test/fuzz)', () => {
  const read = async (channel: string, mapping?: ReturnType<typeof loadMapping>) => {
    const items = [];
    const text = `id,created_at,channel\n1,2025-01-01T00:00:00Z,${channel}\n`;
    for await (const item of genericCsv.read(Readable.from([Buffer.from(text)]), { file: 'f.csv', tz: 'UTC', mapping })) items.push(item);
    return items.map((i) => i.ticket?.channel);
  };

  it('reads them as `other`, never as the prototype’s function or object', async () => {
    for (const channel of ['constructor', '__proto__', 'hasOwnProperty', 'toString']) expect(await read(channel)).toEqual(['other']);
  });

  it('does so with a mapping of channels too', async () => {
    const mapping = { ...loadMapping('test/fixtures/generic-csv/cfpb-like.mapping.yaml'), columns: {}, tagColumns: [], channels: { referral: 'web' as const } };
    expect(await read('constructor', mapping)).toEqual(['other']);
    expect(await read('Referral', mapping)).toEqual(['web']);
  });

  it('row readers in workers agree (rows.toItem)', () => {
    const context = genericCsv.rows!.prepare(['id', 'created_at', 'channel'], [], { file: 'f.csv', tz: 'UTC' });
    expect(genericCsv.rows!.toItem(['1', '2025-01-01T00:00:00Z', 'constructor'], 2, context).ticket?.channel).toBe('other');
  });
});
