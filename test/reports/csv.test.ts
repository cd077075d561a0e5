import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, neutralizeFormula } from '../../reports/csv.js';
import { tableToCsv } from '../../reports/tables.js';

describe('neutralizeFormula(text)', () => {
  it.each(['=1+1', '+1 555', '-A1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil.example","x")'])('defuses %j', (text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
  });

  it.each(['-12', '-0.5', '-.5', '-1e-3', 'plain', '', "'already"])('leaves %j alone', (text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });
});

describe('csvCell(value) and csvRow(cells)', () => {
  it('quotes delimiters, quotes and line breaks', () => {
    expect(csvRow(['a,b', 'say "hi"', 'two\nlines', 'cr\rx', 'plain'])).toBe('"a,b","say ""hi""","two\nlines","cr\rx",plain\n');
  });

  it('writes numbers, booleans and empty cells as they are, negative numbers included', () => {
    expect(csvRow([-3, 0.5, true, null, undefined, ''])).toBe('-3,0.5,true,,,\n');
  });

  it('defuses a formula and then quotes it', () => {
    expect(csvCell('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
  });
});

describe('tableToCsv(table, format)', () => {
  it('writes the same cells as csvRow', () => {
    const rows = [['=cmd', 'a,b', -2, '-2', 'x"y', null]];
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const table = aq.table(Object.fromEntries(names.map((n, i) => [n, rows.map((r) => r[i])])), names);
    expect(tableToCsv(table)).toBe(csvRow(names) + csvRow(rows[0]));
  });

  it('applies a column format before defusing', () => {
    const table = aq.table({ usd: [1.5], name: ['x'] });
    expect(tableToCsv(table, { usd: (v) => (v as number).toFixed(2), name: () => '+x' })).toBe("usd,name\n1.50,'+x\n");
  });
});
