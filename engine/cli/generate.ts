/**
 * `ticket-replay generate`: seeded synthetic tickets in an adapter's format, for tests,
 * benchmarks and demos.
 */

import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { generateTickets } from '../generate/tickets.js';
import { toGenericCsvRow, writeGenericCsvHeader } from '../../adapters/generic-csv-format.js';
import { choice, integer, nonNegativeInt, positiveInt } from './flags.js';
import type { CliContext } from './context.js';

/** Formats `generate` can write. */
export const GENERATE_FORMATS = ['generic-csv'] as const;

interface GenerateFlags {
  format: (typeof GENERATE_FORMATS)[number];
  tickets: number;
  seed: number;
  months: number;
  start?: string;
  out?: string;
}

async function writeAll(out: Writable, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
  }
}

export function registerGenerate(program: Command, _cli: CliContext): void {
  program
    .command('generate')
    .description('write synthetic tickets in an adapter\'s format')
    .requiredOption('--format <adapter>', GENERATE_FORMATS.join(' | '), choice('--format', GENERATE_FORMATS))
    .requiredOption('--tickets <n>', 'how many tickets', nonNegativeInt('--tickets'))
    .option('--seed <s>', 'seed', integer('--seed'), 1)
    .option('--months <m>', 'months of history', positiveInt('--months'), 12)
    .option('--start <yyyy-mm>', 'first month (default 2025-01)')
    .option('--out <file>', 'output file (default: stdout)')
    .action(async (flags: GenerateFlags) => {
      const out: Writable = flags.out ? createWriteStream(flags.out) : process.stdout;
      const tickets = generateTickets({
        seed: flags.seed, tickets: flags.tickets, months: flags.months, ...(flags.start ? { start: `${flags.start.slice(0, 7)}-01` } : {}),
      });
      function* rows(): Iterable<string> {
        yield writeGenericCsvHeader();
        for (const t of tickets) yield toGenericCsvRow(t);
      }
      await writeAll(out, rows());
      if (flags.out) await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    });
}
