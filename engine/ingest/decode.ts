/**
 * Text decoding before any adapter sees a byte: a UTF-16 or UTF-8 byte-order mark decides, else
 * `--encoding` (latin1, windows-1252, utf-16le...), else UTF-8. Adapters always read UTF-8.
 */

import { Transform, type Readable } from 'node:stream';
import { ReplayError } from '../errors.js';
import { messages } from '../messages.js';
import type { Ticket } from '../ticket.js';

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

/**
 * Bytes decoded at once. Always through a streaming decode and a flush: Node 20's one-shot
 * `decode()` reads windows-1252 as ISO-8859-1 (0x80 becomes U+0080 instead of €), while the
 * streaming path, which decodeStream uses, decodes it right.
 */
export function decodeBytes(bytes: Uint8Array, encoding: string, options?: TextDecoderOptions): string {
  const decoder = new TextDecoder(encoding, options);
  // UTF-8 is decoded right either way, and one-shot is its fast path.
  if (decoder.encoding === 'utf-8') return decoder.decode(bytes);
  return decoder.decode(bytes, { stream: true }) + decoder.decode();
}

/** The text of a file's first bytes, decoded as `decodeStream` would. */
export function decodeHead(head: Uint8Array, encoding: string): string {
  return decodeBytes(head, encoding).replace(/^\uFEFF/, '');
}

/**
 * UTF-16 without a byte-order mark, as some Windows tools save "Unicode text": in the first bytes,
 * one byte of nearly every pair is NUL (the high byte of an ASCII character). Looked at only when
 * there is no BOM and no `--encoding`; text in UTF-8 (or latin-1) never has NUL bytes.
 */
export function sniffUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  if (odd >= pairs * 0.6 && even === 0) return 'utf-16le';
  if (even >= pairs * 0.6 && odd === 0) return 'utf-16be';
  return undefined;
}

/** Signatures of files people export or save by mistake instead of a ticket export. */
const SIGNATURES: [string, number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['gzip-compressed (decompress it first)', [0x1f, 0x8b]],
  ['an old Excel workbook (.xls; save it as CSV)', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
];

/**
 * What a file's first bytes say it is when it is not text: a known signature, or "binary" for
 * NUL bytes (after `sniffUtf16` and the BOMs have had their say). undefined for text.
 */
export function binaryKind(head: Uint8Array, encoding: string): string | undefined {
  for (const [kind, bytes] of SIGNATURES) if (bytes.every((b, i) => head[i] === b)) return kind;
  if (encoding.startsWith('utf-16')) return undefined;
  return head.subarray(0, 4096).includes(0) ? 'binary data, not text' : undefined;
}

/** What a decoder puts where bytes are not valid in the encoding it was given. */
const REPLACEMENT = '\uFFFD';

/** The ticket's own text fields, in the order a garbled one is named. */
const TEXT_FIELDS = ['id', 'subject', 'body', 'requester', 'group', 'status', 'priority'] as const;

/**
 * The first field of a ticket holding U+FFFD, the mark of bytes that were not valid in the file's
 * encoding (latin-1 bytes in a file read as UTF-8, say); undefined when its text is clean. Such a
 * record is quarantined rather than replayed with words the inference cannot read: the reason
 * names the field and `--encoding`.
 */
export function undecodedField(ticket: Ticket): string | undefined {
  // Every replayed ticket passes here: nothing is allocated (a list of [field, text] pairs built
  // per ticket was about a tenth of what a replay worker allocates).
  for (let i = 0; i < TEXT_FIELDS.length; i++) if (ticket[TEXT_FIELDS[i]].includes(REPLACEMENT)) return TEXT_FIELDS[i];
  for (let i = 0; i < ticket.tags.length; i++) if (ticket.tags[i].includes(REPLACEMENT)) return 'tags';
  for (let i = 0; i < ticket.messages.length; i++) if (ticket.messages[i].text.includes(REPLACEMENT)) return 'messages';
  return undefined;
}
