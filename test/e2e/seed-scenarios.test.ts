import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import type { Summary } from '../../engine/summary.js';

const SEEDS = 'datasets/seed-scenarios.csv';
const read = (dir: string): Summary => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));

describe('the seed scenarios (SPEC "Pricing models")', () => {
  it('cost 10 actions = 200 credits = $1.00 under metered Flex Credits in production', async () => {
    const out = tempDir();
    const r = await runCli(['run', SEEDS, '--plans', 'test/fixtures/e2e/flex-metered.yaml', '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = read(out);
    expect(s.counts).toMatchObject({ read: 3, replayed: 3, rejected: 0 });
    expect(s.actions.total).toBe(10);
    expect(s.plans).toHaveLength(1);
    expect(s.plans[0].units.credits).toBe(200);
    expect(s.plans[0].totalUsd).toBe(1);
    expect(s.plans[0].monthly.map((m) => [m.month, m.usd])).toEqual([['2025-03', 1]]);
  });

  it('cost 160 credits = $0.80 in a sandbox', async () => {
    const out = tempDir();
    const r = await runCli(['run', SEEDS, '-p', 'test/fixtures/e2e/flex-metered.yaml', '-o', out, '-q', '--environment', 'sandbox']);
    expect(r.code).toBe(0);
    const s = read(out);
    expect(s.run.environment).toBe('sandbox');
    expect(s.plans[0].units.credits).toBe(160);
    expect(s.plans[0].totalUsd).toBe(0.8);
  });

  it('cost $6.00 as three $2 conversations', async () => {
    const out = tempDir();
    const r = await runCli(['run', SEEDS, '-p', 'test/fixtures/e2e/per-conversation.json', '-o', out, '-q']);
    expect(r.code).toBe(0);
    const s = read(out);
    expect(s.plans[0].units.conversations).toBe(3);
    expect(s.plans[0].totalUsd).toBe(6);
  });

  it('inspect --json explains each ticket with its exact actions and per-plan cost', async () => {
    const r = await runCli(['inspect', SEEDS, '--json', '-p', 'test/fixtures/e2e/flex-metered.yaml']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => [x.actions.length, x.costs['flex-metered'], x.conversations, x.resolution])).toEqual([
      [3, 0.3, 1, 'ai'],
      [6, 0.6, 1, 'ai'],
      [1, 0.1, 1, 'ai'],
    ]);
    expect(rows[0]).toMatchObject({ adapter: 'generic-csv', intent: 'explicit-actions', messages: 0 });
    expect(rows[1].actions).toEqual([
      'Identify Customer', 'Get Work Types', 'Get Time Slots', 'Get Time Slots', 'Schedule Appointment', 'Answer Question with Knowledge',
    ]);
  });
});
