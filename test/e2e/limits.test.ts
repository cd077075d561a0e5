import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '../../engine/messages.js';
import type { Summary } from '../../engine/summary.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

// The limits end to end (engine/limits.ts): a hostile record is set aside and the run goes on,
// a hostile header or configuration fails with the limit and its option. About 40 s: two runs
// read a 20 MiB record.

const dir = tempDir('ticket-replay-limits-e2e-');
const MiB = 1024 * 1024;

/** 100 generic-csv tickets; the 50th (line 51) carries a description of `size` bytes. */
function genericCsv(file: string, size: number): string {
  const rows = ['id,created_at,subject,description'];
  for (let i = 1; i <= 100; i++) {
    const body = i === 50 ? 'x'.repeat(size) : `my order ${i} has not arrived`;
    rows.push(`t${i},2025-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z,Where is my order ${i},"${body}"`);
  }
  const path = join(dir, file);
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

async function replay(args: string[]): Promise<{ summary: Summary; rejected: string[] }> {
  const out = join(tempDir(), 'o');
  const r = await runCli(['run', ...args, '-o', out, '-q', '--forecast-months', '0', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const summary = JSON.parse(r.stdout) as Summary;
  expect(summary.counts.read).toBe(summary.counts.replayed + summary.counts.rejected);
  return { summary, rejected: readFileSync(join(out, 'rejected.csv'), 'utf8').trim().split('\n').slice(1) };
}

describe('a record over the limits', () => {
  const big = genericCsv('big-field.csv', 20 * MiB);

  it('a 20 MiB field: that record alone in rejected.csv, the rest replayed, chunked on one worker or several', async () => {
    const reason = messages.recordTooLarge('20.0 MiB', '16 MiB', '--max-record-size');
    for (const workers of ['1', '2']) {
      const { summary, rejected } = await replay([big, '--workers', workers]);
      expect(summary.counts).toEqual({ read: 100, replayed: 99, rejected: 1, rejectedByReason: { 'record-too-large': 1 } });
      expect(rejected).toEqual([`${big},51,t50,record-too-large,"${reason}"`]);
    }
  });

  it('raising --max-record-size and --max-field-size lets it through', async () => {
    const { summary } = await replay([big, '--max-record-size', '64MiB', '--max-field-size', '32MiB']);
    expect(summary.counts.rejected).toBe(0);
  });

  it('the streaming CSV path (zendesk-csv) rejects it alike, and a field over the field limit by name', async () => {
    const gen = await runCli(['generate', '--format', 'zendesk-csv', '--tickets', '60', '--seed', '2', '--out', join(dir, 'zd.csv')]);
    expect(gen.code, gen.stderr).toBe(0);
    const lines = readFileSync(join(dir, 'zd.csv'), 'utf8').split('\n');
    const cells = lines[30].split(',');
    const id = cells[0];
    cells[5] = `"${'s'.repeat(20 * MiB)}"`; // the Subject
    lines[30] = cells.join(',');
    writeFileSync(join(dir, 'zd-big.csv'), lines.join('\n'));
    cells[5] = `"${'s'.repeat(5 * MiB)}"`;
    lines[30] = cells.join(',');
    writeFileSync(join(dir, 'zd-field.csv'), lines.join('\n'));
    const record = await replay([join(dir, 'zd-big.csv')]);
    expect(record.summary.inputs.map((i) => i.adapter)).toEqual(['zendesk-csv']);
    expect(record.rejected).toEqual([`${join(dir, 'zd-big.csv')},31,${id},record-too-large,"${messages.recordTooLarge('20.0 MiB', '16 MiB', '--max-record-size')}"`]);
    const field = await replay([join(dir, 'zd-field.csv')]);
    const reason = messages.fieldTooLarge('Subject', '5 MiB', '4 MiB', '--max-field-size').replace(/"/g, '""');
    expect(field.rejected).toEqual([`${join(dir, 'zd-field.csv')},31,${id},field-too-large,"${reason}"`]);
  });

  it('a JSON record nested 10,000 deep is rejected, the other lines replayed', async () => {
    const ticket = (id: number, extra = '') => `{"id": ${id}, "via": {"channel": "email"}, "created_at": "2024-03-01T09:00:00Z", "subject": "Where is my order?", "description": "late", "status": "open", "requester_id": 1${extra}}`;
    const file = join(dir, 'deep.ndjson');
    writeFileSync(file, [ticket(1), ticket(2, `, "x": ${'['.repeat(10_000)}${']'.repeat(10_000)}`), ticket(3)].join('\n'));
    const { summary, rejected } = await replay([file]);
    expect(summary.counts).toEqual({ read: 3, replayed: 2, rejected: 1, rejectedByReason: { 'too-deep': 1 } });
    expect(rejected).toEqual([`${file},2,,too-deep,${messages.tooDeep(64, '--max-depth')}`]);
  });
});

describe('a header or a configuration over the limits fails the run, naming the limit and its option', () => {
  it('a header line over the record limit', async () => {
    const file = join(dir, 'wide-header.csv');
    writeFileSync(file, `id,created_at,${'h'.repeat(3000)}\nt1,2025-03-01T10:00:00Z,x\n`);
    const r = await runCli(['run', file, '--max-record-size', '2KiB', '-o', join(tempDir(), 'o'), '-q']);
    expect([r.code, r.stderr.trim()]).toEqual([1, `ticket-replay: ${messages.headerTooLarge(file, '2.9 KiB', '2 KiB', '--max-record-size')}`]);
  });

  it('a plans file nested 10,000 deep', async () => {
    const file = join(dir, 'deep-plans.json');
    writeFileSync(file, `{"plans": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    const r = await runCli(['run', 'datasets/seed-scenarios.csv', '--plans', file, '-o', join(tempDir(), 'o'), '-q']);
    expect([r.code, r.stderr.trim()]).toEqual([1, `ticket-replay: ${messages.configTooDeep(file, 1, 64)}`]);
  });

  it('a playbook pattern that backtracks catastrophically, refused before a ticket is read', async () => {
    const file = join(dir, 'slow.yaml');
    writeFileSync(file, "intents:\n  - id: slow\n    label: Slow\n    patterns: ['(a|aa)*b']\n    actions: [Answer Question with Knowledge]\n    automationRate: 0.5\n  - id: other\n    label: Other\n    actions: [Answer Question with Knowledge]\n    automationRate: 0.5\n");
    const r = await runCli(['inspect', 'datasets/seed-scenarios.csv', '--playbook', file, '--regex-timeout', '100']);
    // The probe text it overran on: 65 characters at the latest (see test/engine/limits.test.ts).
    const chars = Number(/(\d+) characters/.exec(r.stderr)?.[1]);
    expect([17, 33, 65]).toContain(chars);
    const detail = messages.playbookSlowPattern(100, chars, '--regex-timeout');
    expect([r.code, r.stderr.trim()]).toEqual([1, `ticket-replay: ${messages.configInvalid(file, 'line 4, field "intents[0].patterns[0]"', detail)}`]);
  });

  it('a limit option that is not one is a usage error', async () => {
    const r = await runCli(['run', 'datasets/seed-scenarios.csv', '--max-field-size', '4XB', '-o', join(tempDir(), 'o'), '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(messages.badByteSize('--max-field-size', '4XB'));
  });
});
