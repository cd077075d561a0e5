import { describe, expect, it } from 'vitest';
import { ReplayError } from '../../../engine/errors.js';
import { messages } from '../../../engine/messages.js';
import { getModel, isModelName, MODELS, modelNames } from '../../../engine/pricing/index.js';

describe('the pricing model registry', () => {
  it('lists the models by their plan-file names', () => {
    expect(modelNames()).toEqual(['flex-credits', 'per-conversation', 'flat-rate', 'per-resolution', 'per-user', 'per-ticket']);
    expect(MODELS.every((m) => m.description.length > 0)).toBe(true);
    expect(isModelName('flat-rate')).toBe(true);
    expect(isModelName('per-outcome')).toBe(false);
  });

  it('finds a model by name, and names the known ones for an unknown name', () => {
    expect(getModel('per-conversation').model).toBe('per-conversation');
    expect(() => getModel('per-outcome')).toThrow(new ReplayError('CONFIG', messages.unknownModel('per-outcome', modelNames())));
  });
});
