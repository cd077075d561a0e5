/**
 * Ingest: sources → detected adapters → one stream of tickets and rejections. Each source's
 * sha256 and record count are taken while it streams (every byte is read once). Formats that
 * span several files (Salesforce objects, Zendesk tickets + audits) are read as one group.
 */

import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import type { Adapter, ReadContext, ReadItem } from '../../adapters/adapter.js';
import { ADAPTERS, findAdapter } from '../../adapters/index.js';
import type { Mapping } from '../../adapters/mapping.js';
import type { DateOrder } from '../../adapters/time.js';
import { ReplayError } from '../errors.js';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import { messages } from '../messages.js';
import type { InputSummary } from '../summary.js';
import { binaryKind, bomEncoding, decodeHead, decodeStream, sniffUtf16 } from './decode.js';
import type { Source } from './sources.js';

export { expandInputs } from './sources.js';

export interface IngestOptions {
  /** `auto` or an adapter name. */
  adapter: string;
  mapping?: Mapping;
  tz: string;
  dateOrder?: DateOrder;
  /** `--encoding`, for files without a byte-order mark. */
  encoding?: string;
  /** Field and record sizes, JSON depth (engine/limits.ts); DEFAULT_LIMITS when absent. */
  limits?: Limits;
}

export interface PlannedInput {
  source: Source;
  adapter: Adapter;
  encoding: string;
}

/** A score from which a file counts as recognised, and the lead the best must have over the next. */
export const DETECT_THRESHOLD = 0.5;
export const DETECT_MARGIN = 0.1;

/** The first 64 KiB of a source, raw. */
export async function readHeadBytes(source: Source): Promise<Uint8Array> {
  const stream = await source.open();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= 65_536) break;
    }
  } catch (err) {
    throw new ReplayError('INPUT', messages.fileUnreadable(source.name, (err as NodeJS.ErrnoException).code ?? (err as Error).message), { file: source.name });
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, 65_536);
}

/** The best-scoring adapter for a head of text; ambiguous or weak matches fail with the candidates. */
export function detectAdapter(file: string, text: string): Adapter {
  const scored = ADAPTERS.map((adapter) => ({ adapter, ...adapter.detect({ file, text }) })).sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  const candidates = scored.filter((c) => c.score > 0).slice(0, 3).map((c) => ({ name: c.adapter.name, score: c.score, evidence: c.evidence }));
  if (best.score < DETECT_THRESHOLD) throw new ReplayError('DETECT', messages.noAdapterDetected(file, candidates), { file, line: 1 });
  if (second && best.score - second.score < DETECT_MARGIN) {
    throw new ReplayError('DETECT', messages.ambiguousAdapter(file, candidates), { file, line: 1 });
  }
  return best.adapter;
}

/** Chooses the adapter and the text encoding of every source, before a record is read. */
export async function planInputs(sources: Source[], opts: IngestOptions): Promise<PlannedInput[]> {
  const named = opts.adapter === 'auto' ? undefined : findAdapter(opts.adapter);
  if (opts.adapter !== 'auto' && !named) throw new ReplayError('USAGE', messages.unknownAdapter(opts.adapter, ['auto', ...ADAPTERS.map((a) => a.name)]));
  const planned: PlannedInput[] = [];
  for (const source of sources) {
    const head = await readHeadBytes(source);
    if (head.length === 0) throw new ReplayError('INPUT', messages.emptyInput(source.name), { file: source.name, line: 1 });
    const encoding = bomEncoding(head) ?? opts.encoding ?? sniffUtf16(head) ?? 'utf-8';
    const binary = binaryKind(head, encoding);
    if (binary) throw new ReplayError('INPUT', messages.notText(source.name, binary), { file: source.name, line: 1 });
    const adapter = named ?? (opts.mapping ? findAdapter('generic-csv')! : detectAdapter(source.name, decodeHead(head, encoding)));
    planned.push({ source, adapter, encoding });
  }
  return planned;
}

/** Opens a source decoded to UTF-8, hashing its raw bytes into `stats` as they stream. */
async function openHashed(input: PlannedInput, stats: InputSummary): Promise<Readable> {
  const raw = await input.source.open();
  const hash = createHash('sha256');
  raw.on('data', (chunk: Buffer) => hash.update(chunk));
  raw.on('end', () => (stats.sha256 = hash.digest('hex')));
  return decodeStream(raw, input.encoding);
}

function fileError(err: unknown, file: string): ReplayError {
  if (err instanceof ReplayError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  return new ReplayError('INPUT', messages.fileUnreadable(file, code ?? (err as Error).message), { file });
}

/** A read item with where it came from: its source's index and its ordinal in that source. */
export interface IngestItem {
  item: ReadItem;
  source: number;
  ordinal: number;
}

/**
 * Streams every planned input through its adapter, in input order; a multi-file format is read
 * as one group where its first file stands. `stats` gets one entry per source. With `only`, just
 * the records at those ordinals are yielded (to re-read records that a later duplicate replaced).
 */
export async function* ingest(
  planned: PlannedInput[],
  opts: IngestOptions,
  stats: InputSummary[],
  only?: Map<number, Set<number>>,
): AsyncGenerator<IngestItem> {
  const indexOf = new Map(planned.map((p, i) => [p.source.name, i]));
  const wanted = (source: number, ordinal: number) => !only || (only.get(source)?.has(ordinal) ?? false);
  const byName = new Map<string, InputSummary>();
  for (const p of planned) {
    const s: InputSummary = { path: p.source.name, adapter: p.adapter.name, sha256: '', records: 0 };
    stats.push(s);
    byName.set(p.source.name, s);
  }
  const base: Omit<ReadContext, 'file'> = { tz: opts.tz, mapping: opts.mapping, dateOrder: opts.dateOrder, limits: opts.limits ?? DEFAULT_LIMITS };
  const grouped = new Set<Adapter>();
  for (const [inputIndex, input] of planned.entries()) {
    if (only && !only.has(inputIndex) && !input.adapter.readGroup) continue;
    const { adapter } = input;
    if (adapter.readGroup) {
      if (grouped.has(adapter)) continue;
      grouped.add(adapter);
      const members = planned.filter((p) => p.adapter === adapter);
      const streams = new Map<string, Readable>();
      const open = (file: string): Readable => {
        const member = members.find((m) => m.source.name === file);
        if (!member) throw new Error(`${file} is not part of this group`);
        // Sources open asynchronously; hand the adapter a stream that fills once open.
        const out = new PassThrough();
        openHashed(member, byName.get(file)!).then(
          (s) => {
            // A read error ends the adapter's stream with it; a stream the adapter closes early
            // closes its source too, so no file handle stays open.
            s.on('error', (err) => out.destroy(err));
            out.on('close', () => s.destroy());
            s.pipe(out);
          },
          (err) => out.destroy(err),
        );
        streams.set(file, out);
        return out;
      };
      try {
        for await (const item of adapter.readGroup(members.map((m) => m.source.name), base, open)) {
          const file = item.ticket ? item.ticket.source.file : item.rejection.file;
          const s = byName.get(file) ?? byName.get(members[0].source.name)!;
          const source = indexOf.get(s.path)!;
          s.records++;
          if (wanted(source, s.records)) yield { item, source, ordinal: s.records };
        }
      } catch (err) {
        throw fileError(err, members[0].source.name);
      } finally {
        for (const s of streams.values()) s.destroy();
      }
      continue;
    }
    const s = byName.get(input.source.name)!;
    let stream: Readable | undefined;
    try {
      stream = await openHashed(input, s);
      for await (const item of adapter.read(stream, { ...base, file: input.source.name })) {
        s.records++;
        if (wanted(inputIndex, s.records)) yield { item, source: inputIndex, ordinal: s.records };
      }
    } catch (err) {
      throw fileError(err, input.source.name);
    } finally {
      stream?.destroy();
    }
  }
}
