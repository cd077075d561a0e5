/**
 * The command line: one commander program, one file per command, and the single catch that turns
 * every error into one sentence and an exit code (0 done, 1 input/config error, 2 usage, 130
 * interrupted by SIGINT, 143 by SIGTERM).
 */

import { Command, CommanderError } from 'commander';
import { describeLocation, EXIT_CODES, isReplayError, SIGNAL_EXIT_CODES } from '../errors.js';
import { pinMallocThresholds } from '../heap.js';
import { messages } from '../messages.js';
import { toolVersion } from '../summarize.js';
import type { CliContext } from './context.js';
import { registerAdapters } from './adapters.js';
import { registerGenerate } from './generate.js';
import { registerInspect } from './inspect.js';
import { registerPlans } from './plans.js';
import { registerPlaybook } from './playbook.js';
import { registerRun } from './run.js';
import { registerMerge } from './merge.js';

export function buildProgram(cli: CliContext): Command {
  const program = new Command('ticket-replay')
    .description('Replay past support tickets under AI pricing models and compare the bills.')
    .version(toolVersion())
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => cli.stdout(s.replace(/\n$/, '')), writeErr: (s) => cli.stderr(s.replace(/\n$/, '')) });
  registerRun(program, cli);
  registerMerge(program, cli);
  registerInspect(program, cli);
  registerAdapters(program, cli);
  registerPlans(program, cli);
  registerGenerate(program, cli);
  registerPlaybook(program, cli);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Turns any error into the sentence the user sees and the exit code. */
export function reportError(err: unknown, cli: CliContext): number {
  if (err instanceof CommanderError) {
    // Commander already printed its message; help and version are not errors.
    return err.exitCode === 0 ? 0 : 2;
  }
  if (isReplayError(err)) {
    const where = describeLocation(err);
    const alreadyLocated = err.file !== undefined && err.message.includes(err.file);
    cli.stderr(`ticket-replay: ${alreadyLocated || !where ? err.message : `${where}: ${err.message}`}`);
    return EXIT_CODES[err.code];
  }
  cli.stderr(`ticket-replay: unexpected error: ${(err as Error)?.stack ?? String(err)}`);
  return 1;
}

/**
 * How long an interrupted run has to stop cleanly before the process ends anyway (ms). The promise
 * is to be gone within a second of the signal, and the exit itself can take a few hundred ms more:
 * it waits for a PNG thread to finish the chart it is rasterising (native code cannot be stopped).
 */
const STOP_WITHIN_MS = 600;

export async function main(argv: string[], overrides: Partial<CliContext> = {}): Promise<number> {
  // Before the replay's buffers come and go, so glibc's thresholds never rise (engine/heap.ts).
  pinMallocThresholds();
  const controller = new AbortController();
  let signalled: 'SIGINT' | 'SIGTERM' | undefined;
  let reported = false;
  const cli: CliContext = {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    signal: controller.signal,
    ...overrides,
  };
  // SIGINT and SIGTERM abort the run: its steps stop, the pool is destroyed, the temporary folder
  // removed, and main exits with 130 or 143. A run that has not stopped in time, or a second
  // signal, exits at once; the 'exit' handler of engine/output.ts still removes the temporary folder.
  const stopNow = () => {
    if (!reported) cli.stderr(`ticket-replay: ${messages.interrupted()}`);
    process.exit(SIGNAL_EXIT_CODES[signalled ?? 'SIGINT']);
  };
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    if (signalled) return stopNow();
    signalled = signal;
    controller.abort(signal);
    timer = setTimeout(stopNow, STOP_WITHIN_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let code = 0;
  try {
    await buildProgram(cli).parseAsync(argv);
  } catch (err) {
    reported = true;
    code = reportError(err, cli);
    if (signalled && isReplayError(err) && err.code === 'INTERRUPTED') code = SIGNAL_EXIT_CODES[signalled];
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    clearTimeout(timer);
  }
  // Interrupted and cleaned up: work the run abandoned (a report still rendering in PNG threads)
  // must not keep the process alive.
  if (signalled && code !== 0) process.exit(code);
  return code;
}
