import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import type { Summary } from '../../engine/summary.js';

const SHARED = join(process.cwd(), '..', 'shared', 'data');
const CASES = [
  { preset: 'cfpb', trimmed: 'test/fixtures/datasets/cfpb-complaints-300.csv', full: join(SHARED, 'cfpb-complaints-sample', 'complaints_sample.csv'), records: 6623 },
  { preset: 'kaggle-support', trimmed: 'test/fixtures/datasets/kaggle-support-300.csv', full: join(SHARED, 'kaggle-customer-support-tickets', 'customer_support_tickets.csv'), records: 8469 },
];

async function replay(file: string, preset: string): Promise<Summary> {
  const out = join(tempDir(), 'out');
  const r = await runCli(['run', file, '--mapping', preset, '-o', out, '-q']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
}

function reconciles(s: Summary): void {
  expect(s.counts.read).toBe(s.counts.replayed + s.counts.rejected);
  expect(s.automation.aiResolved + s.automation.handedOff).toBe(s.counts.replayed);
  expect(Object.values(s.intents).reduce((a, b) => a + b, 0)).toBe(s.counts.replayed);
  expect(s.months.reduce((a, m) => a + m.tickets, 0)).toBe(s.counts.replayed);
}

describe.each(CASES)('the $preset dataset through its preset', ({ preset, trimmed, full, records }) => {
  it('replays the committed 300-record extract with counts that reconcile', async () => {
    const s = await replay(trimmed, preset);
    expect(s.counts).toMatchObject({ read: 300, replayed: 300, rejected: 0 });
    reconciles(s);
  });

  it.runIf(existsSync(full))('replays the full file in ../shared/data', async () => {
    const s = await replay(full, preset);
    expect(s.counts.read).toBe(records);
    reconciles(s);
  });
});
