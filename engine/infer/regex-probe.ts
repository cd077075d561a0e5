/**
 * The regex timeout (`--regex-timeout`, engine/limits.ts): a user playbook's patterns timed on
 * adversarial texts in a worker thread that is killed at the deadline, since a JavaScript regex
 * cannot be interrupted. engine/infer/playbook.ts calls slowPattern when it loads a user file.
 */

import { Worker } from 'node:worker_threads';

/** The longest probe text: a long e-mail. Exponential backtracking shows long before; a pattern quadratic in the text passes. */
export const PROBE_MAX_CHARS = 4096;
const PROBE_LENGTHS = [16, 32, 64, 512, PROBE_MAX_CHARS];

/**
 * Adversarial texts for a pattern: runs of the characters it spells (a class or an escape by
 * one character it matches), alone, cycled and spaced, each ended by a character it does not
 * spell, so that the text almost matches and a backtracking matcher tries every way to split it.
 * Lower-cased, as the texts patterns see are (engine/infer/compile.ts normalizeText).
 *
 * @example probeTexts('(a|aa)*b', 16)[0] // 'aaaaaaaaaaaaaaaa!'
 */
export function probeTexts(source: string, maxChars = PROBE_MAX_CHARS): string[] {
  const spelled = new Set<string>();
  const escapes: Record<string, string> = { w: 'a', d: '1', s: ' ', W: '!', D: 'a', S: 'a', n: '\n', t: '\t' };
  for (let i = 0; i < source.length && spelled.size < 6; i++) {
    const c = source[i];
    if (c === '\\') {
      const e = source[++i] ?? '';
      if (e === 'b' || e === 'B' || /[1-9kpu]/.test(e)) continue;
      spelled.add(escapes[e] ?? e.toLowerCase());
    } else if (c === '[') {
      // A class: the first character it names (or one a negated class lets through).
      const negated = source[i + 1] === '^';
      const end = source.indexOf(']', i + 2);
      const body = source.slice(i + (negated ? 2 : 1), end === -1 ? undefined : end);
      spelled.add(negated ? ['a', '1', ' ', 'x'].find((x) => !body.includes(x)) ?? 'a' : body[0] === '\\' ? (escapes[body[1]] ?? body[1] ?? 'a') : (body[0] ?? 'a').toLowerCase());
      if (end !== -1) i = end;
    } else if (c === '.') spelled.add('a');
    else if (!'()|*+?{}^$,:=!<>0123456789'.includes(c) || /[0-9]/.test(c)) spelled.add(c.toLowerCase());
  }
  const chars = spelled.size > 0 ? [...spelled] : ['a'];
  const tail = ['!', '§', '\u0001'].find((t) => !spelled.has(t))!;
  const texts: string[] = [];
  for (const n of PROBE_LENGTHS.filter((length) => length <= maxChars)) {
    const run = (unit: string) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n) + tail;
    for (const c of chars) texts.push(run(c), run(`${c} `));
    if (chars.length > 1) texts.push(run(chars.join('')));
    texts.push(run(tail));
  }
  return texts;
}

/** The worker that runs the probes: tiny, no imports but worker_threads, patterns and texts in workerData. */
const PROBE_WORKER = `
const { workerData } = require('node:worker_threads');
const { patterns, texts, shared } = workerData;
const state = new Int32Array(shared);
const signal = () => { Atomics.add(state, 0, 1); Atomics.notify(state, 0); };
signal();
for (let i = 0; i < patterns.length; i++) {
  let re;
  try { re = new RegExp(patterns[i].source, patterns[i].flags); } catch { continue; }
  for (const text of texts[i]) {
    Atomics.store(state, 1, i);
    Atomics.store(state, 2, text.length);
    re.test(text);
    signal();
  }
}
Atomics.store(state, 3, 1);
signal();
`;

/** How long a probe worker may take to start before the probe is given up (it never refuses a pattern on that). */
const PROBE_BOOT_MS = 10_000;

/**
 * The first pattern that takes longer than `timeoutMs` on one of its probe texts (probeTexts),
 * with that text's length; undefined when none does. A JavaScript regex cannot be interrupted,
 * so the probes run in a worker thread that this (synchronous) call waits on, and that is
 * terminated at the deadline. The deadline is wall time, which a starved thread can overrun: a
 * pattern is only refused when its probes overrun it twice, the second time in a fresh worker.
 * A worker that does not start is no evidence against a pattern.
 */
export function slowPattern(patterns: { source: string; flags: string }[], timeoutMs: number, maxChars = PROBE_MAX_CHARS): { index: number; chars: number } | undefined {
  for (let start = 0; start < patterns.length; ) {
    const first = runProbes(patterns.slice(start), timeoutMs, maxChars);
    if (!first) return undefined;
    const index = start + first.index;
    const again = runProbes([patterns[index]], timeoutMs, maxChars);
    if (again) return { index, chars: again.chars };
    start = index + 1;
  }
  return undefined;
}

/** One worker's run of the probes: the first that overran the deadline, or undefined. */
function runProbes(patterns: { source: string; flags: string }[], timeoutMs: number, maxChars: number): { index: number; chars: number } | undefined {
  const shared = new SharedArrayBuffer(16);
  const state = new Int32Array(shared);
  const texts = patterns.map((p) => probeTexts(p.source, maxChars));
  const worker = new Worker(PROBE_WORKER, { eval: true, workerData: { patterns, texts, shared } });
  worker.unref();
  worker.on('error', () => {}); // a worker that fails is given up below, not thrown
  try {
    if (Atomics.wait(state, 0, 0, PROBE_BOOT_MS) === 'timed-out') return undefined;
    for (let seen = Atomics.load(state, 0); Atomics.load(state, 3) === 0; seen = Atomics.load(state, 0)) {
      if (Atomics.wait(state, 0, seen, timeoutMs) === 'timed-out') return { index: Atomics.load(state, 1), chars: Atomics.load(state, 2) };
    }
    return undefined;
  } finally {
    void worker.terminate();
  }
}
