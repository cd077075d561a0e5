/**
 * `ticket-replay playbook [--print-default | <file>]`: print the built-in playbook to start
 * from, or validate one.
 */

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadPlaybook, DEFAULT_PLAYBOOK_FILE } from '../infer/playbook.js';
import { limitsFromFlags } from '../limits.js';
import type { CliContext } from './context.js';
import { regexTimeoutOption } from './replay-options.js';

export function registerPlaybook(program: Command, cli: CliContext): void {
  program
    .command('playbook')
    .description('print the built-in playbook, or validate one')
    .argument('[file]', 'a playbook file to validate')
    .option('--print-default', 'print the built-in playbook (YAML) to start your own from')
    .addOption(regexTimeoutOption())
    .action((file: string | undefined, flags: { printDefault?: boolean; regexTimeout?: number }) => {
      if (flags.printDefault) {
        cli.stdout(readFileSync(DEFAULT_PLAYBOOK_FILE, 'utf8').trimEnd());
        return;
      }
      if (!file) throw new InvalidArgumentError('give a playbook file to validate, or --print-default');
      const playbook = loadPlaybook(file, limitsFromFlags(flags));
      cli.stderr(`${file}: valid playbook with ${playbook.intents.length} intents.`);
    });
}
