import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The product ships the contract's schema in reports/; where the team's shared folder sits beside
// the checkout (CI does), the copy must not have drifted from it.
const shared = join(process.cwd(), '..', 'shared', 'summary.schema.json');

describe('reports/summary.schema.json', () => {
  it.runIf(existsSync(shared))('is the contract schema, unchanged', () => {
    expect(JSON.parse(readFileSync('reports/summary.schema.json', 'utf8'))).toEqual(JSON.parse(readFileSync(shared, 'utf8')));
  });
});
