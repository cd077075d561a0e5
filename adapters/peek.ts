/**
 * Looking at the first bytes of a stream without losing them: adapters that read several
 * sub-formats decide from the head, then read the whole stream as if nothing happened.
 */

import { Readable } from 'node:stream';

export async function peek(input: Readable, bytes = 65_536): Promise<{ head: string; stream: Readable }> {
  const iterator = input[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(String(next.value));
    chunks.push(chunk);
    size += chunk.length;
  }
  const head = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
  async function* replay() {
    yield* chunks;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value as Buffer;
  }
  return { head, stream: Readable.from(replay(), { objectMode: false }) };
}
