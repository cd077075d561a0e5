/**
 * The process's C heap (glibc's malloc), kept from holding memory nothing uses. A run's peak is
 * made of V8 heaps, which the replay and the report cap themselves, and of malloc arenas, which
 * only glibc controls: it raises its mmap threshold every time a large block is freed (up to
 * 32 MiB), after which every buffer below that size is carved from an arena, and an arena returns
 * memory only from its top, past a trim threshold that rose with it. At 1M tickets with two
 * workers the run peaked at 339-345 MiB without these calls and 275-292 MiB with them.
 *
 * The two calls that fix this have no JavaScript API, so a small addon makes them
 * (engine/native/heap-trim.c, built by `npm ci`). Without it (not built, or not glibc) both calls
 * do nothing and a run behaves the same, with a higher peak.
 *
 *   pinMallocThresholds()  at start-up: blocks of MMAP_THRESHOLD_BYTES and more are mapped on their
 *                          own and unmapped when freed, and glibc's thresholds no longer move
 *   trimMalloc()           after a phase's threads have gone: every arena's free pages back
 */

import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from './paths.js';

interface HeapTrim {
  pinThresholds(bytes: number): boolean;
  trim(): boolean;
}

/** Where engine/native/build.mjs leaves the addon. */
export function heapTrimPath(): string {
  return join(packageRoot(), 'engine', 'native', 'build', 'Release', 'heap_trim.node');
}

/**
 * Blocks this size and up are mapped apart from the arenas: the replay's 1 MiB chunks of input,
 * the id index's slot table, the report's PNG buffers. Measured at 1M tickets with two workers,
 * with the trims: the replay's peak 262-282 MiB against 275-294 unpinned (256 KiB did no better).
 */
export const MMAP_THRESHOLD_BYTES = 1 << 20;

let addon: HeapTrim | null | undefined;

function load(): HeapTrim | null {
  if (addon === undefined) {
    try {
      addon = createRequire(import.meta.url)(heapTrimPath()) as HeapTrim;
    } catch {
      addon = null;
    }
  }
  return addon;
}

/** Whether this process runs on glibc (only glibc has the knobs; elsewhere the addon does nothing). */
export function onGlibc(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return Boolean(report?.header?.glibcVersionRuntime);
}

/** Whether the addon is built and loads: `on`, or why not. */
export function heapTrimStatus(): 'on' | 'not built' | 'not glibc' {
  if (!load()) return 'not built';
  return onGlibc() ? 'on' : 'not glibc';
}

/** mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES); false when nothing was done. Call once, early. */
export function pinMallocThresholds(): boolean {
  return load()?.pinThresholds(MMAP_THRESHOLD_BYTES) ?? false;
}

/** malloc_trim(0): free pages of every arena back to the system; false when nothing was released or done. */
export function trimMalloc(): boolean {
  return load()?.trim() ?? false;
}
