import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../engine/messages.js';
import { runCli, tempDir, type CliResult } from '../helpers/run-cli.js';
import type { Summary } from '../../engine/summary.js';

const SCHEMA = JSON.parse(readFileSync(join(process.cwd(), 'reports', 'summary.schema.json'), 'utf8'));

describe('ticket-replay run on the bundled sample', () => {
  let out: string;
  let result: CliResult;
  let summary: Summary;

  beforeAll(async () => {
    out = join(tempDir(), 'report');
    result = await runCli(['run', '--out', out, '--workers', '2']);
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  });

  it('exits 0 and says where the report is', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Replayed 5,000 of 5,000 records \(0 rejected\)/);
    expect(result.stderr).toContain(`Report written to ${out}/`);
  });

  it('writes every output of the SPEC', () => {
    for (const file of ['summary.json', 'report.html', 'report.md', 'rejected.csv', 'tables/monthly.csv']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const charts = readdirSync(join(out, 'charts'));
    const specs = charts.filter((f) => f.endsWith('.vl.json'));
    expect(specs.length).toBeGreaterThanOrEqual(3);
    for (const spec of specs) {
      const name = spec.replace('.vl.json', '');
      expect(charts).toContain(`${name}.svg`);
      expect(charts).toContain(`${name}.png`);
    }
    expect(readFileSync(join(out, 'rejected.csv'), 'utf8')).toBe('file,line,id,code,reason\n');
  });

  it('writes a summary.json valid against the SPEC schema, whose counts reconcile', () => {
    const validate = new Ajv2020({ strict: false }).compile(SCHEMA);
    expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
    expect(summary.counts.read).toBe(summary.counts.replayed + summary.counts.rejected);
    expect(summary.automation.aiResolved + summary.automation.handedOff).toBe(summary.counts.replayed);
    expect(summary.months).toHaveLength(12);
    expect(summary.inputs[0]).toMatchObject({ adapter: 'generic-csv', records: 5000 });
    expect(summary.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('bills every catalogue plan with totals equal to the sum of months, to the cent', () => {
    expect(summary.plans.length).toBeGreaterThanOrEqual(3);
    for (const plan of summary.plans) {
      const cents = plan.monthly.reduce((sum, m) => sum + Math.round(m.usd * 100), 0);
      expect(Math.round(plan.totalUsd * 100), plan.id).toBe(cents);
      expect(plan.monthly).toHaveLength(12);
      for (const dim of ['group', 'channel', 'intent']) {
        const tagCents = plan.byTag.filter((t) => t.dimension === dim).reduce((s, t) => s + Math.round(t.usd * 100), 0);
        expect(tagCents, `${plan.id} by ${dim}`).toBe(cents);
      }
    }
  });
});

describe('ticket-replay run --budget --human-cost: the whole catalogue side by side, as the vendors bill', () => {
  let out: string;
  let result: CliResult;
  let summary: Summary;

  beforeAll(async () => {
    out = join(tempDir(), 'report');
    result = await runCli(['run', '--out', out, '--workers', '1', '--budget', '300', '--human-cost', '4', '--scenarios', 'datasets/scenarios/example.yaml']);
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  });

  it('bills every catalogue plan, all six models, and names the plans over budget', () => {
    expect(result.code).toBe(0);
    expect(new Set(summary.plans.map((p) => p.model))).toEqual(new Set(['flex-credits', 'per-conversation', 'flat-rate', 'per-resolution', 'per-user', 'per-ticket']));
    for (const plan of summary.plans) expect(result.stderr, plan.id).toContain(plan.id);
    const packs = summary.budget!.plans.find((p) => p.id === 'salesforce-flex-packs')!;
    expect(result.stderr).toMatch(new RegExp(`salesforce-flex-packs .* over the \\$300\\.00 budget in ${packs.monthsOver} months?, by`));
    const validate = new Ajv2020({ strict: false }).compile(SCHEMA);
    expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
  });

  it('adds $4 per handed-off ticket to every month of every plan', () => {
    for (const plan of summary.plans) {
      expect(plan.humanUsdPerHandoff).toBe(4);
      plan.monthly.forEach((m, i) => {
        expect(m.invoice.handoffs).toBe(summary.months[i].handedOff);
        expect(Math.round(m.invoice.humanUsd * 100)).toBe(m.invoice.handoffs * 400);
        expect(Math.round(m.usd * 100)).toBe(Math.round((m.invoice.feesUsd + m.invoice.usageUsd + m.invoice.humanUsd) * 100));
      });
      const tagCents = plan.byTag.filter((t) => t.dimension === 'tag').reduce((s, t) => s + Math.round(t.usd * 100), 0);
      expect(tagCents, plan.id).toBe(Math.round(plan.totalUsd * 100));
    }
  });

  it('forecasts the next 6 months of every plan with the budget risk, and the scenarios beside the baseline', () => {
    const f = summary.forecast!;
    expect(f).toMatchObject({ months: 6, paths: 2000, seed: 1 });
    expect(f.plans.map((p) => p.id)).toEqual(summary.plans.map((p) => p.id));
    for (const p of f.plans) {
      expect(p.months.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
      for (const m of p.months) {
        expect(m.p10).toBeLessThanOrEqual(m.p50);
        expect(m.p50).toBeLessThanOrEqual(m.p90);
        expect(m.p90).toBeLessThanOrEqual(m.p99);
        expect(m.pOverBudget).toBeGreaterThanOrEqual(0);
        expect(m.pOverBudget).toBeLessThanOrEqual(1);
      }
    }
    expect(summary.scenarios!.map((s) => s.name)).toEqual(['Baseline', 'Fast growth', 'Better bot', 'Chat first', 'Flex 20 % off', 'Per-resolution only']);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('What-if scenarios');
    expect(existsSync(join(out, 'charts', 'forecast-fan.png'))).toBe(true);
  });

  it('writes invoices, the wallet and the budget as tables that agree with summary.json', () => {
    const invoices = readFileSync(join(out, 'tables', 'invoices.csv'), 'utf8').trim().split('\n');
    expect(invoices).toHaveLength(1 + 12 * summary.plans.length);
    const wallet = readFileSync(join(out, 'tables', 'wallet.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(wallet).toHaveLength(365); // one pack-billed plan, every day of 2025
    const packsPlan = summary.plans.find((p) => p.id === 'salesforce-flex-packs')!;
    for (const m of packsPlan.monthly) {
      const bought = wallet.filter((r) => r[1].startsWith(m.month)).reduce((s, r) => s + Number(r[3]), 0);
      expect(bought, m.month).toBe(m.invoice.packsBought);
    }
    expect(packsPlan.wallet!.runsOutOn).toMatch(/^2025-/);
    expect(packsPlan.wallet!.alerts.map((a) => a.thresholdPercent).slice(0, 4)).toEqual([50, 75, 90, 100]);
    const budget = readFileSync(join(out, 'tables', 'budget.csv'), 'utf8').trim().split('\n');
    expect(budget.filter((l) => l.endsWith(',yes'))).toHaveLength(summary.budget!.plans.reduce((s, p) => s + p.monthsOver, 0));
  });
});

describe('errors reach the user as one sentence with the right exit code', () => {
  it('a missing input file: exit 1, naming the file', async () => {
    const r = await runCli(['run', 'no/such/file.csv', '-o', join(tempDir(), 'x'), '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`ticket-replay: ${messages.fileNotFound('no/such/file.csv')}`);
  });

  it('an invalid plans file: exit 1, naming the file, the line and the field', async () => {
    const dir = tempDir();
    const plans = join(dir, 'plans.yaml');
    writeFileSync(plans, 'plans:\n  - id: x\n    name: X\n    model: per-conversation\n    usdPerConversation: two dollars\n');
    const r = await runCli(['run', 'datasets/seed-scenarios.csv', '-p', plans, '-o', join(dir, 'out'), '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${plans}, line 5, field "plans[0].usdPerConversation"`);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('scenarios without a forecast: exit 1, saying why', async () => {
    const r = await runCli(['run', 'datasets/seed-scenarios.csv', '--scenarios', 'datasets/scenarios/example.yaml', '--forecast-months', '0', '-o', join(tempDir(), 'x'), '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`ticket-replay: ${messages.scenariosNeedForecast('datasets/scenarios/example.yaml')}`);
  });

  it('a scenario shifting tickets to a channel the history never had: exit 1, naming the scenario', async () => {
    const dir = tempDir();
    const file = join(dir, 'scenarios.yaml');
    writeFileSync(file, 'scenarios:\n  - name: Voice first\n    channelShift: { from: chat, to: voice, share: 0.5 }\n');
    const r = await runCli(['run', 'test/fixtures/generic-csv/tickets.csv', '--scenarios', file, '--forecast-months', '1', '--forecast-paths', '10', '-o', join(dir, 'x'), '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`ticket-replay: ${messages.channelNotInHistory(file, 'Voice first', 'voice')}`);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('a bad flag value: exit 2', async () => {
    const r = await runCli(['run', '--workers', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(messages.badInteger('--workers', 'many'));
  });

  it('an unknown command: exit 2', async () => {
    const r = await runCli(['replay-everything']);
    expect(r.code).toBe(2);
  });

  it('quarantines bad records to rejected.csv and still reports, with counts that reconcile', async () => {
    const out = join(tempDir(), 'r');
    const r = await runCli(['run', 'test/fixtures/generic-csv/bad-records.csv', '-o', out, '-q']);
    expect(r.code).toBe(0);
    const s: Summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.counts).toMatchObject({ read: 9, replayed: 2, rejected: 7 });
    expect(s.counts.rejectedByReason).toEqual({ 'bad-date': 3, 'ragged-row': 2, 'csv-parse': 1, 'missing-id': 1 });
    const rejected = readFileSync(join(out, 'rejected.csv'), 'utf8').trim().split('\n');
    expect(rejected).toHaveLength(8);
    expect(rejected[1]).toBe(`test/fixtures/generic-csv/bad-records.csv,3,6002,bad-date,"${messages.badDate('created_at', '2025-13-01T10:00:00Z').replace(/"/g, '""')}"`);
  });
});

describe('the other commands', () => {
  it('plans prints the catalogue with sources', async () => {
    const r = await runCli(['plans']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('flex-credits');
    expect(r.stdout).toContain('per-conversation');
    expect(r.stdout).toContain('flat-rate');
    expect(r.stdout).toMatch(/source: https?:\/\//);
  });

  it('plans validates a file', async () => {
    const r = await runCli(['plans', 'test/fixtures/e2e/flex-metered.yaml']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 valid plan');
  });

  it('adapters lists generic-csv and the mapping presets', async () => {
    const r = await runCli(['adapters']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('generic-csv');
    expect(r.stdout).toContain('cfpb');
  });

  it('playbook --print-default prints YAML that validates', async () => {
    const dir = tempDir();
    const r = await runCli(['playbook', '--print-default']);
    expect(r.code).toBe(0);
    writeFileSync(join(dir, 'pb.yaml'), r.stdout);
    const v = await runCli(['playbook', join(dir, 'pb.yaml')]);
    expect(v.code).toBe(0);
    expect(v.stderr).toMatch(/valid playbook with \d+ intents/);
  });

  it('generate writes a seeded generic-csv that run reads back', async () => {
    const dir = tempDir();
    const file = join(dir, 'g.csv');
    const g = await runCli(['generate', '--format', 'generic-csv', '--tickets', '300', '--seed', '7', '--months', '3', '--out', file]);
    expect(g.code).toBe(0);
    const again = await runCli(['generate', '--format', 'generic-csv', '--tickets', '300', '--seed', '7', '--months', '3']);
    expect(again.stdout).toBe(readFileSync(file, 'utf8'));
    const r = await runCli(['run', file, '-o', join(dir, 'out'), '-q', '--json']);
    expect(r.code).toBe(0);
    const s: Summary = JSON.parse(r.stdout);
    expect(s.counts).toMatchObject({ read: 300, replayed: 300, rejected: 0 });
    expect(s.months).toHaveLength(3);
  });

  it('inspect shows a readable view of one ticket', async () => {
    const r = await runCli(['inspect', 'test/fixtures/generic-csv/tickets.csv', '--id', '5002']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('#5002');
    // "The reset e-mail never arrives" is a password reset by the labelling rules (datasets/eval/README.md).
    expect(r.stdout).toMatch(/intent\s+password-reset\s+\[rule password-reset; matched "[^\]]*reset email/);
    expect(r.stdout).toMatch(/score\s+\d+\.\d\d; next [a-z-]+ -?\d+\.\d\d/);
    const missing = await runCli(['inspect', 'test/fixtures/generic-csv/tickets.csv', '--id', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(messages.ticketNotFound('nope'));
  });
});
