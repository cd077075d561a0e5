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
 * The sizes and the JSON and configuration depth scans are here, with the limits they enforce;
 * the pattern probe is engine/infer/regex-probe.ts.
 */

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
