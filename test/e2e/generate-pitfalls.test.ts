import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import type { Summary } from '../../engine/summary.js';

/** Replays a generated file and returns its summary. */
async function replay(file: string, extra: string[] = []): Promise<Summary> {
  const r = await runCli(['run', file, '-o', join(tempDir(), 'o'), '-q', '--json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('generate --pitfalls: what real exporters do to files, read back the same', () => {
  it('BOM, CRLF and UTF-16 files replay exactly as the clean file', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (const p of ['', 'bom', 'crlf', 'utf16', 'bom,crlf']) {
      const file = join(dir, `${p || 'clean'}.csv`);
      const r = await runCli(['generate', '--format', 'generic-csv', '--tickets', '150', '--seed', '5', '--months', '2', '--out', file, ...(p ? ['--pitfalls', p] : [])]);
      expect(r.code, r.stderr).toBe(0);
      files[p || 'clean'] = file;
    }
    expect(readFileSync(files.bom).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(readFileSync(files.utf16).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(readFileSync(files.crlf, 'utf8')).toContain('\r\n');
    const clean = await replay(files.clean);
    for (const p of ['bom', 'crlf', 'utf16', 'bom,crlf']) {
      const s = await replay(files[p]);
      expect(s.counts).toEqual(clean.counts);
      expect(s.plans, p).toEqual(clean.plans);
      expect(s.intents, p).toEqual(clean.intents);
    }
  });

  it('a latin-1 file replays the same with --encoding latin1', async () => {
    const dir = tempDir();
    const file = join(dir, 'latin1.csv');
    await runCli(['generate', '--format', 'generic-csv', '--tickets', '120', '--seed', '9', '--months', '1', '--out', file, '--pitfalls', 'latin1']);
    const clean = join(dir, 'clean.csv');
    await runCli(['generate', '--format', 'generic-csv', '--tickets', '120', '--seed', '9', '--months', '1', '--out', clean]);
    const a = await replay(file, ['--encoding', 'latin1']);
    const b = await replay(clean);
    expect(a.counts).toEqual(b.counts);
    expect(a.plans).toEqual(b.plans);
  });

  it('refuses an unknown pitfall and an unknown encoding as usage errors', async () => {
    expect((await runCli(['generate', '--format', 'generic-csv', '--tickets', '1', '--pitfalls', 'gremlins'])).code).toBe(2);
    expect((await runCli(['run', '--encoding', 'klingon'])).code).toBe(2);
  });
});
