/**
 * `ticket-replay run [inputs...]`: replay tickets and write the report.
 */

import type { Command } from 'commander';
import { relative } from 'node:path';
import { runReplay, runShard, SAMPLE_INPUT } from '../pipeline.js';
import { ReplayError } from '../errors.js';
import { messages } from '../messages.js';
import { parseShard } from '../shard.js';
import { resolveRunOptions } from '../options.js';
import { limitsFromFlags } from '../limits.js';
import { formatUsd } from '../money.js';
import type { Summary } from '../summary.js';
import { nonNegativeInt, positiveInt, surge, usd, workerMemoryOption } from './flags.js';
import { progressLogger } from './progress.js';
import type { CliContext } from './context.js';
import { addReplayOptions } from './replay-options.js';

interface RunFlags {
  adapter: string;
  mapping?: string;
  plans?: string;
  playbook?: string;
  out: string;
  workers?: number;
  seed: number;
  environment: 'production' | 'sandbox';
  budget?: number;
  humanCost?: number;
  forecastMonths: number;
  forecastPaths: number;
  surge?: { probability: number; size: number };
  scenarios?: string;
  tz: string;
  dateOrder?: 'mdy' | 'dmy' | 'ymd';
  encoding?: string;
  json?: boolean;
  quiet?: boolean;
  progress?: boolean;
  shard?: string;
  partial?: string;
  maxFieldSize?: number;
  maxRecordSize?: number;
  maxDepth?: number;
  regexTimeout?: number;
  workerMemory?: number;
}

/** The closing lines on stderr: where the report is and what it found. */
export function describeRun(summary: Summary, out: string): string[] {
  const cheapest = [...summary.plans].sort((a, b) => a.totalUsd - b.totalUsd)[0];
  const lines = [
    `Replayed ${summary.counts.replayed.toLocaleString('en-US')} of ${summary.counts.read.toLocaleString('en-US')} records` +
      ` (${summary.counts.rejected.toLocaleString('en-US')} rejected) from ${summary.period.from} to ${summary.period.to}.`,
  ];
  const over = new Map(summary.budget?.plans.map((b) => [b.id, b]) ?? []);
  for (const plan of summary.plans) {
    const b = over.get(plan.id);
    const budget = b && b.monthsOver > 0
      ? `   over the ${formatUsd(summary.budget!.usdPerMonth)} budget in ${b.monthsOver} month${b.monthsOver === 1 ? '' : 's'}, by ${formatUsd(b.overByUsd)}`
      : '';
    lines.push(`  ${plan.id.padEnd(28)} ${formatUsd(plan.totalUsd).padStart(14)}${budget}`);
  }
  if (cheapest) lines.push(`Cheapest for this history: ${cheapest.name}. Report written to ${out}/`);
  return lines;
}

export function registerRun(program: Command, cli: CliContext): void {
  addReplayOptions(program.command('run'))
    .description('replay tickets under every pricing plan and write a report (no inputs: the bundled sample)')
    .argument('[inputs...]', 'export files or folders')
    .option('-o, --out <dir>', 'output folder', 'replay-report')
    .option('-w, --workers <n>', 'worker threads (default: available cores)', positiveInt('--workers'))
    .option('--budget <usd>', 'monthly budget in USD', usd('--budget'))
    .option('--forecast-months <n>', 'months to forecast (0 turns forecasting off)', nonNegativeInt('--forecast-months'), 6)
    .option('--forecast-paths <n>', 'Monte Carlo paths of the forecast', positiveInt('--forecast-paths'), 2000)
    .option('--scenarios <file>', 'what-if scenarios (JSON or YAML) forecast beside the baseline')
    .option('--surge <p:size>', 'a chance per forecast month of a volume surge of that size, e.g. 0.1:1.5', surge('--surge'))
    .option('--human-cost <usd>', 'cost of a human handling a handed-off ticket, added to every plan (default: none)', usd('--human-cost'))
    .option('--json', 'also print summary.json to stdout')
    .option('-q, --quiet', 'no progress output')
    .option('--progress', 'progress on stderr even when it is not a terminal')
    .option('--shard <i/n>', 'replay only the i-th of n slices of the inputs (needs --partial; see `merge`)')
    .option('--partial <file>', "write this shard's usage to a partial file instead of a report")
    .addOption(workerMemoryOption())
    .action(async (inputs: string[], flags: RunFlags) => {
      const log = progressLogger(flags);
      // The bundled sample is named relative to where the user stands, so summary.json does not
      // depend on where the repository was cloned.
      const sample = relative(process.cwd(), SAMPLE_INPUT);
      const options = resolveRunOptions({
        inputs: inputs.length > 0 ? inputs : [sample.startsWith('..') ? SAMPLE_INPUT : sample], adapter: flags.adapter, mapping: flags.mapping, plans: flags.plans, playbook: flags.playbook, out: flags.out,
        workers: flags.workers, seed: flags.seed, environment: flags.environment, budget: flags.budget, humanCost: flags.humanCost, forecastMonths: flags.forecastMonths, forecastPaths: flags.forecastPaths, surge: flags.surge, scenarios: flags.scenarios, tz: flags.tz, dateOrder: flags.dateOrder, encoding: flags.encoding,
        limits: limitsFromFlags(flags),
      });
      const effects = { log, now: () => performance.timeOrigin + performance.now(), signal: cli.signal };
      const poolLimits = { workerMemoryMb: flags.workerMemory };
      if (flags.shard !== undefined || flags.partial !== undefined) {
        if (flags.shard === undefined || flags.partial === undefined) throw new ReplayError('USAGE', messages.shardNeedsPartial());
        const shard = parseShard(flags.shard);
        const written = await runShard(options, shard, flags.partial, effects, poolLimits);
        const rejected = written.units.reduce((n, u) => n + u.rejections.length, written.late.length);
        if (!flags.quiet) {
          cli.stderr(`Shard ${shard.index}/${shard.count}: read ${written.read.toLocaleString('en-US')} records (${rejected.toLocaleString('en-US')} rejected). Usage written to ${flags.partial}; \`ticket-replay merge\` writes the report.`);
        }
        return;
      }
      const summary = await runReplay(options, effects, poolLimits);
      if (!flags.quiet) for (const line of describeRun(summary, flags.out)) cli.stderr(line);
      if (flags.json) cli.stdout(JSON.stringify(summary, null, 2));
    });
}
