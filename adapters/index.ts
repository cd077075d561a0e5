/**
 * The adapter registry, in detection order. Adding an adapter is one file and one line here.
 */

import type { Adapter } from './adapter.js';
import { genericCsv } from './generic-csv.js';
import { zendeskCsv } from './zendesk-csv.js';
import { zendeskJson } from './zendesk-json.js';
import { freshdesk } from './freshdesk.js';
import { intercom } from './intercom.js';
import { salesforce } from './salesforce.js';

export const ADAPTERS: readonly Adapter[] = [zendeskCsv, zendeskJson, freshdesk, intercom, salesforce, genericCsv];

export function findAdapter(name: string): Adapter | undefined {
  return ADAPTERS.find((a) => a.name === name);
}
