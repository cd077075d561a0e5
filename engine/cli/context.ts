/**
 * What commands get from main: output functions and the abort signal (tests inject their own).
 */

export interface CliContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  signal: AbortSignal;
}
