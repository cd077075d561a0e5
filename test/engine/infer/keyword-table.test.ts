import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ReplayError } from '../../../engine/errors.js';
import { KEYWORD_TABLE_HEADER, loadKeywordTable } from '../../../engine/infer/keyword-table.js';
import { messages } from '../../../engine/messages.js';

const dir = mkdtempSync(join(tmpdir(), 'keyword-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const INTENTS = new Set(['refund', 'order-status', 'other']);

function tableFile(text: string): string {
  const file = join(dir, 'table.tsv');
  writeFileSync(file, text);
  return file;
}

type Line = { kind: 'entry'; intent: string; keyword: string; weight: number } | { kind: 'comment'; text: string } | { kind: 'blank'; text: string };

const word = fc.constantFrom('refund', 'money', 'back', 'parcel', 'late', "didn't", 'where', 'is', 'order');
const line: fc.Arbitrary<Line> = fc.oneof(
  fc.record({
    kind: fc.constant('entry' as const),
    intent: fc.constantFrom(...INTENTS),
    keyword: fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' ')),
    weight: fc.integer({ min: -40, max: 40 }).map((n) => n / 2),
  }),
  fc.record({ kind: fc.constant('comment' as const), text: fc.constantFrom('# learned', '#', '# tab\there') }),
  fc.record({ kind: fc.constant('blank' as const), text: fc.constantFrom('', ' ', '\t') }),
);

describe('loadKeywordTable', () => {
  it('reads every entry, whatever the line ends (LF or CRLF, mixed), comments, blank lines and the last line', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { maxLength: 30 }), fc.constantFrom('', '\n', '\r\n'), (lines, end) => {
        // Each intent's keyword once (a repeat is an error, tested below).
        const seen = new Set<string>();
        const kept = lines.filter(([l]) => l.kind !== 'entry' || (!seen.has(`${l.intent}\t${l.keyword}`) && seen.add(`${l.intent}\t${l.keyword}`)));
        const body = kept.map(([l, eol]) => (l.kind === 'entry' ? `${l.intent}\t${l.keyword}\t${l.weight}` : l.text) + eol).join('');
        const entries = kept.flatMap(([l]) => (l.kind === 'entry' ? [l] : []));
        const table = loadKeywordTable(tableFile(`# comment first\n${KEYWORD_TABLE_HEADER}\r\n${body.replace(/\r?\n$/, '')}${end}`), INTENTS);
        expect(table).toEqual({ intent: entries.map((e) => e.intent), keyword: entries.map((e) => e.keyword), weight: entries.map((e) => e.weight) });
      }),
      { numRuns: 200 },
    );
  });

  it('names the line of a bad entry counting every line before it, comments, blanks and CRLF ends included', () => {
    const text = ['# learned keywords', '', `${KEYWORD_TABLE_HEADER}`, 'refund\trefund\t2', '# a note', '', 'refund\tmoney back\t1', 'refund\trefund\t3'].join('\r\n');
    let error: unknown;
    try {
      loadKeywordTable(tableFile(text), INTENTS);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ReplayError);
    expect((error as ReplayError).line).toBe(8);
    expect((error as ReplayError).field).toBe('keyword');
  });

  it('quotes a bad cell without the CR of a CRLF line end', () => {
    const text = `${KEYWORD_TABLE_HEADER}\r\nrefund\trefund\tlots\r\nrefund\tlate\t1\r\n`;
    expect(() => loadKeywordTable(tableFile(text), INTENTS)).toThrow(messages.keywordTableWeight('lots', 20));
  });

  it('takes the same keyword under two intents, and refuses a file with no header', () => {
    expect(loadKeywordTable(tableFile(`${KEYWORD_TABLE_HEADER}\nrefund\tlate\t1\norder-status\tlate\t2\n`), INTENTS).intent).toEqual(['refund', 'order-status']);
    expect(() => loadKeywordTable(tableFile(''), INTENTS)).toThrow(ReplayError);
    expect(() => loadKeywordTable(tableFile('# only a comment\n'), INTENTS)).toThrow(ReplayError);
  });
});
