// npm run bench: generates seeded inputs (cached in .bench-cache/), replays them and prints
// throughput and peak memory. Figures, not verdicts: the machine is shared, so each case runs
// several times and the median is printed. Replays run with the forecast off (--forecast-months 0),
// as the performance targets are stated. For generic-csv, each run is paired with the yardstick
// (csv-parse alone over the same file, test/bench/yardstick.mjs), run alternately, and the median
// ratio of the pairs is printed, with the share of the replay's time spent in each step.
// Usage: npm run bench -- [--only name,...] [--runs n]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
function replay(file, extra) {
  const out = join(cache, 'out');
  const figures = join(cache, 'figures.jsonl');
  rmSync(figures, { force: true });
  const r = spawnSync(process.execPath, [measure, 'run', file, '-o', out, '-q', '--forecast-months', '0', ...extra], {
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

const CASES = [
  { name: 'generic-csv-100k', make: () => input('generic-csv', 100_000, 'csv'), extra: ['--workers', '2'], yardstick: true },
  { name: 'generic-csv-100k-w1', make: () => input('generic-csv', 100_000, 'csv'), extra: ['--workers', '1'], yardstick: true },
  { name: 'zendesk-json-1gb', make: () => input('zendesk-json', 680_000, 'ndjson'), extra: ['--workers', '2'], runs: 1 },
];

// Inference alone, one thread, on the sample's texts (issue target: ≥ 50,000 tickets/s).
if (!only?.length || only.includes('inference')) {
  const r = spawnSync(process.execPath, [join(root, 'test', 'bench', 'infer.mjs'), '10'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error('the inference benchmark failed');
  process.stdout.write(r.stdout);
}

console.log('case                      MB   tickets   median s   tickets/s   peak RSS MiB   vs yardstick   time shares (first run)');
for (const c of CASES) {
  if (only?.length && !only.includes(c.name)) continue;
  const file = c.make();
  const mb = statSync(file).size / 1e6;
  const results = [];
  const ratios = [];
  for (let i = 0; i < (c.runs ?? runs); i++) {
    // Alternate the replay and the yardstick so both see the same machine load.
    const run = replay(file, c.extra);
    results.push(run);
    if (c.yardstick) ratios.push(run.wallMs / yardstick(file).wallMs);
  }
  const wall = median(results.map((r) => r.wallMs)) / 1000;
  const rss = Math.max(...results.map((r) => r.maxRssMiB));
  const tickets = results[0].tickets;
  const t = results[0].timings ?? {};
  const report = Math.max(0, results[0].wallMs - (t.beforeReportMs ?? 0));
  const steps = { 'ingest+replay': t.ingestReplayMs, bill: t.billMs, 'what-if': t.analysisMs, report };
  const shares = Object.entries(steps).filter(([, ms]) => ms !== undefined).map(([k, ms]) => `${k} ${Math.round((ms / results[0].wallMs) * 100)}%`).join(', ');
  const ratio = ratios.length ? `${median(ratios).toFixed(2)}×` : '—';
  console.log(`${c.name.padEnd(22)} ${mb.toFixed(0).padStart(6)} ${String(tickets).padStart(9)} ${wall.toFixed(2).padStart(10)} ${Math.round(tickets / wall).toLocaleString('en-US').padStart(11)}   ${rss.toFixed(0).padStart(12)}   ${ratio.padStart(12)}   ${shares}`);
}
