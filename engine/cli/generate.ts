/**
 * `ticket-replay generate`: seeded synthetic tickets in any adapter's format, for tests,
 * benchmarks and demos, with the pitfalls of real exports on request.
 */

import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { ADAPTERS } from '../../adapters/index.js';
import { generateTickets } from '../generate/tickets.js';
import { applyPitfalls, PITFALLS, type Pitfall } from '../generate/pitfalls.js';
import { messages } from '../messages.js';
import { InvalidArgumentError } from 'commander';
import { integer, nonNegativeInt, positiveInt } from './flags.js';
import type { CliContext } from './context.js';

interface GenerateFlags {
  format: string;
  tickets: number;
  seed: number;
  months: number;
  start?: string;
  out?: string;
  pitfalls: Pitfall[];
}

function writableFormats(): string[] {
  return ADAPTERS.filter((a) => a.write).map((a) => a.name);
}

function pitfallList(value: string): Pitfall[] {
  const names = value.split(',').map((v) => v.trim()).filter(Boolean);
  for (const name of names) {
    if (!(PITFALLS as readonly string[]).includes(name)) throw new InvalidArgumentError(messages.badChoice('--pitfalls', name, PITFALLS));
  }
  return names as Pitfall[];
}

async function write(out: Writable, data: Buffer | string): Promise<void> {
  if (!out.write(data)) await new Promise((resolve) => out.once('drain', resolve));
}

export function registerGenerate(program: Command, _cli: CliContext): void {
  program
    .command('generate')
    .description("write synthetic tickets in an adapter's format")
    .requiredOption('--format <adapter>', 'the adapter whose format to write (see `ticket-replay adapters`)')
    .requiredOption('--tickets <n>', 'how many tickets', nonNegativeInt('--tickets'))
    .option('--seed <s>', 'seed', integer('--seed'), 1)
    .option('--months <m>', 'months of history', positiveInt('--months'), 12)
    .option('--start <yyyy-mm>', 'first month (default 2025-01)')
    .option('--out <path>', 'output file (a folder for multi-file formats; default: stdout)')
    .option('--pitfalls <list>', `real-export pitfalls to add: ${PITFALLS.join(', ')}`, pitfallList, [])
    .action(async (flags: GenerateFlags) => {
      const adapter = ADAPTERS.find((a) => a.name === flags.format && a.write);
      if (!adapter?.write) throw new InvalidArgumentError(messages.badChoice('--format', flags.format, writableFormats()));
      const tickets = generateTickets({
        seed: flags.seed, tickets: flags.tickets, months: flags.months, ...(flags.start ? { start: `${flags.start.slice(0, 7)}-01` } : {}),
      });
      const outputs = new Map<string, WriteStream>();
      const target = (file: string): Writable => {
        if (!flags.out) return process.stdout;
        const path = file ? join(flags.out, file) : flags.out;
        let stream = outputs.get(path);
        if (!stream) {
          if (file) mkdirSync(flags.out, { recursive: true });
          stream = createWriteStream(path);
          outputs.set(path, stream);
        }
        return stream;
      };
      for (const chunk of applyPitfalls(adapter.write(tickets), flags.pitfalls, flags.seed)) await write(target(chunk.file), chunk.data);
      await Promise.all([...outputs.values()].map((s) => new Promise<void>((resolve, reject) => s.end((err?: Error | null) => (err ? reject(err) : resolve())))));
    });
}
