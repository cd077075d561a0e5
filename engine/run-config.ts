/**
 * Step 1 of a run: the configuration (plans, playbook, mapping, scenarios) loaded and validated
 * before a single ticket is read.
 */

import { loadMapping } from '../adapters/mapping.js';
import { ReplayError } from './errors.js';
import type { IngestOptions } from './ingest/ingest.js';
import { loadPlaybook, type Playbook } from './infer/playbook.js';
import { messages } from './messages.js';
import type { RunOptions } from './options.js';
import { loadScenarios, type Scenario } from './forecast/scenarios.js';
import { loadPlans, type Plan } from './pricing/plans.js';
import { toWorkerData, type WorkerData } from './replay/task.js';

/** Everything a run needs besides its inputs, loaded and validated before a ticket is read. */
export interface RunConfig {
  plans: Plan[];
  playbook: Playbook;
  scenarios: Scenario[];
  ingest: IngestOptions;
}

/** The options loadConfig reads: plain data, so they can be handed to a worker thread. */
export type ConfigOptions = Pick<RunOptions, 'plans' | 'playbook' | 'mapping' | 'scenarios' | 'forecastMonths' | 'adapter' | 'tz' | 'dateOrder' | 'encoding' | 'limits'>;

export function loadConfig(options: ConfigOptions): RunConfig {
  const plans = loadPlans(options.plans);
  const playbook = loadPlaybook(options.playbook, options.limits);
  const mapping = options.mapping ? loadMapping(options.mapping) : undefined;
  const scenarios = options.scenarios ? loadScenarios(options.scenarios, plans) : [];
  if (options.scenarios && options.forecastMonths === 0) throw new ReplayError('CONFIG', messages.scenariosNeedForecast(options.scenarios));
  return { plans, playbook, scenarios, ingest: { adapter: options.adapter, mapping, tz: options.tz, dateOrder: options.dateOrder, encoding: options.encoding, limits: options.limits } };
}

/** The replay pool's workerData for a run: its seed, environment, plans and playbook (task.ts). */
export function poolWorkerData(options: Pick<RunOptions, 'seed' | 'environment'>, config: Pick<RunConfig, 'plans' | 'playbook'>): WorkerData {
  return toWorkerData({ seed: options.seed, environment: options.environment, playbook: config.playbook, plans: config.plans });
}

/** The ConfigOptions of a run's options (nothing else crosses to the config thread). */
export function configOptions(options: RunOptions): ConfigOptions {
  const { plans, playbook, mapping, scenarios, forecastMonths, adapter, tz, dateOrder, encoding, limits } = options;
  return { plans, playbook, mapping, scenarios, forecastMonths, adapter, tz, dateOrder, encoding, limits };
}
