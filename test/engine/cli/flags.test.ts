import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { surge } from '../../../engine/cli/flags.js';
import { messages } from '../../../engine/messages.js';

describe('--surge <probability>:<size>', () => {
  const parse = surge('--surge');

  it('reads a chance per month and a volume multiplier', () => {
    expect(parse('0.1:1.5')).toEqual({ probability: 0.1, size: 1.5 });
    expect(parse(' 1 : 2 ')).toEqual({ probability: 1, size: 2 });
    expect(parse('0:1')).toEqual({ probability: 0, size: 1 });
  });

  it('refuses anything else with one sentence naming the flag and the value', () => {
    for (const bad of ['0.1', '1.5:0.1', '-0.1:2', '0.1:0.5', 'often:big', '0.1:1000']) {
      expect(() => parse(bad), bad).toThrow(InvalidArgumentError);
      expect(() => parse(bad), bad).toThrow(messages.badSurge('--surge', bad));
    }
  });
});
