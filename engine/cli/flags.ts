/**
 * Argument parsers for commander: each turns a string into a checked value or throws
 * InvalidArgumentError with a sentence from engine/messages.ts.
 */

import { InvalidArgumentError, Option } from 'commander';
import { isValidTimeZone } from '../../adapters/time.js';
import { checkEncoding } from '../ingest/decode.js';
import { ReplayError } from '../errors.js';
import { messages } from '../messages.js';
import { isExactPrice } from '../money.js';

export function positiveInt(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(messages.badInteger(flag, value));
    return Number(value);
  };
}

export function nonNegativeInt(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(messages.badInteger(flag, value));
    return Number(value);
  };
}

export function integer(flag: string) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError(messages.badInteger(flag, value));
    return Number(value);
  };
}

export function usd(flag: string) {
  return (value: string): number => {
    const n = Number(value.replace(/^\$/, ''));
    if (!Number.isFinite(n) || n < 0 || value.trim() === '') throw new InvalidArgumentError(messages.badNumber(flag, value));
    // Amounts are billed in exact micro-dollars (engine/money.ts): finer or huger ones are refused, not rounded.
    if (!isExactPrice(n)) throw new InvalidArgumentError(messages.badUsd(flag, value));
    return n;
  };
}

/** `--surge 0.1:1.5`: a probability from 0 to 1 and a size of at least 1. */
export function surge(flag: string) {
  return (value: string): { probability: number; size: number } => {
    const m = /^\s*([0-9.]+)\s*:\s*([0-9.]+)\s*$/.exec(value);
    const probability = m ? Number(m[1]) : NaN;
    const size = m ? Number(m[2]) : NaN;
    if (!(probability >= 0 && probability <= 1) || !(size >= 1 && size <= 100)) throw new InvalidArgumentError(messages.badSurge(flag, value));
    return { probability, size };
  };
}

export function choice<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(messages.badChoice(flag, value, choices));
    return value as T;
  };
}

export function timeZone(value: string): string {
  if (!isValidTimeZone(value)) throw new InvalidArgumentError(messages.badTimeZone(value));
  return value;
}

export function encoding(value: string): string {
  try {
    return checkEncoding(value);
  } catch (err) {
    throw new InvalidArgumentError(err instanceof ReplayError ? err.message : String(err));
  }
}

/** `--worker-memory <MiB>`: each replay worker's heap limit (engine/replay/pool.ts), for run and merge. */
export function workerMemoryOption(): Option {
  return new Option(
    '--worker-memory <MiB>',
    'heap limit of each worker thread; a worker that reaches it stops the run with an error (default: half the memory shared by the workers, 256 to 1024)',
  ).argParser(positiveInt('--worker-memory'));
}
