/**
 * Limits on hostile input: how big a CSV field or record, how deep a JSON record, how slow a
 * playbook pattern may be. Every limit is enforced where the input is read, names itself and the
 * option that raises it, and turns a record over it into a rejection (a header or a
 * configuration file over it is a fatal error), so one bad record never costs the run.
 *
 * The defaults sit far above what real exports hold and far below what hurts:
 * - a field of 4 MiB: the longest text fields helpdesks store are an e-mail body with its HTML
 *   (Zendesk keeps comments up to 64 KB of text; Salesforce long text areas hold 131,072
 *   characters, at most 512 KiB of UTF-8); 4 MiB is eight times that, and a worker parses a
 *   field of that size in milliseconds;
 * - a record of 16 MiB: a CSV record is a ticket's fields together, an NDJSON line a whole ticket
 *   with its comments (Zendesk's full export writes lines up to about 1 MB); the framer holds at
 *   most one chunk plus one record of this size, so memory stays bounded;
 * - a JSON nesting depth of 64: vendor tickets nest 5 to 8 levels (ticket → comments → comment →
 *   via → source → from); 64 leaves room for custom fields, and a record is never walked deeper;
 * - 200 ms for a user's playbook pattern on one probe text: the built-in patterns take
 *   microseconds on a 4,000-character text, a thousand times less; a pattern that backtracks
 *   catastrophically takes seconds to years.
 *
 * Over 400 lines because each limit's enforcement that is not a reader's own (the sizes, the
 * JSON and configuration depth scans, the pattern probe) is kept with the limit it enforces.
 */

import { Worker } from 'node:worker_threads';

export interface Limits {
  /** `--max-field-size`: the largest CSV field, in UTF-8 bytes. */
  maxFieldBytes: number;
  /**
   * `--max-record-size`: the largest record, in bytes up to its line break (a CR before the LF not
   * counted): a CSV record (its fields with their quotes and delimiters), an NDJSON line.
   */
  maxRecordBytes: number;
  /** `--max-depth`: the deepest nesting of arrays and objects in a JSON record (`{}` is 1). */
  maxDepth: number;
  /** `--regex-timeout`: how long one of a user playbook's patterns may take on one probe text (ms). */
  regexTimeoutMs: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFieldBytes: 4 * MiB,
  maxRecordBytes: 16 * MiB,
  maxDepth: 64,
  regexTimeoutMs: 200,
});

/** The option that raises each limit (every message about a limit names it). */
export const LIMIT_OPTIONS: Readonly<Record<keyof Limits, string>> = Object.freeze({
  maxFieldBytes: '--max-field-size',
  maxRecordBytes: '--max-record-size',
  maxDepth: '--max-depth',
  regexTimeoutMs: '--regex-timeout',
});

/**
 * Sizes above this cannot be honoured: a JavaScript string holds at most about 2^29 characters,
 * and a record is one string when it is parsed.
 */
export const MAX_SIZE_LIMIT = GiB;

/** Nesting of configuration files (plans, playbooks, mappings, scenarios): fixed, they need fewer than 10 levels. */
export const CONFIG_MAX_DEPTH = 64;

const UNITS: Record<string, number> = {
  '': 1, b: 1,
  k: KiB, kib: KiB, kb: 1000,
  m: MiB, mib: MiB, mb: 1000 ** 2,
  g: GiB, gib: GiB, gb: 1000 ** 3,
};

/**
 * A byte size as users write it: a whole number of bytes, or a number with a unit (`KiB`, `MiB`,
 * `GiB`, or `k`, `M`, `G`, in powers of 1024; `KB`, `MB`, `GB` in powers of 1000; any case).
 * Undefined when the text is not one, or is below 1 byte or above MAX_SIZE_LIMIT.
 *
 * @example parseByteSize('4MiB') // 4194304
 * @example parseByteSize('16MB') // 16000000
 * @example parseByteSize('1.5k') // 1536
 */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  const bytes = Math.floor(Number(m[1]) * unit);
  return bytes >= 1 && bytes <= MAX_SIZE_LIMIT ? bytes : undefined;
}

/**
 * A size for messages: whole units when exact (`4 MiB`), else one decimal (`20.0 MiB`); small
 * sizes in bytes.
 *
 * @example formatBytes(4 * 1024 * 1024) // '4 MiB'
 * @example formatBytes(20_000_000) // '19.1 MiB'
 * @example formatBytes(512) // '512 bytes'
 */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [['GiB', GiB], ['MiB', MiB], ['KiB', KiB]] as const) {
    if (bytes < size) continue;
    return bytes % size === 0 ? `${bytes / size} ${unit}` : `${(bytes / size).toFixed(1)} ${unit}`;
  }
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** Limits from the CLI's flags (commander's names), defaults for the ones not given. */
export function limitsFromFlags(flags: { maxFieldSize?: number; maxRecordSize?: number; maxDepth?: number; regexTimeout?: number }): Limits {
  return {
    maxFieldBytes: flags.maxFieldSize ?? DEFAULT_LIMITS.maxFieldBytes,
    maxRecordBytes: flags.maxRecordSize ?? DEFAULT_LIMITS.maxRecordBytes,
    maxDepth: flags.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    regexTimeoutMs: flags.regexTimeout ?? DEFAULT_LIMITS.regexTimeoutMs,
  };
}

/**
 * The UTF-8 length of `text`, or of `text.slice(start, end)`, counted only when it could exceed
 * `limit` (a UTF-16 unit is at most 3 UTF-8 bytes), so the common short text costs a comparison.
 * Below `limit` the answer is only known to be at most `limit`.
 */
export function utf8LengthOver(text: string, limit: number, start = 0, end = text.length): number | undefined {
  if ((end - start) * 3 <= limit) return undefined;
  const bytes = Buffer.byteLength(start === 0 && end === text.length ? text : text.slice(start, end), 'utf8');
  return bytes > limit ? bytes : undefined;
}

/**
 * Whether a parsed JSON value nests arrays and objects more than `max` levels (a scalar is 0,
 * `[]` and `{}` are 1). Iterative, and it stops at the first path deeper than `max`: neither the
 * walk nor a hostile value can overflow the stack.
 */
export function deeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const values: unknown[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const v = values.pop() as Record<string, unknown>;
    const depth = depths.pop()!;
    if (depth > max) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/**
 * Whether JSON text nests arrays and objects more than `max` levels, read from the text before it
 * is parsed: a line of sixteen million `[` takes JSON.parse seconds and half a GiB to build.
 * Brackets inside strings do not count; on invalid JSON the answer only bounds the depth.
 */
export function jsonTextDeeperThan(text: string, max: number): boolean {
  // Most records open fewer brackets than the limit: two native counts settle them.
  let opened = 0;
  for (const open of ['[', '{']) for (let at = text.indexOf(open); at !== -1 && opened <= max; at = text.indexOf(open, at + 1)) opened++;
  if (opened <= max) return false;
  let depth = 0;
  for (let i = 0, n = text.length; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Jump to the closing quote: one not escaped by an odd run of backslashes.
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j === -1) return false;
        let b = j - 1;
        while (text.charCodeAt(b) === 0x5c) b--;
        if ((j - 1 - b) % 2 === 0) break;
      }
      i = j;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * The line where a YAML (or JSON) text first nests lists and maps deeper than `max`, told from
 * the text before a YAML parser sees it: the `yaml` library recurses once per level, and a few
 * thousand levels exhaust its stack or its memory (a 5,000-deep flow list aborts the process).
 * An over-estimate, never an under-estimate, of the nesting of any text the parser accepts:
 * flow collections (`[`, `{` where a value starts, any inside a flow collection) count one
 * each; a block line counts twice its indentation levels (a sequence may sit at its key's
 * indentation) plus its `- ` entries. Quoted scalars, comments and block scalars (`|`, `>`)
 * do not count. Undefined when the text stays within `max`.
 */
export function configDepthOver(text: string, max: number): number | undefined {
  const indents: number[] = []; // indentation of the open block levels
  let line = 1;
  let flow = 0;
  let block = 0; // the current line's block depth (twice its levels, plus its dashes)
  let valueStart = true;
  let quote = '';
  let afterQuote = false; // the last token was a quoted scalar (a JSON-like key may take its ':' at once)
  let scalarParent = -1; // a block scalar's parent indentation, while one is being skipped
  let scalarIndent = -1; // and the indentation of its content, once its first line says
  const n = text.length;
  const space = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
  let i = 0;
  /** At the start of a line outside flow collections: skips a block scalar's lines, then sets the line's block depth (true when over `max`). */
  const startLine = (): boolean => {
    for (;;) {
      let indent = 0;
      while (text[i + indent] === ' ') indent++;
      const rest = text[i + indent];
      const blank = rest === undefined || rest === '\n' || rest === '\r';
      if (scalarParent >= 0) {
        if (scalarIndent < 0 && !blank) scalarIndent = indent > scalarParent ? indent : Infinity;
        if (blank || indent >= scalarIndent) {
          // A line of the block scalar's text: skipped whole.
          const end = text.indexOf('\n', i);
          if (end === -1) {
            i = n;
            return false;
          }
          i = end + 1;
          line++;
          continue;
        }
        scalarParent = scalarIndent = -1;
      }
      if (!blank && rest !== '#') {
        while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
        block = 2 * indents.length;
      }
      i += indent;
      valueStart = true;
      return block > max;
    }
  };
  if (startLine()) return line;
  while (i < n) {
    const c = text[i];
    if (quote) {
      if (c === '\n') line++;
      else if (quote === '"' && c === '\\') i++;
      else if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else {
          quote = '';
          valueStart = false;
          afterQuote = true;
        }
      }
      i++;
      continue;
    }
    if (c === '\n') {
      // Inside a flow collection a line break is only space: whatever started, goes on.
      line++;
      i++;
      if (flow === 0 && startLine()) return line;
      continue;
    }
    if (c === '#' && (i === 0 || space(text[i - 1]))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end;
      continue;
    }
    if (space(c)) {
      i++;
      continue;
    }
    const quoted = afterQuote;
    afterQuote = false;
    if (valueStart && (c === '"' || c === "'")) {
      quote = c;
      i++;
      continue;
    }
    if (valueStart && (c === '&' || c === '!')) {
      // An anchor or a tag comes before its value: the value still starts after it.
      while (i < n && !space(text[i])) i++;
      continue;
    }
    if ((c === '[' || c === '{') && (flow > 0 || valueStart)) {
      flow++;
      if (block + flow > max) return line;
      valueStart = true;
      i++;
      continue;
    }
    if (flow > 0) {
      if (c === ']' || c === '}') flow--;
      // A value starts after a ',' and after a ':' that ends a key (a ':' inside a plain scalar does not).
      valueStart = c === ',' || (c === ':' && (quoted || space(text[i + 1])));
      i++;
      continue;
    }
    if (valueStart && (c === '-' || c === '?') && space(text[i + 1])) {
      if (++block > max) return line;
      i++;
      continue;
    }
    if (c === ':' && space(text[i + 1])) {
      valueStart = true;
      i++;
      continue;
    }
    if (valueStart && (c === '|' || c === '>')) {
      scalarParent = indents.length > 0 ? indents[indents.length - 1] : 0;
      scalarIndent = -1;
      const end = text.indexOf('\n', i);
      if (end === -1) return undefined;
      i = end + 1;
      line++;
      if (startLine()) return line;
      continue;
    }
    valueStart = false;
    i++;
  }
  return undefined;
}

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
