/**
 * Text decoding before any adapter sees a byte: a UTF-16 or UTF-8 byte-order mark decides, else
 * `--encoding` (latin1, windows-1252, utf-16le...), else UTF-8. Adapters always read UTF-8.
 */

import { Transform, type Readable } from 'node:stream';
import { ReplayError } from '../errors.js';
import { messages } from '../messages.js';

/** The encoding a file's first bytes announce with a BOM, if any. */
export function bomEncoding(head: Uint8Array): string | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  return undefined;
}

/** Checks an `--encoding` value against what this Node can decode. */
export function checkEncoding(encoding: string): string {
  try {
    return new TextDecoder(encoding).encoding;
  } catch {
    throw new ReplayError('USAGE', messages.badEncoding(encoding));
  }
}

/** Decodes a byte stream to UTF-8 text. UTF-8 passes through untouched (the fast path). */
export function decodeStream(input: Readable, encoding: string): Readable {
  const normalized = new TextDecoder(encoding).encoding;
  if (normalized === 'utf-8') return input;
  const decoder = new TextDecoder(normalized);
  const transform = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
  input.on('error', (err) => transform.destroy(err));
  return input.pipe(transform);
}

/** The text of a file's first bytes, decoded as `decodeStream` would. */
export function decodeHead(head: Uint8Array, encoding: string): string {
  return new TextDecoder(encoding).decode(head).replace(/^\uFEFF/, '');
}
