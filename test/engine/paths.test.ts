import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compiledSibling, packageRoot } from '../../engine/paths.js';

describe('compiledSibling', () => {
  it('is beside a built caller', () => {
    const caller = pathToFileURL(join(packageRoot(), 'dist', 'engine', 'replay', 'pool.js')).href;
    expect(compiledSibling(caller, 'worker.js')).toBe(join(packageRoot(), 'dist', 'engine', 'replay', 'worker.js'));
  });

  it('is in dist/ for a caller running from source, and must have been built', () => {
    const caller = pathToFileURL(join(packageRoot(), 'engine', 'config-thread.ts')).href;
    expect(compiledSibling(caller, 'config-worker.js')).toBe(join(packageRoot(), 'dist', 'engine', 'config-worker.js'));
    expect(() => compiledSibling(caller, 'no-such-worker.js')).toThrow(/no-such-worker\.js is missing: run `npm run build`/);
  });
});
