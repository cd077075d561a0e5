// The evaluation data keeps its promises: held-out tickets are never training tickets, every
// label is an intent of the built-in playbook, and the blind set covers every intent.
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../engine/infer/playbook.js';

type Row = { id: string; intent: string; subject: string; body: string; split?: string };
const dir = new URL('../../datasets/eval/', import.meta.url);
const read = (url: URL): Row[] => parse(readFileSync(url), { columns: true, bom: true });
const folder = (name: string): Row[] => {
  const at = new URL(`${name}/`, dir);
  return readdirSync(at).filter((f) => f.endsWith('.csv')).sort().flatMap((f) => read(new URL(f, at)));
};
const labelled = read(new URL('labelled-tickets.csv', dir));
const train = [...folder('train'), ...labelled.filter((r) => r.split === 'dev')];
const test = labelled.filter((r) => r.split === 'test');
const blind = folder('heldout');
// Whitespace and case do not make a text new.
const text = (r: Row) => `${r.subject}\n${r.body}`.toLowerCase().replace(/\s+/g, ' ').trim();
const body = (r: Row) => r.body.toLowerCase().replace(/\s+/g, ' ').trim();

describe('evaluation data', () => {
  const intents = new Set(loadPlaybook().intents.map((i) => i.id));

  it('labels every ticket with an intent of the built-in playbook, and ids are unique', () => {
    const all = [...train, ...test, ...blind];
    for (const r of all) expect(intents.has(r.intent), `${r.id}: ${r.intent}`).toBe(true);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
  });

  it('holds out texts the trainer never reads: no test or blind body is also a training body', () => {
    const seen = new Set(train.map(body));
    const leaked = [...test, ...blind].filter((r) => seen.has(body(r))).map((r) => r.id);
    expect(leaked).toEqual([]);
    // Nor does the blind set repeat the test split (a ticket counted twice in held-out figures).
    const inTest = new Set(test.map(text));
    expect(blind.filter((r) => inTest.has(text(r))).map((r) => r.id)).toEqual([]);
  });

  it('the blind set has at least 23 tickets of every intent', () => {
    const per = new Map<string, number>();
    for (const r of blind) per.set(r.intent, (per.get(r.intent) ?? 0) + 1);
    for (const id of intents) expect(per.get(id) ?? 0, id).toBeGreaterThanOrEqual(23);
  });
});
