/**
 * `ticket-replay merge <partials...> --out <dir>`: the report of sharded runs, identical to a
 * single run over all the inputs (SPEC "Beyond one machine").
 */

import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { runMerge } from '../shard.js';
import { positiveInt, workerMemoryOption } from './flags.js';
import { progressLogger } from './progress.js';
import type { CliContext } from './context.js';
import { describeRun } from './run.js';

interface MergeFlags {
  out: string;
  workers?: number;
  json?: boolean;
  quiet?: boolean;
  progress?: boolean;
  workerMemory?: number;
}

export function registerMerge(program: Command, cli: CliContext): void {
  program
    .command('merge')
    .description('combine the partial files of a sharded run (`run --shard i/n --partial f`) into one report')
    .argument('<partials...>', 'partial files, one per shard, in any order')
    .option('-o, --out <dir>', 'output folder', 'replay-report')
    .option('-w, --workers <n>', 'worker threads for the forecast (default: available cores)', positiveInt('--workers'))
    .option('--json', 'also print summary.json to stdout')
    .option('-q, --quiet', 'no progress output')
    .option('--progress', 'progress on stderr even when it is not a terminal')
    .addOption(workerMemoryOption())
    .action(async (partials: string[], flags: MergeFlags) => {
      const log = progressLogger(flags);
      const summary = await runMerge(partials, { out: flags.out, workers: flags.workers ?? Math.max(1, availableParallelism()) }, {
        log, now: () => performance.timeOrigin + performance.now(), signal: cli.signal,
      }, { workerMemoryMb: flags.workerMemory });
      if (!flags.quiet) for (const line of describeRun(summary, flags.out)) cli.stderr(line);
      if (flags.json) cli.stdout(JSON.stringify(summary, null, 2));
    });
}
