import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { heapTrimPath, heapTrimStatus, MMAP_THRESHOLD_BYTES, onGlibc } from '../../engine/heap.js';

const glibc = onGlibc();

/**
 * A fresh process (the allocator's state is the process's) that frees 2 MiB and 256 KiB buffers
 * between small ones it keeps, so what it freed is never at an arena's top, where free() alone
 * would give it back. Prints the resident MiB it shed by itself and after the step `mode` names.
 */
const CHILD = `
const [addonPath, mode] = process.argv.slice(1);
const addon = mode === 'none' ? null : require(addonPath);
if (mode === 'pin') addon.pinThresholds(${MMAP_THRESHOLD_BYTES});
const rss = () => process.memoryUsage.rss() / 1048576;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const collect = async () => { for (let i = 0; i < 3; i++) { gc(); await sleep(50); } };
(async () => {
  // A large block freed first: glibc then raises its mmap threshold to its size, unless pinned.
  let big = Buffer.allocUnsafeSlow(8 << 20).fill(1);
  big = null;
  await collect();
  const size = Number(process.argv[3]);
  let freed = [];
  const kept = [];
  for (let i = 0; i < 40; i++) {
    freed.push(Buffer.allocUnsafeSlow(size).fill(1));
    kept.push(Buffer.allocUnsafeSlow(64 << 10).fill(1));
  }
  const full = rss();
  freed = null;
  await collect();
  const after = rss();
  if (mode === 'trim') addon.trim();
  console.log(JSON.stringify({ byItself: full - after, total: full - rss(), kept: kept.length }));
})();
`;

function shed(mode: 'none' | 'pin' | 'trim', size: number): { byItself: number; total: number } {
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', CHILD, heapTrimPath(), mode, String(size)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { byItself: number; total: number };
}

describe('heapTrimStatus()', () => {
  it(glibc ? 'is on: npm ci built the addon, and it loads' : 'says why the heap is not trimmed here', () => {
    if (glibc) expect(heapTrimStatus()).toBe('on');
    else expect(['not built', 'not glibc']).toContain(heapTrimStatus());
  });
});

// Only glibc has these knobs (elsewhere the addon is inert, and these do not run).
describe.runIf(glibc)('the heap trimmer (engine/native/heap-trim.c)', () => {
  it('pinned thresholds map 2 MiB blocks apart, so freeing them gives their 80 MiB back at once', () => {
    // Unpinned, the freed 8 MiB block raised the threshold: the 2 MiB blocks came from the arena and stay.
    expect(shed('none', 2 << 20).byItself).toBeLessThan(20);
    expect(shed('pin', 2 << 20).byItself).toBeGreaterThan(60);
  });

  it('trim gives back the free pages in the middle of an arena', () => {
    // 40 blocks of 256 KiB (10 MiB) freed between 64 KiB ones that are kept: free() alone keeps them.
    expect(shed('none', 256 << 10).total).toBeLessThan(4);
    expect(shed('trim', 256 << 10).total).toBeGreaterThan(7);
  });
});
