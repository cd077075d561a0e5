/**
 * The options `run` and `inspect` share: how inputs are read, which plans and playbook apply,
 * and the seed and environment of the replay. Declared once so both commands stay alike.
 */

import type { Command } from 'commander';
import { ADAPTERS } from '../../adapters/index.js';
import { choice, encoding, integer, timeZone } from './flags.js';

export function addReplayOptions(command: Command): Command {
  return command
    .option('-a, --adapter <name>', `auto | ${ADAPTERS.map((a) => a.name).join(' | ')}`, 'auto')
    .option('-m, --mapping <file>', 'column mapping for generic-csv (JSON or YAML file, or a preset name)')
    .option('-p, --plans <file>', 'pricing plans (JSON or YAML); default: the built-in catalogue')
    .option('-b, --playbook <file>', 'action-inference playbook; default: the built-in playbook')
    .option('--seed <n>', 'seed for every random draw', integer('--seed'), 1)
    .option('--environment <env>', 'production | sandbox', choice('--environment', ['production', 'sandbox'] as const), 'production')
    .option('--tz <zone>', 'IANA zone for timestamps that carry no offset', timeZone, 'UTC')
    .option('--date-order <order>', 'how to read dates like 03/04/2025: mdy | dmy | ymd (default: detected from the column)', choice('--date-order', ['mdy', 'dmy', 'ymd'] as const))
    .option('--encoding <name>', 'text encoding of files without a byte-order mark (default utf-8; e.g. latin1, windows-1252, utf-16le)', encoding);
}
