/**
 * Progress lines on stderr: only where stderr is a terminal, unless --progress asks for them,
 * and never with --quiet.
 */

export function progressLogger(opts: { quiet?: boolean; progress?: boolean }): (line: string) => void {
  const enabled = !opts.quiet && (opts.progress || process.stderr.isTTY === true);
  return enabled ? (line) => process.stderr.write(`${line}\n`) : () => {};
}
