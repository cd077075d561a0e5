/**
 * Ingest: input paths → adapters → a stream of tickets and rejections, with each input's sha256
 * and record count taken while it streams (the file is read once).
 */

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Adapter, ReadContext, ReadItem } from '../../adapters/adapter.js';
import { ADAPTERS, findAdapter } from '../../adapters/index.js';
import { ReplayError } from '../errors.js';
import { messages } from '../messages.js';
import type { InputSummary } from '../summary.js';

const INPUT_EXTENSIONS = /\.(csv|tsv|txt|json|ndjson|jsonl)$/i;

/** Files to read: each argument as a file, or a folder's matching files in name order. */
export async function expandInputs(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new ReplayError('INPUT', messages.fileNotFound(path), { file: path });
    }
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => INPUT_EXTENSIONS.test(n)).sort();
      files.push(...names.map((n) => join(path, n)));
    } else files.push(path);
  }
  return files;
}

/** The first 64 KiB of a file, decoded as UTF-8 with any BOM removed. */
export async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(65_536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

/** The adapter for a file: the named one, or the best-scoring detection. */
export async function chooseAdapter(file: string, name: string, hasMapping: boolean): Promise<Adapter> {
  if (name !== 'auto') {
    const adapter = findAdapter(name);
    if (!adapter) throw new ReplayError('USAGE', messages.unknownAdapter(name, ['auto', ...ADAPTERS.map((a) => a.name)]));
    return adapter;
  }
  if (hasMapping) return findAdapter('generic-csv')!;
  const head = await readHead(file);
  if (head.length === 0) throw new ReplayError('INPUT', messages.emptyInput(file), { file, line: 1 });
  const scored = ADAPTERS.map((adapter) => ({ adapter, score: adapter.detect({ file, text: head }) })).sort((a, b) => b.score - a.score);
  if (scored[0].score < 0.5) throw new ReplayError('DETECT', messages.noAdapterDetected(file), { file, line: 1 });
  return scored[0].adapter;
}

/**
 * Streams one input through its adapter. `stats` is filled as the file streams: its sha256 and
 * record count are final once the iteration ends.
 */
export async function* readInput(adapter: Adapter, ctx: ReadContext, stats: InputSummary): AsyncGenerator<ReadItem> {
  const hash = createHash('sha256');
  const stream = createReadStream(ctx.file);
  stream.on('data', (chunk) => hash.update(chunk));
  try {
    for await (const item of adapter.read(stream, ctx)) {
      stats.records++;
      yield item;
    }
  } catch (err) {
    if (err instanceof ReplayError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReplayError('INPUT', messages.fileUnreadable(ctx.file, code ?? (err as Error).message), { file: ctx.file });
  } finally {
    stream.destroy();
  }
  stats.sha256 = hash.digest('hex');
}
