/**
 * The options `run` and `inspect` share: how inputs are read, which plans and playbook apply,
 * the seed and environment of the replay, and the limits on hostile input (engine/limits.ts).
 * Declared once so both commands stay alike.
 */

import { InvalidArgumentError, Option, type Command } from 'commander';
import { ADAPTERS } from '../../adapters/index.js';
import { DEFAULT_LIMITS, formatBytes, LIMIT_OPTIONS, parseByteSize } from '../limits.js';
import { messages } from '../messages.js';
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
    .option('--encoding <name>', 'text encoding of files without a byte-order mark (default utf-8; e.g. latin1, windows-1252, utf-16le)', encoding)
    .option(`${LIMIT_OPTIONS.maxFieldBytes} <bytes>`, `largest CSV field, e.g. 8MiB; a record with a larger one is rejected (default ${formatBytes(DEFAULT_LIMITS.maxFieldBytes)})`, byteSize(LIMIT_OPTIONS.maxFieldBytes))
    .option(`${LIMIT_OPTIONS.maxRecordBytes} <bytes>`, `largest record (CSV record, NDJSON line), e.g. 64MiB; a larger one is rejected (default ${formatBytes(DEFAULT_LIMITS.maxRecordBytes)})`, byteSize(LIMIT_OPTIONS.maxRecordBytes))
    .option(`${LIMIT_OPTIONS.maxDepth} <n>`, `deepest nesting of a JSON record; a deeper one is rejected (default ${DEFAULT_LIMITS.maxDepth})`, boundedInt(LIMIT_OPTIONS.maxDepth, 100_000, 'a nesting depth from 1 to 100000'))
    .addOption(regexTimeoutOption());
}

/** `--regex-timeout <ms>`: for every command that loads a user playbook (run, inspect, playbook). */
export function regexTimeoutOption(): Option {
  return new Option(`${LIMIT_OPTIONS.regexTimeoutMs} <ms>`, `longest a pattern of your playbook may take on a test text before the playbook is refused (default ${DEFAULT_LIMITS.regexTimeoutMs})`).argParser(
    boundedInt(LIMIT_OPTIONS.regexTimeoutMs, 600_000, 'a time in milliseconds from 1 to 600000'),
  );
}

/** `--max-field-size 8MiB`: bytes, with an optional unit (engine/limits.ts parseByteSize). */
function byteSize(flag: string) {
  return (value: string): number => {
    const bytes = parseByteSize(value);
    if (bytes === undefined) throw new InvalidArgumentError(messages.badByteSize(flag, value));
    return bytes;
  };
}

function boundedInt(flag: string, max: number, expected: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new InvalidArgumentError(messages.badLimit(flag, value, expected));
    return Number(value);
  };
}
