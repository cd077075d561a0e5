import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run eval', () => {
  it('scores the playbook on both splits of the labelled set, then back-tests the forecast', { timeout: 120_000 }, () => {
    const out = execFileSync(process.execPath, ['test/eval/eval.mjs'], { encoding: 'utf8' });
    expect(out).toMatch(/== dev split: \d+ tickets/);
    expect(out).toMatch(/== test split: \d+ tickets/);
    const f1 = [...out.matchAll(/macro-F1 (\d\.\d+)/g)].map((m) => Number(m[1]));
    expect(f1).toHaveLength(2);
    for (const v of f1) expect(v).toBeGreaterThan(0);
    expect(out).toMatch(/most confused \(truth → inferred\): \S/);
    // The back-test: per plan coverage of P10–P90 and MAPE of P50, on the sample at least.
    expect(out).toMatch(/== forecast back-test/);
    expect(out).toMatch(/bundled sample .*forecasting 2025-10, 2025-11, 2025-12/);
    expect(out).toMatch(/salesforce-flex-metered +\d+ % +\d+\.\d %/);
    expect(out).toMatch(/overall: coverage \d+ % of plan-months inside P10–P90/);
  });
});
