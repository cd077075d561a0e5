// npm run bench: generates seeded inputs (cached in .bench-cache/), replays them and prints
// throughput, peak memory and the share of time in each step, then checks the performance
// targets (issue 8) as ratios taken side by side in this one run — the machine is shared and its
// speed drifts, so absolute seconds are not comparable between runs, ratios are.
//
// Per size, each round runs, in rotating order: the yardstick (csv-parse alone over the file,
// `columns: true`, test/bench/yardstick.mjs), `ticket-replay run --workers 1` and `--workers 2`
// (all catalogue plans, report included, forecast off). Ratios are medians of the per-round ratios.
// Usage: npm run bench -- [--only inference,100k,1m,zendesk-json-1gb] [--runs n]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { heapTrimStatus } from '../../dist/engine/heap.js';
import { phasePeaks } from './phases.mjs';

const root = new URL('../..', import.meta.url).pathname;
const cache = join(root, '.bench-cache');
const cli = join(root, 'bin', 'ticket-replay.js');
const measure = join(root, 'test', 'bench', 'measure.mjs');
mkdirSync(cache, { recursive: true });

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const only = flag('--only', '')?.split(',').filter(Boolean);
const runs = Number(flag('--runs', '3'));
const wanted = (name) => !only?.length || only.includes(name);

/** A seeded input, generated once and kept. */
function input(format, tickets, ext) {
  const file = join(cache, `${format}-${tickets}.${ext}`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file}…\n`);
    const r = spawnSync(process.execPath, [cli, 'generate', '--format', format, '--tickets', String(tickets), '--seed', '1', '--months', '12', '--out', file], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`generate failed for ${file}`);
  }
  return file;
}

/** One measured run of `ticket-replay run`. */
function replay(file, workers) {
  const out = join(cache, 'out');
  const figures = join(cache, 'figures.jsonl');
  rmSync(figures, { force: true });
  const r = spawnSync(process.execPath, [measure, 'run', file, '-o', out, '-q', '--forecast-months', '0', '--workers', String(workers)], {
    env: { ...process.env, MEASURE_OUT: figures },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`run failed on ${file}`);
  const f = JSON.parse(readFileSync(figures, 'utf8').trim().split('\n').pop());
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  f.tickets = summary.counts.read;
  f.timings = summary.run.timings;
  return f;
}

/** One run of the yardstick over `file`. */
function yardstick(file) {
  const r = spawnSync(process.execPath, [join(root, 'test', 'bench', 'yardstick.mjs'), file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`the yardstick failed on ${file}`);
  return JSON.parse(r.stdout.trim());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const pct = (x) => `${Math.round(x * 100)}%`;

/**
 * Where a run's time went. Workers report their busy time in parse, infer and meter (summed over
 * threads, so shown as shares of worker time); the main thread's merge (summing the batches'
 * partials, de-duplication, billing) and report are shares of the wall time.
 */
function shares(run) {
  const t = run.timings ?? {};
  const worker = (t.parseMs ?? 0) + (t.inferMs ?? 0) + (t.meterMs ?? 0);
  const report = Math.max(0, run.wallMs - (t.beforeReportMs ?? 0));
  const merge = (t.mergeMs ?? 0) + (t.billMs ?? 0) + (t.analysisMs ?? 0);
  const w = worker > 0 ? `worker time: parse ${pct(t.parseMs / worker)}, infer ${pct(t.inferMs / worker)}, meter ${pct(t.meterMs / worker)}; ` : '';
  return `${w}wall: ingest+replay ${pct((t.ingestReplayMs ?? 0) / run.wallMs)}, merge ${pct(merge / run.wallMs)}, report ${pct(report / run.wallMs)}`;
}

// Inference alone, one thread, on the sample's texts (issue 4 target: ≥ 50,000 tickets/s).
if (wanted('inference')) {
  const r = spawnSync(process.execPath, [join(root, 'test', 'bench', 'infer.mjs'), '10'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error('the inference benchmark failed');
  process.stdout.write(r.stdout);
}

const SIZES = [
  { name: '100k', tickets: 100_000 },
  { name: '1m', tickets: 1_000_000 },
];
const results = {};
// The peaks depend on it (engine/heap.ts): a run without it is not comparable.
console.log(`glibc heap trimmer (engine/heap.ts): ${heapTrimStatus()}\n`);
console.log('case                 MB    tickets  median s  tickets/s  peak RSS MiB  vs yardstick  time shares (median run)');
for (const size of SIZES) {
  if (!wanted(size.name)) continue;
  const file = input('generic-csv', size.tickets, 'csv');
  const mb = statSync(file).size / 1e6;
  const w1 = [];
  const w2 = [];
  const yard = [];
  const order = [['yard', 'w1', 'w2'], ['w2', 'yard', 'w1'], ['w1', 'w2', 'yard']];
  for (let i = 0; i < runs; i++) {
    const round = {};
    for (const step of order[i % 3]) round[step] = step === 'yard' ? yardstick(file) : replay(file, step === 'w1' ? 1 : 2);
    w1.push(round.w1);
    w2.push(round.w2);
    yard.push(round.yard);
  }
  const ratio = (runsOf) => median(runsOf.map((r, i) => r.wallMs / yard[i].wallMs));
  const line = (label, list, vs) => {
    const wall = median(list.map((r) => r.wallMs)) / 1000;
    const mid = [...list].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(list.length / 2)];
    const tickets = list[0].tickets ?? list[0].records;
    const rss = Math.max(...list.map((r) => r.maxRssMiB));
    console.log(
      `${label.padEnd(18)} ${mb.toFixed(0).padStart(5)} ${String(tickets).padStart(10)} ${wall.toFixed(2).padStart(9)} ${Math.round(tickets / wall).toLocaleString('en-US').padStart(10)} ${rss.toFixed(0).padStart(13)} ${vs.padStart(13)}  ${mid.timings ? shares(mid) : ''}`,
    );
    // The phases of the run that made the peak.
    const phases = phasePeaks(list.find((r) => r.maxRssMiB === rss));
    if (phases) console.log(`${''.padEnd(18)} ${phases}`);
    return { wall, rss, perSecond: tickets / wall };
  };
  const y = line(`yardstick-${size.name}`, yard, '1.00×');
  const a = line(`w1-${size.name}`, w1, `${ratio(w1).toFixed(2)}×`);
  const b = line(`w2-${size.name}`, w2, `${ratio(w2).toFixed(2)}×`);
  results[size.name] = { y, w1: a, w2: b, w2vsYard: ratio(w2), w2vsW1: median(w2.map((r, i) => r.wallMs / w1[i].wallMs)) };
}

if (wanted('zendesk-json-1gb')) {
  const file = input('zendesk-json', 680_000, 'ndjson');
  const mb = statSync(file).size / 1e6;
  const run = replay(file, 2);
  console.log(`${'zendesk-json-1gb'.padEnd(18)} ${mb.toFixed(0).padStart(5)} ${String(run.tickets).padStart(10)} ${(run.wallMs / 1000).toFixed(2).padStart(9)} ${Math.round(run.tickets / (run.wallMs / 1000)).toLocaleString('en-US').padStart(10)} ${run.maxRssMiB.toFixed(0).padStart(13)} ${'—'.padStart(13)}  ${shares(run)}`);
  const phases = phasePeaks(run);
  if (phases) console.log(`${''.padEnd(18)} ${phases}`);
  results.zendesk = { rss: run.maxRssMiB };
}

// The targets, as ratios from this run.
const checks = [];
const check = (what, value, target, ok) => checks.push(`${ok ? 'met    ' : 'NOT MET'}  ${what}: ${value} (target ${target})`);
const big = results['1m'];
const small = results['100k'];
if (big) {
  check('--workers 2 vs the yardstick at 1M', `${big.w2vsYard.toFixed(2)}×`, '≤ 0.60×', big.w2vsYard <= 0.6);
  check('--workers 2 vs --workers 1 at 1M', `${big.w2vsW1.toFixed(2)}×`, '≤ 0.55×', big.w2vsW1 <= 0.55);
  check('peak RSS at 1M (--workers 2)', `${big.w2.rss.toFixed(0)} MiB`, '≤ 300 MiB', big.w2.rss <= 300);
}
if (big && small) {
  const flat = big.w2.rss / small.w2.rss;
  check('peak RSS 1M / 100k (--workers 2)', `${flat.toFixed(2)}×`, '≤ 1.15×', flat <= 1.15);
  const linear = big.w2.perSecond / small.w2.perSecond;
  check('tickets/s 1M / 100k (--workers 2)', `${linear.toFixed(2)}×`, '≥ 0.90×', linear >= 0.9);
}
if (results.zendesk) check('peak RSS, 1 GB zendesk-json', `${results.zendesk.rss.toFixed(0)} MiB`, '< 500 MiB', results.zendesk.rss < 500);
if (checks.length > 0) console.log(`\ntargets (ratios from this run):\n${checks.map((c) => `  ${c}`).join('\n')}`);
