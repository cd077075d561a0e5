import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '../../engine/messages.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import type { Summary } from '../../engine/summary.js';

async function replay(args: string[]): Promise<Summary> {
  const r = await runCli(['run', ...args, '-o', join(tempDir(), 'o'), '-q', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('inputs as files, folders and zips, grouped by detected kind', () => {
  it('a Salesforce folder and the same files zipped replay the same, with the same per-file hashes', async () => {
    const folder = await replay(['test/fixtures/salesforce']);
    const zip = await replay(['test/fixtures/salesforce-export.zip']);
    expect(folder.counts).toEqual({ read: 4, replayed: 2, rejected: 2, rejectedByReason: { 'filtered-deleted': 1, orphan: 1 } });
    expect(zip.counts).toEqual(folder.counts);
    expect(zip.plans).toEqual(folder.plans);
    expect(zip.inputs.map((i) => [i.path.split(':').pop()!.split('/').pop(), i.adapter, i.sha256])).toEqual(
      folder.inputs.map((i) => [i.path.split('/').pop(), i.adapter, i.sha256]),
    );
  });

  it('mixes formats in one run: each file through its own adapter', async () => {
    const s = await replay(['test/fixtures/zendesk-json/full-export.ndjson', 'test/fixtures/freshdesk/api-tickets.json', 'test/fixtures/intercom/conversations.json', 'test/fixtures/salesforce']);
    expect(s.inputs.map((i) => i.adapter)).toEqual(['zendesk-json', 'freshdesk', 'intercom', 'salesforce', 'salesforce', 'salesforce', 'salesforce']);
    expect(s.counts.read).toBe(s.counts.replayed + s.counts.rejected);
    expect(s.counts.replayed).toBe(2 + 1 + 1 + 2);
  });

  it('an unrecognised file fails naming it and the closest candidates', async () => {
    const r = await runCli(['run', 'test/fixtures/detect/unknown.csv', '-o', join(tempDir(), 'o'), '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('test/fixtures/detect/unknown.csv: no adapter recognises this file');
  });

  it('a file that two adapters claim fails naming both and the columns that matched', async () => {
    const r = await runCli(['run', 'test/fixtures/detect/ambiguous.csv', '-o', join(tempDir(), 'o'), '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('could be read by more than one adapter');
    expect(r.stderr).toMatch(/zendesk-csv \d+% matching "Id", "Requester", "Via"/);
    expect(r.stderr).toMatch(/freshdesk \d+% matching "Ticket ID", "Created time"/);
    const forced = await runCli(['run', 'test/fixtures/detect/ambiguous.csv', '--adapter', 'freshdesk', '-o', join(tempDir(), 'o'), '-q']);
    expect(forced.code).toBe(0);
  });

  it('an unknown --adapter is a usage error listing the adapters', async () => {
    const r = await runCli(['run', 'test/fixtures/detect/unknown.csv', '--adapter', 'kayako', '-o', join(tempDir(), 'o'), '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(messages.unknownAdapter('kayako', ['auto', 'zendesk-csv', 'zendesk-json', 'freshdesk', 'intercom', 'salesforce', 'generic-csv']));
  });

  it('every adapter reads what generate writes in its format', async () => {
    for (const format of ['generic-csv', 'zendesk-csv', 'zendesk-json', 'freshdesk', 'intercom', 'salesforce']) {
      const out = join(tempDir(), format);
      const g = await runCli(['generate', '--format', format, '--tickets', '120', '--seed', '3', '--months', '2', '--out', out]);
      expect(g.code, g.stderr).toBe(0);
      const s = await replay([out]);
      expect(s.inputs.every((i) => i.adapter === format), format).toBe(true);
      expect(s.counts, format).toMatchObject({ read: 120, replayed: 120, rejected: 0 });
    }
  });
});
