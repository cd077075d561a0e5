/**
 * Fuzzing the configuration loaders (plans, playbooks and their keyword tables, scenarios,
 * mappings; engine/config.ts underneath): any bytes as the file give a value or a CONFIG
 * ReplayError naming the file, never another exception, never a polluted Object.prototype. What
 * loads is usable: plans and playbooks are plain data that cross to the workers (structured
 * clone, JSON), and a loaded playbook compiles. Inputs are mutations of the built-in and fixture
 * files (JSON, and YAML parsed, changed and written back), random bytes and token soup.
 */

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as yamlText } from 'yaml';
import { loadMapping } from '../../adapters/mapping.js';
import { ReplayError } from '../../engine/errors.js';
import { loadScenarios } from '../../engine/forecast/scenarios.js';
import { compilePlaybook } from '../../engine/infer/compile.js';
import { loadKeywordTable } from '../../engine/infer/keyword-table.js';
import { loadPlaybook } from '../../engine/infer/playbook.js';
import { loadPlans } from '../../engine/pricing/plans.js';
import { FUZZ_TIMEOUT, fuzz, printable } from './harness.js';
import { fixture, inputArb, mutationsArb, mutate, type Mutation } from './inputs.js';

const dir = mkdtempSync(join(tmpdir(), 'fuzz-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The corpus's files for one loader, when present. */
const corpus = (prefix: string) => {
  try {
    return readdirSync('test/fixtures/bad').filter((f) => f.startsWith(prefix)).sort().map((f) => `test/fixtures/bad/${f}`);
  } catch {
    return [];
  }
};
const inDir = (d: string, ext = /\.(ya?ml|json)$/) => readdirSync(d).filter((f) => ext.test(f)).sort().map((f) => `${d}/${f}`);

/**
 * A structure-aware mutation for YAML: parse, change like a JSON document (harness), write back
 * as YAML. Byte-level mutations and JSON documents go through the harness as they are.
 */
const yamlMutation: fc.Arbitrary<Mutation[]> = mutationsArb('json');
function mutateConfig(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = bytes;
  for (const m of mutations) {
    if (m.op === 'json' && !looksJson(b)) {
      try {
        const holder = { doc: parseYaml(Buffer.from(b).toString('utf8'), { maxAliasCount: 100, logLevel: 'error' }) as unknown };
        const json = new Uint8Array(Buffer.from(JSON.stringify(holder.doc) ?? 'null'));
        const changed = JSON.parse(Buffer.from(mutate(json, [m])).toString('utf8')) as unknown;
        b = new Uint8Array(Buffer.from(yamlText(changed)));
        continue;
      } catch {
        // not YAML either: byte mutations only
      }
    }
    b = mutate(b, [m]);
  }
  return b;
}
const looksJson = (b: Uint8Array) => /^\s*[[{]/.test(Buffer.from(b.subarray(0, 64)).toString('utf8'));

/** Hostile config files: mostly mutations of valid ones (YAML-aware), some plain bytes. */
function configArb(paths: string[]): fc.Arbitrary<Uint8Array> {
  const bases = fc.constantFrom(...paths.map(fixture));
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(bases, yamlMutation).map(([b, ms]) => printable(mutateConfig(b, ms))) },
    { weight: 1, arbitrary: inputArb(bases, 'json') },
  );
}

let cases = 0;
/** Writes a case to a temp file (a few names, reused), for the loaders take paths. */
function temp(bytes: Uint8Array, ext: string): string {
  const path = join(dir, `case-${cases++ % 8}.${ext}`);
  writeFileSync(path, bytes);
  return path;
}

const PROTOTYPE = Object.getOwnPropertyNames(Object.prototype).sort();

/**
 * A loader's outcome: its value, or a CONFIG ReplayError naming the file (or the file it names
 * that fails: a playbook's keyword table); the prototype untouched either way.
 */
function loads<T>(file: string, load: () => T, named: string[] = []): T | undefined {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ReplayError)) {
      const e = error as Error;
      throw new Error(`threw ${e?.name} instead of a ReplayError: ${e?.message}\n${e?.stack ?? ''}`);
    }
    if (error.code !== 'CONFIG') throw new Error(`a ${error.code} error, not CONFIG: ${error.message}`);
    if (![file, ...named].some((f) => error.message.includes(f))) throw new Error(`the error does not name the file: ${error.message}`);
    return undefined;
  } finally {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }
}

const RUNS = 500;

describe('fuzz: config loaders', () => {
  it(`plans: any file gives plain-data plans or a CONFIG error naming it (${RUNS} cases)`, async () => {
    const paths = ['datasets/plans/catalogue.yaml', ...inDir('test/fixtures/plans'), ...inDir('test/fixtures/e2e'), ...corpus('plans-')];
    await fuzz('config-plans', configArb(paths), async (bytes) => {
      const file = temp(bytes, 'yaml');
      const plans = loads(file, () => loadPlans(file));
      if (plans) expect(structuredClone(plans)).toEqual(plans);
    }, RUNS);
  }, FUZZ_TIMEOUT);

  it(`scenarios: any file gives scenarios or a CONFIG error naming it (${RUNS} cases)`, async () => {
    const plans = loadPlans();
    await fuzz('config-scenarios', configArb(['datasets/scenarios/example.yaml']), async (bytes) => {
      const file = temp(bytes, 'yaml');
      loads(file, () => loadScenarios(file, plans));
    }, RUNS);
  }, FUZZ_TIMEOUT);

  it(`mappings: any file gives a mapping or a CONFIG error naming it (${RUNS} cases)`, async () => {
    const paths = [...inDir('datasets/mappings'), 'test/fixtures/generic-csv/cfpb-like.mapping.yaml', ...corpus('mapping-').filter((f) => /\.(ya?ml|json)$/.test(f))];
    await fuzz('config-mapping', configArb(paths), async (bytes) => {
      const file = temp(bytes, 'yaml');
      const mapping = loads(file, () => loadMapping(file));
      if (mapping) expect(structuredClone(mapping)).toEqual(mapping);
    }, RUNS);
  }, FUZZ_TIMEOUT);

  it(`playbooks: any file gives a playbook that compiles and crosses to workers as JSON, or a CONFIG error naming it (${RUNS} cases)`, async () => {
    // The built-in playbook names its 2.9 MB learned table; a case names a small table of the same intents beside it.
    const table = readFileSync('datasets/playbooks/default-keywords.tsv', 'utf8').split('\n').slice(0, 60).join('\n');
    writeFileSync(join(dir, 'small-keywords.tsv'), table);
    const builtIn = readFileSync('datasets/playbooks/default.yaml', 'utf8').replace('keywordsFile: default-keywords.tsv', 'keywordsFile: small-keywords.tsv');
    const small = join(dir, 'default-small.yaml');
    writeFileSync(small, builtIn);
    // The fixtures name their tables as tables/<name>.tsv, beside them.
    cpSync('test/fixtures/playbooks/tables', join(dir, 'tables'), { recursive: true });
    // extends.yaml loads the whole built-in table: it is a base only in the keyword-free playbooks below.
    const paths = [small, ...inDir('test/fixtures/playbooks').filter((f) => !/extends|keywords-long/.test(f)), ...corpus('playbook-')];
    await fuzz('config-playbook', configArb(paths), async (bytes) => {
      const file = temp(bytes, 'yaml');
      const playbook = loads(file, () => loadPlaybook(file), [dir]);
      if (!playbook) return;
      expect(JSON.parse(JSON.stringify(playbook))).toEqual(playbook);
      compilePlaybook(playbook);
    }, RUNS);
  }, FUZZ_TIMEOUT);

  it(`keyword tables: any file gives a table or a CONFIG error naming it (${RUNS} cases)`, async () => {
    const intents = new Set(['order-status', 'refund-request', 'complaint-escalation', 'discount', 'other']);
    const sample = readFileSync('datasets/playbooks/default-keywords.tsv').subarray(0, 2048);
    const bases = fc.constantFrom(new Uint8Array(sample), ...readdirSync('test/fixtures/playbooks/tables').sort().map((f) => fixture(`test/fixtures/playbooks/tables/${f}`)));
    await fuzz('config-keyword-table', inputArb(bases, 'csv'), async (bytes) => {
      const file = temp(bytes, 'tsv');
      const table = loads(file, () => loadKeywordTable(file, intents));
      if (!table) return;
      expect(table.intent.length).toBe(table.keyword.length);
      expect(table.weight.every(Number.isFinite)).toBe(true);
    }, RUNS);
  }, FUZZ_TIMEOUT);
});
