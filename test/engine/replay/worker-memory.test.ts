import { describe, expect, it } from 'vitest';
import { defaultWorkerMemoryMb } from '../../../engine/replay/pool.js';

const GiB = 2 ** 30;

describe('defaultWorkerMemoryMb', () => {
  it('shares half the machine among the workers, between 256 and 1024 MiB each', () => {
    expect(defaultWorkerMemoryMb(2, 24 * GiB)).toBe(1024);
    expect(defaultWorkerMemoryMb(8, 8 * GiB)).toBe(512);
    expect(defaultWorkerMemoryMb(2, 1 * GiB)).toBe(256);
    expect(defaultWorkerMemoryMb(0, 4 * GiB)).toBe(1024);
  });
});
