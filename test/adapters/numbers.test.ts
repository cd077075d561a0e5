import { describe, expect, it } from 'vitest';
import { parseCount } from '../../adapters/numbers.js';

describe('parseCount', () => {
  it.each([
    ['3', 3], ['1,234', 1234], ['1.234', 1234], ['1 234', 1234], ['12,0', 12], ['2,5', 3], ['1.234,5', 1235], ['1,234.5', 1235], ['', undefined], ['n/a', undefined], ['-', undefined], ['-2', null], ['NaN', null], ['three', null], ['1e400', null], ['0x10', null], ['Infinity', null],
  ])('reads %j as %j', (text, expected) => {
    expect(parseCount(text)).toBe(expected);
  });
});
