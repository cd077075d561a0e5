import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dropQuotedHistory, htmlToText, isJsSpace, plainText, QUOTE_HINT, QUOTE_START, splitTags } from '../../adapters/text.js';

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
    expect(splitTags('')).toEqual([]);
    expect(splitTags(' ;, ')).toEqual([]);
    expect(splitTags('a\u00a0b\u3000c\ufeffd\u200be')).toEqual(['a', 'b', 'c', 'd\u200be']);
  });

  it('gives what splitting on the pattern, trimming and dropping empties gives', () => {
    const plain = (value: string) => (value ? value.split(/[;,]|\s+/).map((t) => t.trim()).filter(Boolean) : []);
    // Every code unit \s takes for a space, the separators, a zero-width space (not one) and letters.
    const spaces = [...Array(0x10000).keys()].filter((c) => /\s/.test(String.fromCharCode(c))).map((c) => String.fromCharCode(c));
    expect(spaces.every((s) => isJsSpace(s.charCodeAt(0)))).toBe(true);
    expect([...Array(0x10000).keys()].filter((c) => isJsSpace(c)).length).toBe(spaces.length);
    const unit = fc.oneof(fc.constantFrom(...spaces, ';', ',', '\u200b', 'a', 'b', '_'), fc.string({ unit: 'binary', maxLength: 2 }));
    fc.assert(fc.property(fc.array(unit, { maxLength: 20 }).map((u) => u.join('')), (value) => {
      expect(splitTags(value)).toEqual(plain(value));
    }), { numRuns: 2000 });
  });
});

describe('the quick checks before the regexes', () => {
  it('give what the regexes alone give, on texts made of the characters that matter', () => {
    const piece = fc.constantFrom('a', ' ', '\n', '<', '>', '&', ';', 'b', 'p', '/', 'amp', 'On Mon, Ann wrote:', '--', '-- ', 'From: x', 'Sent: y', '-----Original Message-----', 'sent from my iPhone', 'wrote', 'from', '-');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((p) => p.join('')), (text) => {
        // The quick checks only ever skip work the regexes would have found nothing in.
        if (!QUOTE_HINT.test(text)) expect(text.search(QUOTE_START)).toBe(-1);
        if (text.indexOf('<') === -1 && text.indexOf('&') === -1) expect(/<[a-z!/]|&[#a-z0-9]+;/i.test(text)).toBe(false);
        expect(typeof plainText(text)).toBe('string');
      }),
      { seed: 21, numRuns: 2000 },
    );
  });
});

describe('htmlToText: entity names that are Object.prototype keys (found by test/fuzz)', () => {
  it('leaves &constructor; as written instead of inserting a function’s source', () => {
    expect(htmlToText('a &constructor; b')).toBe('a &constructor; b');
    expect(htmlToText('<p>&constructor;&amp;</p>')).toBe('&constructor;&');
  });
});
