import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { messages } from '../../engine/messages.js';

// Small chunks, so the sample crosses many chunk boundaries and every shard gets several.
const env = { TICKET_REPLAY_CHUNK_BYTES: '65536' };
const FAST = ['-q', '--forecast-months', '2', '--forecast-paths', '200', '-p', 'test/fixtures/e2e/flex-metered.yaml'];
const JSON_INPUT = 'test/fixtures/zendesk-json/full-export.ndjson';

/**
 * The sample with an updated_at column, bad records here and there, and repeated ids: copies of
 * early tickets at the end with newer updates (they replace records in the first shard), with
 * older updates (they lose to them), and copies right after their original (repeats within a shard).
 */
function buildInput(dir: string): string {
  const [header, ...records] = parse(readFileSync('datasets/sample/tickets.csv', 'utf8')) as string[][];
  const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const plain = records.map((r) => r.map(cell).join(','));
  const withUpdate = (row: string, updatedAt: string) => `${row},${updatedAt}`;
  const created = (row: string) => row.split(',')[1];
  const out = [`${header.join(',')},updated_at`];
  plain.forEach((row, i) => {
    out.push(withUpdate(row, created(row)));
    if (i % 997 === 5) out.push(withUpdate(row, created(row))); // same update time: the first is kept
    if (i % 1499 === 7) out.push('not-a-ticket,yesterday,,chat,Broken row,with a bad date,,open,normal,G,x@example.com,,');
    if (i % 2011 === 9) out.push('"ragged"');
  });
  for (const row of plain.slice(0, 300).filter((_, i) => i % 10 === 0)) out.push(withUpdate(row, '2025-12-31T23:00:00Z'));
  for (const row of plain.slice(0, 300).filter((_, i) => i % 10 === 5)) out.push(withUpdate(row, '2024-01-01T00:00:00Z'));
  const file = join(dir, 'tickets.csv');
  writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}

/** Everything a report holds that must not depend on how the run was split (run.* aside). */
function outputs(dir: string): Record<string, string> {
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  delete summary.run;
  const files: Record<string, string> = { 'summary.json': JSON.stringify(summary, null, 2), 'rejected.csv': readFileSync(join(dir, 'rejected.csv'), 'utf8') };
  for (const t of readdirSync(join(dir, 'tables'))) files[`tables/${t}`] = readFileSync(join(dir, 'tables', t), 'utf8');
  return files;
}

describe('sharded runs', () => {
  let dir: string;
  let input: string;
  let single: Record<string, string>;

  beforeAll(async () => {
    dir = tempDir();
    input = buildInput(dir);
    const r = await runCli(['run', input, JSON_INPUT, '-o', join(dir, 'single'), '--workers', '2', ...FAST], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    single = outputs(join(dir, 'single'));
  }, 180_000);

  it('the fixture has repeats across and within shards and bad records', () => {
    const s = JSON.parse(single['summary.json']);
    expect(s.counts.rejectedByReason['duplicate-superseded']).toBe(30);
    expect(s.counts.rejectedByReason['duplicate-id']).toBe(30 + 6);
    expect(s.counts.rejectedByReason['bad-date']).toBe(4 + 1); // one more in the Zendesk export
    expect(s.counts.rejectedByReason['bad-json']).toBe(1);
    expect(s.counts.rejectedByReason['ragged-row']).toBe(3);
  });

  it('three shards merged give a single run byte for byte', async () => {
    const partials = [1, 2, 3].map((i) => join(dir, `shard-${i}.json`));
    for (const [i, partial] of partials.entries()) {
      const r = await runCli(['run', input, JSON_INPUT, '--shard', `${i + 1}/3`, '--partial', partial, '--workers', '1', ...FAST], { env });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    // Given in any order.
    const m = await runCli(['merge', partials[2], partials[0], partials[1], '-o', join(dir, 'merged'), '-q', '--workers', '2', '--worker-memory', '512']);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    expect(outputs(join(dir, 'merged'))).toEqual(single);
    // The shards really split the work.
    const reads = partials.map((p) => JSON.parse(readFileSync(p, 'utf8')).read as number);
    expect(Math.min(...reads)).toBeGreaterThan(1000);
  }, 180_000);

  it('--workers 1, --workers 2 and the chunk size do not change a byte', async () => {
    const w1 = await runCli(['run', input, JSON_INPUT, '-o', join(dir, 'w1'), '--workers', '1', ...FAST], { env });
    expect(w1.code).toBe(0);
    expect(outputs(join(dir, 'w1'))).toEqual(single);
    const big = await runCli(['run', input, JSON_INPUT, '-o', join(dir, 'big'), '--workers', '2', ...FAST]);
    expect(big.code).toBe(0);
    expect(outputs(join(dir, 'big'))).toEqual(single);
  }, 180_000);

  it('merge refuses an incomplete, doubled or mixed set of shards in one sentence', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const other = join(dir, 'other.json');
    expect((await runCli(['run', JSON_INPUT, '--shard', '1/2', '--partial', a, '-q'])).code).toBe(0);
    expect((await runCli(['run', JSON_INPUT, '--shard', '2/2', '--partial', b, '-q', '--seed', '7'])).code).toBe(0);
    expect((await runCli(['run', JSON_INPUT, '--shard', '1/2', '--partial', other, '-q'])).code).toBe(0);
    const missing = await runCli(['merge', a, '-o', join(dir, 'x')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(messages.shardsMissing([2], 2));
    const twice = await runCli(['merge', a, other, '-o', join(dir, 'x')]);
    expect(twice.stderr).toContain(messages.shardTwice(1, 2, a, other));
    const mixed = await runCli(['merge', a, b, '-o', join(dir, 'x')]);
    expect(mixed.stderr).toContain(messages.shardMismatch(b, a));
    const bad = await runCli(['merge', JSON_INPUT, '-o', join(dir, 'x')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${JSON_INPUT} cannot be merged`);
    const usage = await runCli(['run', JSON_INPUT, '--shard', '3/2', '--partial', a]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(messages.badShard('3/2'));
    // merge takes the workers' heap limit as run does.
    const heap = await runCli(['merge', a, '-o', join(dir, 'x'), '--worker-memory', '0']);
    expect(heap.code).toBe(2);
    expect(heap.stderr).toContain('--worker-memory expects a whole number');
    const alone = await runCli(['run', JSON_INPUT, '--shard', '1/2']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain(messages.shardNeedsPartial());
  }, 180_000);
});
