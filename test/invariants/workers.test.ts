import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';

/** summary.json without the fields the SPEC allows to differ between runs. */
function stable(dir: string): string {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  delete s.run.workers;
  delete s.run.startedAt;
  delete s.run.timings;
  return JSON.stringify(s, null, 2);
}

describe('worker count never changes a byte', () => {
  it('gives identical summary.json and tables for --workers 1 and --workers 4', async () => {
    const base = tempDir();
    const one = join(base, 'one');
    const four = join(base, 'four');
    const [a, b] = await Promise.all([
      runCli(['run', '-w', '1', '-o', one, '-q', '--seed', '42']),
      runCli(['run', '-w', '4', '-o', four, '-q', '--seed', '42']),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(stable(four)).toEqual(stable(one));
    const tables = readdirSync(join(one, 'tables')).sort();
    expect(readdirSync(join(four, 'tables')).sort()).toEqual(tables);
    for (const t of tables) expect(readFileSync(join(four, 'tables', t), 'utf8'), t).toBe(readFileSync(join(one, 'tables', t), 'utf8'));
    // And a different seed does change the replay (the draws are seeded, not fixed).
    const other = join(base, 'other');
    await runCli(['run', '-w', '2', '-o', other, '-q', '--seed', '43']);
    expect(stable(other)).not.toEqual(stable(one));
  });
});
