import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { GENERIC_COLUMNS, toGenericCsvRow, writeGenericCsvHeader } from '../../../adapters/generic-csv-format.js';
import { fill, generateTickets } from '../../../engine/generate/tickets.js';
import { INTENT_IDS, INTENT_TEXTS } from '../../../engine/generate/texts.js';
import type { Ticket } from '../../../engine/ticket.js';

const DAY = 86_400_000;
const SAMPLE = new URL('../../../datasets/sample/tickets.csv', import.meta.url);

const year = [...generateTickets({ seed: 1, tickets: 5000 })];
const month = (t: Ticket) => new Date(t.createdAt).toISOString().slice(0, 7);
/** The intent a ticket was generated from: each intent's first tag is unique and always set. */
const intentOf = new Map(INTENT_TEXTS.map((i) => [i.tags[0], i]));
const share = (n: number) => n / year.length;

describe('generateTickets: determinism and shape', () => {
  it('gives identical tickets for the same seed and different ones for another seed', () => {
    const a = [...generateTickets({ seed: 7, tickets: 300 })];
    expect([...generateTickets({ seed: 7, tickets: 300 })]).toEqual(a);
    expect(JSON.stringify([...generateTickets({ seed: 1, tickets: 5000 })])).toBe(JSON.stringify(year));
    const b = [...generateTickets({ seed: 8, tickets: 300 })];
    expect(b.map((t) => t.body)).not.toEqual(a.map((t) => t.body));
    expect(b.map((t) => t.createdAt)).not.toEqual(a.map((t) => t.createdAt));
  });

  it('yields exactly the asked count, ids increasing from 100001, in createdAt order', () => {
    expect([...generateTickets({ seed: 1, tickets: 0 })]).toEqual([]);
    expect([...generateTickets({ seed: 1, tickets: 1 })].map((t) => t.id)).toEqual(['100001']);
    const some = [...generateTickets({ seed: 3, tickets: 137 })];
    expect(some).toHaveLength(137);
    expect(some.map((t) => t.id)).toEqual(some.map((_, i) => String(100001 + i)));
    expect(year).toHaveLength(5000);
    for (let i = 1; i < year.length; i++) expect(year[i].createdAt).toBeGreaterThanOrEqual(year[i - 1].createdAt);
  });

  it('rejects options it cannot honour', () => {
    expect(() => [...generateTickets({ seed: 1, tickets: 1, start: '2025-01-15' })]).toThrow(RangeError);
    expect(() => [...generateTickets({ seed: 1, tickets: -1 })]).toThrow(RangeError);
    expect(() => [...generateTickets({ seed: 1, tickets: 1, months: 0 })]).toThrow(RangeError);
  });

  it('fills every slot and throws on an unknown one', () => {
    const texts = year.flatMap((t) => [t.subject, t.body, ...t.messages.map((m) => m.text)]);
    expect(texts.filter((s) => /\{\w+\}/.test(s))).toEqual([]);
    expect(fill('a {product} for {first}', { product: 'Aero 300', first: 'Ann' })).toBe('an Aero 300 for Ann');
    expect(() => fill('{nope}', {})).toThrow('unknown slot {nope}');
  });
});

describe('generateTickets: volume over time', () => {
  const perMonth = new Map<string, number>();
  for (const t of year) perMonth.set(month(t), (perMonth.get(month(t)) ?? 0) + 1);

  it('spans the 12 months from 2025-01 by default, every month populated', () => {
    expect([...perMonth.keys()]).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
  });

  it('makes November the surge month, ~1.8x its neighbours', () => {
    const nov = perMonth.get('2025-11')!;
    expect(nov / perMonth.get('2025-10')!).toBeGreaterThan(1.5);
    expect(nov / perMonth.get('2025-12')!).toBeGreaterThan(1.4);
  });

  it('trends mildly upward: the second half outweighs the first, surge aside', () => {
    const sum = (ms: string[]) => ms.reduce((s, m) => s + perMonth.get(m)!, 0);
    expect(sum(['2025-07', '2025-08', '2025-09', '2025-10'])).toBeGreaterThan(sum(['2025-01', '2025-02', '2025-03', '2025-04']));
  });

  it('honours start, months and an out-of-range surge month', () => {
    const q = [...generateTickets({ seed: 2, tickets: 900, start: '2024-06-01', months: 3, surgeMonth: 99 })];
    const counts = ['2024-06', '2024-07', '2024-08'].map((m) => q.filter((t) => month(t) === m).length);
    expect(counts.reduce((a, b) => a + b)).toBe(900);
    expect(Math.max(...counts) / Math.min(...counts)).toBeLessThan(1.3);
    const surged = [...generateTickets({ seed: 2, tickets: 900, start: '2024-06-01', months: 3, surgeMonth: 1 })];
    expect(surged.filter((t) => month(t) === '2024-07').length).toBeGreaterThan(400);
  });

  it('runs weekends at roughly 40% of weekday volume, and mostly in business hours', () => {
    const perDay = new Map<number, number>();
    for (const t of year) perDay.set(Math.floor(t.createdAt / DAY), (perDay.get(Math.floor(t.createdAt / DAY)) ?? 0) + 1);
    const mean = (weekend: boolean) => {
      const days = [...perDay].filter(([d]) => [0, 6].includes(new Date(d * DAY).getUTCDay()) === weekend);
      return days.reduce((s, [, n]) => s + n, 0) / days.length;
    };
    expect(mean(true) / mean(false)).toBeGreaterThan(0.3);
    expect(mean(true) / mean(false)).toBeLessThan(0.55);
    const office = year.filter((t) => new Date(t.createdAt).getUTCHours() >= 8 && new Date(t.createdAt).getUTCHours() < 18);
    expect(share(office.length)).toBeGreaterThan(0.6);
  });
});

describe('generateTickets: mixes', () => {
  it('covers every intent at its share, order-status the most common, escalations rare', () => {
    expect(intentOf.size).toBe(INTENT_IDS.length);
    expect(INTENT_TEXTS.reduce((s, i) => s + i.share, 0)).toBe(100);
    const counts = new Map<string, number>();
    for (const t of year) counts.set(intentOf.get(t.tags[0])!.id, (counts.get(intentOf.get(t.tags[0])!.id) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...INTENT_IDS].sort());
    expect(share(counts.get('order-status')!)).toBeGreaterThan(0.17);
    expect(share(counts.get('order-status')!)).toBeLessThan(0.23);
    expect(share(counts.get('complaint-escalation')!)).toBeGreaterThan(0.01);
    expect(share(counts.get('complaint-escalation')!)).toBeLessThan(0.035);
  });

  it('routes each intent to its group, and mixes channels as specified', () => {
    for (const t of year) expect(t.group).toBe(intentOf.get(t.tags[0])!.group);
    const channel = (c: string) => share(year.filter((t) => t.channel === c).length);
    expect(channel('email')).toBeGreaterThan(0.41);
    expect(channel('email')).toBeLessThan(0.49);
    expect(channel('chat')).toBeGreaterThan(0.21);
    expect(channel('social')).toBeGreaterThan(0.005);
    expect(channel('social')).toBeLessThan(0.04);
  });

  it('mostly solves or closes, with all four priorities and some vip tags', () => {
    expect(share(year.filter((t) => t.status === 'solved' || t.status === 'closed').length)).toBeGreaterThan(0.9);
    expect(new Set(year.map((t) => t.priority))).toEqual(new Set(['low', 'normal', 'high', 'urgent']));
    expect(year.some((t) => t.tags.includes('vip'))).toBe(true);
    for (const t of year) expect(t.requester).toMatch(/^[a-z0-9._]+@[a-z]+\.[a-z]+$/);
  });
});

describe('generateTickets: threads', () => {
  const customerTurns = (t: Ticket) => t.messages.filter((m) => m.role === 'customer' && m.public);

  it('opens with the body at createdAt and keeps messages in time order, whole seconds', () => {
    for (const t of year) {
      expect(t.messages[0]).toEqual({ at: t.createdAt, role: 'customer', public: true, text: t.body });
      for (let i = 1; i < t.messages.length; i++) expect(t.messages[i].at).toBeGreaterThan(t.messages[i - 1].at);
      for (const m of t.messages) expect(m.at % 1000).toBe(0);
      if (t.status === 'solved' || t.status === 'closed') expect(t.solvedAt).toBeGreaterThan(t.messages.at(-1)!.at);
      else expect(t.solvedAt).toBeUndefined();
    }
  });

  it('has 1-4 customer turns, some more than 24 h apart, and occasional internal notes', () => {
    const turns = year.map((t) => customerTurns(t).length);
    expect(Math.min(...turns)).toBe(1);
    expect(Math.max(...turns)).toBe(4);
    const multiWindow = year.filter((t) => customerTurns(t).some((m, i, all) => i > 0 && m.at - all[i - 1].at > DAY));
    expect(share(multiWindow.length)).toBeGreaterThan(0.05);
    const notes = year.filter((t) => t.messages.some((m) => !m.public && m.role === 'agent'));
    expect(share(notes.length)).toBeGreaterThan(0.05);
    expect(share(notes.length)).toBeLessThan(0.2);
  });

  it('writes like customers: signatures, quoted replies, voicemails and social handles', () => {
    const bodies = year.map((t) => t.body);
    expect(bodies.some((b) => b.includes('Sent from my iPhone'))).toBe(true);
    expect(year.some((t) => t.messages.some((m) => /\nOn \w{3}, \w{3} \d+, \d{4} at .* wrote:\n> /.test(m.text)))).toBe(true);
    expect(bodies.some((b) => b.startsWith('Voicemail from '))).toBe(true);
    expect(bodies.some((b) => b.startsWith('@BrightwellHelp '))).toBe(true);
    expect(bodies.some((b) => /#A\d{5}/.test(b))).toBe(true);
  });
});

describe('datasets/sample/tickets.csv', () => {
  const text = readFileSync(SAMPLE, 'utf8');

  it('is exactly what `generate --tickets 5000 --seed 1 --months 12` writes', () => {
    expect(text).toBe(writeGenericCsvHeader() + year.map(toGenericCsvRow).join(''));
  });

  it('parses into 5,000 rows with unique ids and the generic-csv header', () => {
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5000);
    expect(Object.keys(rows[0])).toEqual([...GENERIC_COLUMNS]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5000);
  });
});
