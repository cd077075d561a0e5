/**
 * Side effects the pipeline needs, injected so tests can swap them (STYLE rule 9).
 */

export interface Effects {
  /** Progress lines (stderr on a terminal; silent otherwise). */
  log: (line: string) => void;
  /** Now, for run.startedAt and timings. */
  now: () => number;
  /** Aborts the run (SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

export function silentEffects(): Effects {
  return { log: () => {}, now: () => Date.now() };
}
