/**
 * Loading user configuration (plans, playbooks, mappings) from JSON or YAML, and validating it
 * with a zod schema into errors that name the file, the line and the field path.
 * The built-in catalogue and playbook load through the same functions as user files.
 */

import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, isScalar, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { ReplayError } from './errors.js';
import { CONFIG_MAX_DEPTH, configDepthOver } from './limits.js';
import { messages } from './messages.js';

export interface LoadedConfig {
  file: string;
  data: unknown;
  /** 1-based line of the value at a path, when the file is YAML or JSON with a known position. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/** Parses JSON or YAML text (JSON is YAML) keeping positions for error messages. */
export function parseConfigText(text: string, file: string): LoadedConfig {
  // Nesting is bounded before the YAML parser, which recurses per level (engine/limits.ts).
  const deepAt = configDepthOver(text, CONFIG_MAX_DEPTH);
  if (deepAt !== undefined) throw new ReplayError('CONFIG', messages.configTooDeep(file, deepAt, CONFIG_MAX_DEPTH), { file, line: deepAt });
  const lineCounter = new LineCounter();
  // maxAliasCount bounds alias expansion (a "billion laughs" file fails instead of exploding).
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const line = first.linePos?.[0]?.line;
    throw new ReplayError('CONFIG', messages.configParse(file, line, first.message.split('\n')[0]), { file, line });
  }
  refuseProtoKeys(doc, lineCounter, file);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new ReplayError('CONFIG', messages.configParse(file, undefined, (err as Error).message), { file });
  }
  return {
    file,
    data,
    lineOf(path) {
      const node = doc.getIn(path as unknown[], true);
      if (!isNode(node) || !node.range) return undefined;
      return lineCounter.linePos(node.range[0]).line;
    },
  };
}

/**
 * A `__proto__` key would become the value's prototype rather than a key (and so slip past the
 * schema's unknown-key check): refused, naming its line. `constructor` and `prototype` are plain
 * keys, which the schemas refuse as unknown.
 */
function refuseProtoKeys(doc: Document, lineCounter: LineCounter, file: string): void {
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === '__proto__') {
        const line = pair.key.range ? lineCounter.linePos(pair.key.range[0]).line : undefined;
        throw new ReplayError('CONFIG', messages.configInvalid(file, line ? `line ${line}, field "__proto__"` : 'field "__proto__"', messages.protoKey()), { file, line, field: '__proto__' });
      }
    },
  });
}

export function loadConfigFile(file: string): LoadedConfig {
  return parseConfigText(readConfigText(file), file);
}

/** A configuration file's text (UTF-8, BOM dropped); a missing or unreadable file is a CONFIG error naming it. */
export function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReplayError('CONFIG', code === 'ENOENT' ? messages.fileNotFound(file) : messages.fileUnreadable(file, String(code)), { file });
  }
}

/** `plans[0].pack.usd` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/**
 * Validates loaded config against a schema. The first issue becomes a ReplayError naming the
 * file, the line (when known), the field path and what was expected.
 */
export function validateConfig<T>(schema: z.ZodType<T>, config: LoadedConfig, prefix: readonly PropertyKey[] = []): T {
  const result = schema.safeParse(config.data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [...prefix, ...issue.path];
  const field = formatPath(path);
  // The deepest path that exists in the file gives the line.
  let line: number | undefined;
  for (let n = path.length; n >= 0 && line === undefined; n--) line = config.lineOf(path.slice(0, n));
  const where = [line ? `line ${line}` : '', field ? `field "${field}"` : ''].filter(Boolean).join(', ');
  throw new ReplayError('CONFIG', messages.configInvalid(config.file, where, issue.message), {
    file: config.file,
    line,
    field,
  });
}
