import { describe, expect, it } from 'vitest';
import { htmlEscape, jsonForScript, mdEscape } from '../../reports/escape.js';

describe('htmlEscape(text)', () => {
  it('escapes the five HTML characters', () => {
    expect(htmlEscape(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });
});

describe('mdEscape(text)', () => {
  it('keeps a table cell one cell: pipes, backticks, HTML and line breaks', () => {
    expect(mdEscape('a | `b`\n<script>x</script>')).toBe('a \\| \\`b\\` &lt;script&gt;x&lt;/script&gt;');
  });

  it('defuses emphasis, links and images', () => {
    expect(mdEscape('**x** _y_ ![i](u) [l](u)')).toBe('\\*\\*x\\*\\* \\_y\\_ \\!\\[i\\](u) \\[l\\](u)');
  });

  it('stops text from opening a nested list or a heading', () => {
    expect(mdEscape('- x')).toBe('\\- x');
    expect(mdEscape('1. x')).toBe('1\\. x');
    expect(mdEscape('# x')).toBe('\\# x');
  });
});

describe('jsonForScript(value)', () => {
  it('can never close the script element it sits in, and parses back unchanged', () => {
    const value = { name: '</script><script>alert(1)</script><!--', sep: '\u2028\u2029' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/<\/script|<!--|\u2028|\u2029/i);
    expect(JSON.parse(text)).toEqual(value);
  });
});
