import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import type { Summary } from '../../engine/summary.js';

const FILE = 'test/fixtures/generic-csv/duplicates.csv';

describe('repeated ticket ids', () => {
  it('keep the latest update, take the replaced record back out, and count both kinds', async () => {
    const dir = tempDir();
    const r = await runCli(['run', FILE, '-o', join(dir, 'dup'), '-q', '-p', 'test/fixtures/e2e/flex-metered.yaml']);
    expect(r.code).toBe(0);
    const s: Summary = JSON.parse(readFileSync(join(dir, 'dup', 'summary.json'), 'utf8'));
    expect(s.counts).toMatchObject({ read: 6, replayed: 3, rejected: 3 });
    expect(s.counts.rejectedByReason).toEqual({ 'duplicate-id': 2, 'duplicate-superseded': 1 });
    const rejected = readFileSync(join(dir, 'dup', 'rejected.csv'), 'utf8').trim().split('\n').slice(1);
    // In input order, each coded against the record finally kept: 7001's line 2 was replaced by a
    // later, newer update; 7002's line 5 and 7003's line 7 lost to an earlier record updated as late.
    expect(rejected.map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      `${FILE},2,7001,duplicate-superseded`,
      `${FILE},5,7002,duplicate-id`,
      `${FILE},7,7003,duplicate-id`,
    ]);
    // The replay is exactly that of the three surviving records, as if the others never existed.
    const clean = join(dir, 'clean.csv');
    const lines = readFileSync(FILE, 'utf8').trim().split('\n');
    writeFileSync(clean, [lines[0], lines[2], lines[3], lines[5]].join('\n') + '\n');
    const c = await runCli(['run', clean, '-o', join(dir, 'clean'), '-q', '-p', 'test/fixtures/e2e/flex-metered.yaml']);
    expect(c.code).toBe(0);
    const expected: Summary = JSON.parse(readFileSync(join(dir, 'clean', 'summary.json'), 'utf8'));
    expect(s.plans).toEqual(expected.plans);
    expect(s.actions).toEqual(expected.actions);
    expect(s.intents).toEqual(expected.intents);
    expect(s.automation).toEqual(expected.automation);
  });
});
