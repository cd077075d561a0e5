// Runs the ticket-replay CLI in this process and reports what it cost: wall time, CPU time and
// the peak resident set (worker threads share the process, so they are included). The figures
// go to the file named by MEASURE_OUT as one JSON line. The resident set is also sampled every
// 100 ms (`rss`: [ms since start, MiB] pairs), so the bench can say which phase makes the peak.
import { appendFileSync } from 'node:fs';
import { main } from '../../dist/engine/cli/main.js';

const started = performance.now();
const rss = [];
const sample = setInterval(() => rss.push([Math.round(performance.now() - started), Math.round(process.memoryUsage.rss() / 2 ** 20)]), 100);
const code = await main(process.argv);
clearInterval(sample);
const usage = process.resourceUsage();
const figures = {
  code,
  wallMs: Math.round(performance.now() - started),
  userMs: Math.round(usage.userCPUTime / 1000),
  systemMs: Math.round(usage.systemCPUTime / 1000),
  maxRssMiB: Math.round((usage.maxRSS / 1024) * 10) / 10,
  rss,
};
if (process.env.MEASURE_OUT) appendFileSync(process.env.MEASURE_OUT, `${JSON.stringify(figures)}\n`);
process.exitCode = code;
