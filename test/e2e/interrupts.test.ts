/**
 * Interrupts through the real CLI: SIGINT or SIGTERM mid-replay, or while the report is drawn,
 * ends the process within a second of the signal with 130 or 143, the one sentence saying so, no
 * `--out` folder (an earlier report stays as it was) and no temporary folder beside it. The
 * process has exited, so no thread of it is left.
 *
 * Mid-replay is certain, not timed: the signal goes when stderr shows the first progress line
 * (after 100,000 of the 120,000 records generated once for this file); the report phase when
 * summary.json, the report's first file, appears in the temporary folder. The one measured time
 * is from the signal to the process's exit. About 15 s on an idle 2-core machine, most of it
 * generating the input.
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../engine/messages.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

let dir: string;
const EARLIER = '{"earlier": true}\n';

beforeAll(async () => {
  dir = tempDir('ticket-replay-interrupts-');
  const made = await runCli(['generate', '--format', 'generic-csv', '--tickets', '120000', '--out', join(dir, 'tickets.csv')]);
  expect(made.code, made.stderr).toBe(0);
  mkdirSync(join(dir, 'earlier'));
  writeFileSync(join(dir, 'earlier', 'summary.json'), EARLIER);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Interrupted {
  code: number | null;
  stderr: string;
  /** From sending the signal to the process's exit. */
  ms: number;
}

/** Runs the CLI in `dir` and sends `signal` once `ready` (polled, and on every stderr write) is true. */
function interrupt(args: string[], signal: 'SIGINT' | 'SIGTERM', ready: (stderr: string) => boolean): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'ticket-replay.js'), ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sentAt: number | undefined;
    let exitedAt = 0;
    const maybeSend = () => {
      if (sentAt !== undefined || !ready(stderr)) return;
      sentAt = performance.now();
      child.kill(signal);
    };
    const poll = setInterval(maybeSend, 10);
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (d) => {
      stderr += d;
      maybeSend();
    });
    child.on('error', reject);
    child.on('exit', () => (exitedAt = performance.now()));
    child.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(killer);
      if (sentAt === undefined) reject(new Error(`the run ended (code ${code}) before the signal was sent:\n${stderr}`));
      else resolve({ code, stderr, ms: exitedAt - sentAt });
    });
  });
}

/** The run's temporary folder for `--out out` (`.out.tmp-<pid>-<t>`), if there is one. */
function tempFolder(out: string): string | undefined {
  return readdirSync(dir).find((name) => name.startsWith(`.${out}.tmp-`));
}

function expectStoppedCleanly(result: Interrupted, code: number): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr.trim().split('\n').at(-1)).toBe(`ticket-replay: ${messages.interrupted()}`);
  expect(result.ms).toBeLessThan(1000);
  // No report, no temporary folder; an earlier report is as it was.
  expect(readdirSync(dir).sort()).toEqual(['earlier', 'tickets.csv']);
  expect(readdirSync(join(dir, 'earlier'))).toEqual(['summary.json']);
  expect(readFileSync(join(dir, 'earlier', 'summary.json'), 'utf8')).toBe(EARLIER);
}

const midReplay = (stderr: string) => /replayed [\d,]+ records/.test(stderr);

describe('an interrupted run', () => {
  it('SIGINT mid-replay exits 130 within a second and writes nothing', async () => {
    const result = await interrupt(['run', 'tickets.csv', '-o', 'out', '--progress', '--forecast-months', '0'], 'SIGINT', midReplay);
    expectStoppedCleanly(result, 130);
  });

  it('SIGTERM mid-replay exits 143 within a second and leaves an earlier report as it was', async () => {
    const result = await interrupt(['run', 'tickets.csv', '-o', 'earlier', '--progress', '--forecast-months', '0'], 'SIGTERM', midReplay);
    expectStoppedCleanly(result, 143);
  });

  it('SIGINT while the report is drawn (vega, PNG threads) exits 130 within a second and writes nothing', async () => {
    const sample = join(process.cwd(), 'datasets', 'sample', 'tickets.csv');
    const drawing = () => {
      const temp = tempFolder('out');
      return temp !== undefined && existsSync(join(dir, temp, 'summary.json'));
    };
    const result = await interrupt(['run', sample, '-o', 'out', '-q', '--forecast-months', '0'], 'SIGINT', drawing);
    expectStoppedCleanly(result, 130);
  });
});
