/**
 * The adapter registry, in detection order. Adding an adapter is one file and one line here.
 */

import type { Adapter } from './adapter.js';
import { genericCsv } from './generic-csv.js';

export const ADAPTERS: readonly Adapter[] = [genericCsv];

export function findAdapter(name: string): Adapter | undefined {
  return ADAPTERS.find((a) => a.name === name);
}
