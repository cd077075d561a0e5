import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run-cli.js';

/** The modules a process imports before it runs anything: the CLI's entry, as `ticket-replay` loads it. */
function importsOf(entry: string): string[] {
  const file = join(tempDir(), 'imports.txt');
  const r = spawnSync(process.execPath, ['--import', './test/helpers/record-imports.mjs', '--input-type=module', '-e', `await import(${JSON.stringify(entry)})`], {
    env: { ...process.env, RECORD_IMPORTS: file },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(file, 'utf8').trim().split('\n');
}

describe('start-up', () => {
  // Everything loaded before the first ticket is read is on every run's critical path; the report's
  // libraries (arquero alone is 166 modules, about 75 ms) come in only once the replay is over
  // (engine/pipeline.ts writeReportLazily), which also keeps them off the replay's peak memory.
  it("loads none of the report's libraries before a run starts", () => {
    const urls = importsOf(join(process.cwd(), 'dist', 'engine', 'cli', 'main.js'));
    expect(urls.some((u) => u.includes('/dist/engine/pipeline.js'))).toBe(true);
    const report = urls.filter((u) => /\/node_modules\/(arquero|vega[^/]*|@resvg)\//.test(u));
    expect(report).toEqual([]);
  });
});
