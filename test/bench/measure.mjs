// Runs the ticket-replay CLI in this process and reports what it cost: wall time, CPU time and
// the peak resident set (worker threads share the process, so they are included). The figures
// go to the file named by MEASURE_OUT as one JSON line.
import { appendFileSync } from 'node:fs';
import { main } from '../../dist/engine/cli/main.js';

const started = performance.now();
const code = await main(process.argv);
const usage = process.resourceUsage();
const figures = {
  code,
  wallMs: Math.round(performance.now() - started),
  userMs: Math.round(usage.userCPUTime / 1000),
  systemMs: Math.round(usage.systemCPUTime / 1000),
  maxRssMiB: Math.round((usage.maxRSS / 1024) * 10) / 10,
};
if (process.env.MEASURE_OUT) appendFileSync(process.env.MEASURE_OUT, `${JSON.stringify(figures)}\n`);
process.exitCode = code;
