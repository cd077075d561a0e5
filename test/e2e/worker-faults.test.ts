/**
 * Worker faults through the real CLI: a worker that throws, exits or runs out of memory mid-batch
 * stops the run with one sentence naming the batch and the record, exit code 1, no output folder
 * (an earlier report stays as it was), no temporary folder, and a process that ends by itself
 * (runCli would kill a hung one after its timeout, and `code` would be null).
 *
 * The faults come from the worker's test hook TICKET_REPLAY_FAULT (engine/replay/worker.ts), for
 * both kinds of task: a CSV read in chunks by the workers (small chunks, so the ticket is in a later
 * batch) and a Zendesk JSON export read on the main thread and sent in batches of tickets.
 * Four short runs that stop at the fault, before any report is drawn: about 12 s on an idle
 * 2-core machine.
 */

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../engine/messages.js';
import { runCli, tempDir, type CliResult } from '../helpers/run-cli.js';

let dir: string;
/** 100 KB chunks: the 3,000-ticket CSV (about 800 KB) is cut into eight or so batches. */
const CHUNKS = { TICKET_REPLAY_CHUNK_BYTES: '100000' };
/** An earlier report at `--out`: a failed run leaves it as it was. */
const EARLIER = '{"earlier": true}\n';

beforeAll(async () => {
  dir = tempDir('ticket-replay-faults-');
  for (const [format, file] of [['generic-csv', 'tickets.csv'], ['zendesk-json', 'tickets.json']]) {
    const made = await runCli(['generate', '--format', format, '--tickets', '3000', '--seed', '7', '--out', join(dir, file)]);
    expect(made.code, made.stderr).toBe(0);
  }
  mkdirSync(join(dir, 'earlier'));
  writeFileSync(join(dir, 'earlier', 'summary.json'), EARLIER);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The line a record starts on, found by its start (`102000,` in the CSV, `{"id":102000,` in NDJSON). */
function lineOf(file: string, start: string): number {
  const text = readFileSync(join(dir, file), 'utf8');
  const at = text.indexOf(`\n${start}`);
  expect(at).toBeGreaterThan(0);
  return text.slice(0, at + 1).split('\n').length;
}

/**
 * A run with the fault set. CSV runs use two workers, so the fault's batch shares the pool with
 * others in flight that must be stopped too; the JSON runs one (less CPU on a shared machine).
 */
function run(args: string[], fault: string, env: Record<string, string> = {}): Promise<CliResult> {
  const workers = args[0].endsWith('.csv') ? '2' : '1';
  return runCli(['run', ...args, '-q', '--forecast-months', '0', '--workers', workers], { cwd: dir, env: { ...env, TICKET_REPLAY_FAULT: fault }, timeoutMs: 60_000 });
}

/** The one line on stderr, checked to be one line and no stack trace. */
function sentence(result: CliResult): string {
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  return lines[0];
}

/** Nothing but the inputs and the earlier report, untouched, is left: no new report, no `.out.tmp-…` folder. */
function expectNothingWritten(): void {
  expect(readdirSync(dir).sort()).toEqual(['earlier', 'tickets.csv', 'tickets.json']);
  expect(readdirSync(join(dir, 'earlier'))).toEqual(['summary.json']);
  expect(readFileSync(join(dir, 'earlier', 'summary.json'), 'utf8')).toBe(EARLIER);
}

describe('a worker fault stops the run', () => {
  it('a throw in a chunk names the file, line, ticket, batch and the worker message', async () => {
    const line = lineOf('tickets.csv', '102000,');
    const result = await run(['tickets.csv', '-o', 'out'], 'throw@102000', CHUNKS);
    expect(result.code).toBe(1);
    const m = /\(ticket 102000, batch (\d+)\)/.exec(sentence(result));
    expect(Number(m?.[1])).toBeGreaterThan(1);
    expect(sentence(result)).toBe(
      `ticket-replay: ${messages.workerThrewAt('tickets.csv', line, '102000', `batch ${m![1]}`, 'injected fault (TICKET_REPLAY_FAULT=throw@102000)')}`,
    );
    expectNothingWritten();
  });

  it('a throw in a batch of tickets read on the main thread names them alike', async () => {
    const line = lineOf('tickets.json', '{"id":102400,');
    const result = await run(['tickets.json', '-o', 'out'], 'throw@102400');
    expect(result.code).toBe(1);
    // Batches of 1,000 tickets: the 2,400th is in the third.
    expect(sentence(result)).toBe(
      `ticket-replay: ${messages.workerThrewAt('tickets.json', line, '102400', 'batch 3', 'injected fault (TICKET_REPLAY_FAULT=throw@102400)')}`,
    );
    expectNothingWritten();
  });

  it('a worker that exits names the batch and its lines, and an earlier report stays as it was', async () => {
    const line = lineOf('tickets.csv', '102000,');
    const result = await run(['tickets.csv', '-o', 'earlier'], 'exit@102000', CHUNKS);
    expect(result.code).toBe(1);
    // Only the worker read the chunk's ticket ids: the main thread names its lines, which hold the ticket's.
    const m = /during batch (\d+) of tickets\.csv \(lines (\d+) to (\d+)\)/.exec(sentence(result));
    expect(m, result.stderr).not.toBeNull();
    const [batch, from, to] = m!.slice(1).map(Number);
    expect(from).toBeLessThanOrEqual(line);
    expect(to).toBeGreaterThanOrEqual(line);
    expect(sentence(result)).toBe(`ticket-replay: ${messages.workerDied(messages.workerExited(3), messages.chunkBatch(batch, 'tickets.csv', from, to))}`);
    expectNothingWritten();
  });

  it('a worker out of memory stops at its heap limit (--worker-memory), naming the batch, its lines and first ticket, and how to raise it', async () => {
    const result = await run(['tickets.json', '-o', 'out', '--worker-memory', '64'], 'oom@102400');
    expect(result.code).toBe(1);
    const [from, to] = [lineOf('tickets.json', '{"id":102001,'), lineOf('tickets.json', '{"id":103000,')];
    expect(sentence(result)).toBe(`ticket-replay: ${messages.workerDied(messages.workerOutOfMemory(64), messages.ticketBatch(3, 'tickets.json', from, to, '102001'))}`);
    expectNothingWritten();
  });
});
