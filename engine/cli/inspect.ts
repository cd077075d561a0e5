/**
 * `ticket-replay inspect <inputs...>`: per ticket, why it was replayed the way it was.
 */

import type { Command } from 'commander';
import { ReplayError } from '../errors.js';
import { inspectTickets, type InspectRecord } from '../inspect.js';
import { messages } from '../messages.js';
import { formatUsd } from '../money.js';
import type { CliContext } from './context.js';
import { addReplayOptions } from './replay-options.js';
import { positiveInt } from './flags.js';
import { limitsFromFlags } from '../limits.js';

/** How many tickets the terminal view shows when neither --limit nor --id narrows it. */
const TERMINAL_DEFAULT_LIMIT = 20;

export function formatInspectRecord(r: InspectRecord): string {
  const costs = Object.entries(r.costs).map(([id, usd]) => `${id} ${formatUsd(usd)}`).join(' · ');
  return [
    `#${r.id}  ${r.subject}  (${r.file}:${r.line}, ${r.adapter}, ${r.channel})`,
    `  intent        ${r.intent}  [rule ${r.rule}${r.matched.length ? `; matched ${r.matched.map((m) => `"${m}"`).join(', ')}` : ''}]`,
    ...(r.score !== undefined && r.runnerUp ? [`  score         ${r.score.toFixed(2)}; next ${r.runnerUp.intent} ${r.runnerUp.score.toFixed(2)}`] : []),
    `  actions       ${r.actions.join(' → ') || '(none)'}`,
    `  conversations ${r.conversations}   messages ${r.messages}`,
    `  resolution    ${r.resolution}: ${r.reason}`,
    `  cost          ${costs}`,
  ].join('\n');
}

export function registerInspect(program: Command, cli: CliContext): void {
  addReplayOptions(program.command('inspect'))
    .description('per ticket: intent, why, actions, conversations, AI-resolved or handed off, cost under every plan')
    .argument('<inputs...>', 'export files or folders')
    .option('--id <ticket>', 'only this ticket')
    .option('--limit <n>', 'at most n tickets', positiveInt('--limit'))
    .option('--json', 'one JSON object per ticket per line')
    .action(async (inputs: string[], flags) => {
      const limit: number | undefined = flags.limit ?? (flags.json || flags.id ? undefined : TERMINAL_DEFAULT_LIMIT);
      let shown = 0;
      for await (const record of inspectTickets({ ...flags, inputs, limit, limits: limitsFromFlags(flags) })) {
        cli.stdout(flags.json ? JSON.stringify(record) : `${formatInspectRecord(record)}\n`);
        shown++;
      }
      if (flags.id !== undefined && shown === 0) throw new ReplayError('USAGE', messages.ticketNotFound(flags.id));
      if (!flags.json && flags.limit === undefined && !flags.id && shown === TERMINAL_DEFAULT_LIMIT) {
        cli.stderr(`(first ${TERMINAL_DEFAULT_LIMIT} tickets; --limit or --json for more)`);
      }
    });
}
