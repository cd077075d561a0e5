/**
 * The command line: one commander program, one file per command, and the single catch that turns
 * every error into one sentence and an exit code (0 done, 1 input/config error, 2 usage, 130
 * interrupted).
 */

import { Command, CommanderError } from 'commander';
import { describeLocation, EXIT_CODES, isReplayError } from '../errors.js';
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

export async function main(argv: string[], overrides: Partial<CliContext> = {}): Promise<number> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    controller.abort(signal);
    // A second signal, or a run that does not stop within a second, ends the process.
    setTimeout(() => process.exit(signal === 'SIGTERM' ? 143 : 130), 1000).unref();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const cli: CliContext = {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    signal: controller.signal,
    ...overrides,
  };
  try {
    await buildProgram(cli).parseAsync(argv);
    return 0;
  } catch (err) {
    return reportError(err, cli);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
