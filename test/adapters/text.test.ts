import { describe, expect, it } from 'vitest';
import { dropQuotedHistory, htmlToText, plainText, splitTags } from '../../adapters/text.js';

describe('htmlToText', () => {
  it('drops tags and scripts, keeps block breaks, decodes entities', () => {
    expect(htmlToText('<p>Hi&nbsp;there</p><p>Order <b>#12</b> &amp; &#x2713; &#233;</p><script>alert(1)</script>')).toBe('Hi there\nOrder #12 & ✓ é');
  });

  it('passes plain text through untouched', () => {
    const text = 'a < b and c > d';
    expect(htmlToText(text)).toBe(text);
  });
});

describe('dropQuotedHistory', () => {
  it('drops what an email reply quotes, and mobile signatures', () => {
    expect(dropQuotedHistory('Still broken.\n\nOn Mon, 3 Mar 2025, Support <s@x.com> wrote:\n> Try resetting')).toBe('Still broken.');
    expect(dropQuotedHistory('Thanks!\n\nSent from my iPhone')).toBe('Thanks!');
    expect(dropQuotedHistory('Ok\n-----Original Message-----\nFrom: Support')).toBe('Ok');
  });

  it('never empties a message that is only a quote', () => {
    expect(dropQuotedHistory('> where is my order')).toBe('> where is my order');
  });
});

describe('plainText', () => {
  it('is HTML to text, then the quoted history dropped', () => {
    expect(plainText('<div>Refund please</div><div>On Tue, Jane wrote:</div><blockquote>old</blockquote>')).toBe('Refund please');
  });
});

describe('splitTags', () => {
  it('splits on ; , and spaces', () => {
    expect(splitTags('vip; billing,late  delivery')).toEqual(['vip', 'billing', 'late', 'delivery']);
  });
});
