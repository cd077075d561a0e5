/**
 * The byte-level pitfalls of real exports, added to any format's output on request: a UTF-8 BOM
 * (Excel's "CSV UTF-8"), CRLF line ends (Windows), latin-1 or UTF-16LE text (old Data Export
 * settings, Excel's "Unicode text"). Chunks stay streamed; nothing is held whole.
 */

import type { OutputChunk } from '../../adapters/adapter.js';

export const PITFALLS = ['bom', 'crlf', 'latin1', 'utf16'] as const;
export type Pitfall = (typeof PITFALLS)[number];

export interface EncodedChunk {
  file: string;
  data: Buffer;
}

/** Encodes text chunks with the chosen pitfalls; the BOM goes once at the start of each file. */
export function* applyPitfalls(chunks: Iterable<OutputChunk>, pitfalls: readonly Pitfall[], _seed: number): Iterable<EncodedChunk> {
  const on = new Set(pitfalls);
  const started = new Set<string>();
  for (const { file, text } of chunks) {
    const body = on.has('crlf') ? text.replace(/\r?\n/g, '\r\n') : text;
    let data: Buffer;
    if (on.has('utf16')) data = Buffer.from(body, 'utf16le');
    else if (on.has('latin1')) data = Buffer.from(body.replace(/[^\u0000-\u00ff]/g, '?'), 'latin1');
    else data = Buffer.from(body, 'utf8');
    if (!started.has(file)) {
      started.add(file);
      if (on.has('utf16')) data = Buffer.concat([Buffer.from([0xff, 0xfe]), data]);
      else if (on.has('bom') && !on.has('latin1')) data = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), data]);
    }
    yield { file, data };
  }
}
