import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run eval', () => {
  it('scores the playbook on dev, test, the blind set and all held-out tickets, then back-tests the forecast', { timeout: 120_000 }, () => {
    const out = execFileSync(process.execPath, ['test/eval/eval.mjs'], { encoding: 'utf8' });
    expect(out).toMatch(/== dev split: 326 tickets/);
    expect(out).toMatch(/== test split: 318 tickets/);
    // The blind set (datasets/eval/heldout/, 4 writers × 6 per intent) and test + blind.
    expect(out).toMatch(/== blind split: 815 tickets/);
    expect(out).toMatch(/== held-out split: 1133 tickets/);
    const f1 = [...out.matchAll(/macro-F1 (\d\.\d+)/g)].map((m) => Number(m[1]));
    expect(f1).toHaveLength(4);
    for (const v of f1) expect(v).toBeGreaterThan(0);
    // Every intent has support on the held-out split: a blind file that lost an intent would show.
    const heldOut = out.slice(out.indexOf('== held-out split'));
    const supports = [...heldOut.matchAll(/^[a-z-]+ +\d\.\d\d +\d\.\d\d +\d\.\d\d +(\d+)$/gm)].map((m) => Number(m[1]));
    expect(supports).toHaveLength(34);
    for (const n of supports) expect(n).toBeGreaterThanOrEqual(31);
    expect(out).toMatch(/most confused \(truth → inferred\): \S/);
    // The back-test: per plan coverage of P10–P90 and MAPE of P50, on the sample at least.
    expect(out).toMatch(/== forecast back-test/);
    expect(out).toMatch(/bundled sample .*forecasting 2025-10, 2025-11, 2025-12/);
    expect(out).toMatch(/salesforce-flex-metered +\d+ % +\d+\.\d %/);
    expect(out).toMatch(/overall: coverage \d+ % of plan-months inside P10–P90/);
  });
});
