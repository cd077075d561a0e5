// npm run train: learns the built-in playbook's keyword weights from labelled tickets.
//
// A naive Bayes model over the words (stems, as engine/infer/tokens.ts reads them) and word pairs
// of each ticket's subject and body. Its weights become the keyword table
// datasets/playbooks/default-keywords.tsv and each intent's `prior` and `keywordCost` in
// datasets/playbooks/default.yaml, where an analyst can read and edit them: the playbook stays
// data, and inference stays a sum of keyword weights (see fit() for why that is exact).
//
// Data: datasets/eval/train/*.csv (training tickets) and the dev split of
// datasets/eval/labelled-tickets.csv. The test split is never read here.
// Model selection: two-fold cross-validation over dev, each setting scored with the real matcher
// (compilePlaybook + matchIntent); the best is retrained on train/ + dev and written.
//
// Usage: npm run train -- [--dry-run] [--out file]
//   --dry-run prints the selection and writes nothing; --out writes the playbook elsewhere.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { KEYWORD_TABLE_HEADER } from '../../dist/engine/infer/keyword-table.js';
import { compilePlaybook, matchIntent, normalizeText } from '../../dist/engine/infer/compile.js';
import { loadPlaybook } from '../../dist/engine/infer/playbook.js';
import { forEachWord, NUMBER_TOKEN, stem } from '../../dist/engine/infer/tokens.js';

const root = new URL('../../', import.meta.url);
const playbookFile = new URL('datasets/playbooks/default.yaml', root);
const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const outFile = args.includes('--out') ? resolve(args[args.indexOf('--out') + 1]) : fileURLToPath(playbookFile);

// Function words: a pair of two of them is not a keyword (a pair with one, like "log in", is).
const STOP = new Set(
  ('a an and are as at be been but by can could do does did for from had has have hello hi i if in into is it its just me ' +
    'my of on or our please so than thank thanks that the their them then there these they this to too was we were what ' +
    'when which who will with would you your yours am im ive id dear regards best kind sent iphone hey also get got ' +
    // CFPB's redaction marks are an artefact of that dataset, not words customers use.
    'xx xxxx xxxxxxxx ' +
    NUMBER_TOKEN).split(' ').map(stem),
);

/** The way each stem is most often written in the training texts: keywords are written that way. */
const spellings = new Map();
const spell = (s) => [...(spellings.get(s) ?? new Map([[s, 1]]))].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];

const readCsv = (url) => parse(readFileSync(url), { columns: true, bom: true });
const trainDir = new URL('datasets/eval/train/', root);
const train = readdirSync(trainDir).filter((f) => f.endsWith('.csv')).flatMap((f) => readCsv(new URL(f, trainDir)));
const dev = readCsv(new URL('datasets/eval/labelled-tickets.csv', root)).filter((r) => r.split === 'dev');
const base = loadPlaybook();
const intents = base.intents.map((i) => i.id);
const unknown = [...new Set(train.map((r) => r.intent))].filter((id) => !intents.includes(id));
if (unknown.length) throw new Error(`training rows with intents the playbook lacks: ${unknown.join(', ')}`);

/** The keyword candidates of a ticket, as the matcher would find them: words and adjacent pairs. */
function features(row) {
  const words = [];
  forEachWord(normalizeText(`${row.subject}\n${row.body}\n`), (w) => {
    const s = stem(w);
    words.push(s);
    const seen = spellings.get(s) ?? new Map();
    spellings.set(s, seen.set(w, (seen.get(w) ?? 0) + 1));
  });
  const out = new Set();
  words.forEach((w, i) => {
    // Every word counts alone (function words too: "how" and "can" carry how-to and product questions).
    if (w.length > 1 && w !== NUMBER_TOKEN) out.add(w);
    const prev = words[i - 1];
    // A keyword cannot spell "a number" (# is not a word), so pairs with one are left out.
    if (prev !== undefined && !(STOP.has(prev) && STOP.has(w)) && prev !== NUMBER_TOKEN && w !== NUMBER_TOKEN) out.add(`${prev} ${w}`);
  });
  return [...out];
}

/**
 * Multinomial naive Bayes over word and word-pair presence, written as keyword weights: for a
 * ticket with keywords F (those found of all intents' keywords), NB's log-score of intent k is
 *   ln π_k + Σ_{f∈F} ln((c_fk + α) / (T_k + αV))
 * which, less the same amount for every intent, is
 *   ln(π_k/π_catchAll) + Σ_{f∈F, c_fk>0} ln((c_fk + α)/α) − |F| · (ln(T_k + αV) − min_j ln(T_j + αV))
 * = prior + keyword weights found − keywordCost × keywords found: exactly the matcher's score.
 */
function fit(rows, { alpha, minDocs }) {
  const docs = rows.map((r) => ({ y: intents.indexOf(r.intent), f: features(r) }));
  const df = new Map();
  for (const d of docs) for (const f of d.f) df.set(f, (df.get(f) ?? 0) + 1);
  const K = intents.length;
  const counts = new Map();
  const total = new Float64Array(K);
  const docsOf = new Float64Array(K);
  for (const d of docs) {
    docsOf[d.y]++;
    for (const f of d.f) {
      if (df.get(f) < minDocs) continue;
      let c = counts.get(f);
      if (!c) counts.set(f, (c = new Float64Array(K)));
      c[d.y]++;
      total[d.y]++;
    }
  }
  return { counts, total, docsOf, alpha, V: counts.size };
}

/** The model as playbook fields: per intent, its keywords (every word or pair seen with it), prior and keywordCost. */
function toPlaybook(model, prune = 0.005) {
  const { counts, total, docsOf, alpha, V } = model;
  const catchAll = base.intents.findIndex((i) => i.catchAll);
  const round = (x) => Math.round(x * 100) / 100;
  const norm = [...total].map((t) => Math.log(t + alpha * V));
  const least = Math.min(...norm);
  // Centred per keyword: each weight less the keyword's mean weight over all intents (0 where an
  // intent lacks it). A word every intent uses alike ("the", "order") then weighs about nothing,
  // and an intent that lacks a word is taken to use it at the average rate, not never: so an
  // intent an analyst adds with a few keywords competes on the same scale as the learned ones.
  const K = intents.length;
  const centred = new Map();
  for (const [f, c] of counts) {
    const w = [...c].map((n) => (n > 0 ? Math.log((n + alpha) / alpha) : 0));
    const mean = w.reduce((a, b) => a + b, 0) / K;
    centred.set(f, w.map((x, k) => (c[k] > 0 ? x - mean : 0)));
  }
  return intents.map((id, k) => {
    const ranked = [];
    for (const [f, c] of counts) if (c[k] > 0 && Math.abs(centred.get(f)[k]) >= prune) ranked.push([f, centred.get(f)[k]]);
    ranked.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    const keywords = {};
    for (const [f, w] of ranked) keywords[f.split(' ').map(spell).join(' ')] = round(w);
    return { id, keywords, prior: round(Math.log(docsOf[k] / docsOf[catchAll])), keywordCost: round(norm[k] - least) };
  });
}

/** Keywords written in the playbook itself (an analyst's, not learned): kept, and they win over learned weights. */
const written = Object.fromEntries(
  (parseDocument(readFileSync(playbookFile, 'utf8')).toJS().intents ?? []).map((i) => [i.id, i.keywords ?? {}]),
);

function withLearned(learned) {
  const keywordTable = { intent: [], keyword: [], weight: [] };
  for (const { id, keywords } of learned) {
    for (const [keyword, weight] of Object.entries(keywords)) {
      keywordTable.intent.push(id);
      keywordTable.keyword.push(keyword);
      keywordTable.weight.push(weight);
    }
  }
  return {
    ...base,
    keywordTable,
    intents: base.intents.map((intent, k) => ({
      ...intent, patterns: [], weight: 1, keywords: written[intent.id], prior: learned[k].prior, keywordCost: learned[k].keywordCost,
    })),
  };
}

function macroF1(pb, rows) {
  const compiled = compilePlaybook(pb);
  const tp = {}, fp = {}, fn = {};
  for (const r of rows) {
    const got = matchIntent(compiled, normalizeText(`${r.subject}\n${r.body}\n`)).intent.id;
    if (got === r.intent) tp[got] = (tp[got] ?? 0) + 1;
    else {
      fp[got] = (fp[got] ?? 0) + 1;
      fn[r.intent] = (fn[r.intent] ?? 0) + 1;
    }
  }
  let sum = 0, worst = 1;
  for (const id of intents) {
    const t = tp[id] ?? 0;
    const p = t ? t / (t + (fp[id] ?? 0)) : 0, r = t ? t / (t + (fn[id] ?? 0)) : 0;
    const f1 = p + r ? (2 * p * r) / (p + r) : 0;
    sum += f1;
    worst = Math.min(worst, f1);
  }
  return { macro: sum / intents.length, worst };
}

// Two-fold cross-validation over dev: train on train/ plus one half of dev, score the other half
// (the final model is trained on train/ and all of dev, so this is the setting it will be in).
const folds = [0, 1].map((k) => ({ fit: [...train, ...dev.filter((_, i) => i % 2 !== k)], score: dev.filter((_, i) => i % 2 === k) }));
const grid = [];
for (const minDocs of [1, 2]) {
  for (const alpha of [0.05, 0.1, 0.2, 0.4]) {
    const models = folds.map((fold) => fit(fold.fit, { alpha, minDocs }));
    // Centred weights this close to 0 decide little and cost a posting each per ticket read.
    for (const prune of [0.005, 0.1, 0.25]) {
      const scores = folds.map((fold, k) => macroF1(withLearned(toPlaybook(models[k], prune)), fold.score));
      const size = toPlaybook(models[0], prune).reduce((n, i) => n + Object.keys(i.keywords).length, 0);
      const score = { macro: (scores[0].macro + scores[1].macro) / 2, worst: Math.min(scores[0].worst, scores[1].worst) };
      grid.push({ alpha, minDocs, prune, size, ...score });
      console.log(`alpha ${String(alpha).padEnd(4)}  keywords seen in ≥ ${minDocs} tickets, |weight| ≥ ${String(prune).padEnd(5)}  ${String(size).padStart(6)} entries  dev macro-F1 (2-fold) ${score.macro.toFixed(3)}  lowest ${score.worst.toFixed(2)}`);
    }
  }
}
// Best on dev; among near-ties (within 0.005), the smallest table (fastest to read tickets with).
const top = Math.max(...grid.map((g) => g.macro));
const pick = grid.filter((g) => g.macro >= top - 0.005).sort((a, b) => a.size - b.size)[0];
console.log(`picked alpha ${pick.alpha}, keywords seen in ≥ ${pick.minDocs} tickets, |weight| ≥ ${pick.prune}: dev macro-F1 ${pick.macro.toFixed(3)} (${train.length} training tickets, dev in halves)`);
if (args.includes('--diagnose')) {
  // Every dev ticket predicted by the fold model that did not see it: the confusions to study.
  const confused = {};
  folds.forEach((fold) => {
    const compiled = compilePlaybook(withLearned(toPlaybook(fit(fold.fit, pick), pick.prune)));
    for (const r of fold.score) {
      const got = matchIntent(compiled, normalizeText(`${r.subject}\n${r.body}\n`));
      if (got.intent.id === r.intent) continue;
      const key = `${r.intent} → ${got.intent.id}`;
      (confused[key] ??= []).push(`${r.id}: ${(r.subject + ' | ' + r.body).replace(/\s+/g, ' ').slice(0, 150)}`);
    }
  });
  for (const [key, rows] of Object.entries(confused).sort((a, b) => b[1].length - a[1].length)) console.log(`${key} ×${rows.length}\n  ${rows.join('\n  ')}`);
  const pooled = {};
  for (const [key, rows] of Object.entries(confused)) {
    const [truth, got] = key.split(' → ');
    (pooled[truth] ??= { fn: 0, fp: 0 }).fn += rows.length;
    (pooled[got] ??= { fn: 0, fp: 0 }).fp += rows.length;
  }
  for (const id of intents) {
    const n = dev.filter((r) => r.intent === id).length;
    const { fn = 0, fp = 0 } = pooled[id] ?? {};
    const tp = n - fn;
    console.log(`${id.padEnd(24)} F1 ${(tp ? (2 * tp) / (2 * tp + fn + fp) : 0).toFixed(2)}  (${tp}/${n}, ${fp} wrongly given)`);
  }
}
if (dryRun) process.exit(0);

const final = toPlaybook(fit([...train, ...dev], pick), pick.prune);
const doc = parseDocument(readFileSync(playbookFile, 'utf8'));
final.forEach(({ id, prior, keywordCost }) => {
  const node = doc.get('intents').items.find((item) => item.get('id') === id);
  node.delete('patterns');
  node.delete('weight');
  if (base.intents.find((i) => i.id === id).catchAll) node.set('catchAll', true);
  node.set('prior', prior);
  node.set('keywordCost', keywordCost);
});
const tsv = [KEYWORD_TABLE_HEADER];
for (const { id, keywords } of final) for (const [keyword, weight] of Object.entries(keywords)) tsv.push(`${id}\t${keyword}\t${weight}`);
// A playbook written elsewhere names the table by its full path.
doc.set('keywordsFile', outFile === fileURLToPath(playbookFile) ? 'default-keywords.tsv' : resolve(dirname(fileURLToPath(playbookFile)), 'default-keywords.tsv'));
writeFileSync(outFile, doc.toString({ lineWidth: 110, flowCollectionPadding: false }));
writeFileSync(new URL('datasets/playbooks/default-keywords.tsv', root), `${tsv.join('\n')}\n`);
console.log(`wrote ${tsv.length - 1} keywords over ${final.length} intents to datasets/playbooks/default-keywords.tsv, priors and keyword costs to ${outFile} (trained on ${train.length + dev.length} tickets: train + dev)`);
