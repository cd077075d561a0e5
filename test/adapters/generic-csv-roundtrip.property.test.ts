import { Readable } from 'node:stream';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { genericCsv } from '../../adapters/generic-csv.js';
import type { Ticket } from '../../engine/ticket.js';
import { ticketArb } from '../helpers/ticket-arbitrary.js';

describe('generic-csv: read ∘ write', () => {
  it('is the identity on the fields a one-row-per-ticket CSV carries (no thread)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(ticketArb, { selector: (t) => t.id, maxLength: 6 }), fc.constantFrom(',', ';', '\t'), async (tickets, sep) => {
        // Writers of European Excel and "Unicode text" use ; and tab: the reader sniffs them.
        const written = [...genericCsv.write!(tickets)].map((c) => c.text).join('');
        const quote = (v: string) => (v.includes(sep) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
        const text = parse(written, { relax_column_count: true }).map((row: string[]) => row.map(quote).join(sep)).join('\n') + '\n';
        const back: Ticket[] = [];
        for await (const item of genericCsv.read(Readable.from([Buffer.from(text)]), { file: 'f', tz: 'UTC' })) {
          if (item.rejection) throw new Error(item.rejection.reason);
          back.push(item.ticket);
        }
        expect(back.map((t) => ({ ...t, source: undefined }))).toEqual(
          tickets.map((t) => {
            const first = t.messages.find((m) => m.role === 'customer' && m.public);
            const { updatedAt: _drop, ...rest } = t;
            return { ...rest, body: first ? first.text : t.body, messages: [], source: undefined };
          }),
        );
      }),
      { numRuns: 150 },
    );
  });
});
