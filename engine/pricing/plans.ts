/**
 * Plans files: a list of pricing plans, each validated by its model's schema (defaults filled).
 * The built-in catalogue (datasets/plans/catalogue.yaml) loads through the same validation. A
 * plan is plain JSON data, because it is sent to every worker by structured clone.
 */

import { z } from 'zod';
import { loadConfigFile, validateConfig, type LoadedConfig } from '../config.js';
import { messages } from '../messages.js';
import { datasetPath } from '../paths.js';
import { getModel, isModelName, MODELS, modelNames } from './index.js';
import type { PlanBase } from './model.js';
import { text } from './schema.js';

/** A validated plan: the PlanBase fields plus its model's parameters. */
export type Plan = PlanBase & Record<string, unknown>;

/** The built-in catalogue, loaded when `--plans` is not given. */
export const CATALOGUE_FILE = datasetPath('plans', 'catalogue.yaml');

/** What every plan must have before its model's schema can be chosen. */
const PlanHead = z.looseObject({
  id: text,
  model: text.superRefine((name, ctx) => {
    if (!isModelName(name)) ctx.addIssue({ code: 'custom', message: messages.unknownModel(name, modelNames()) });
  }),
});

const PlansFile = z.strictObject(
  {
    plans: z.array(PlanHead).min(1).superRefine((plans, ctx) => {
      const seen = new Set<string>();
      plans.forEach((plan, i) => {
        if (seen.has(plan.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: messages.duplicatePlanId(plan.id) });
        seen.add(plan.id);
      });
    }),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? messages.plansShape() : undefined) },
);

/** The JSON Schema of plans files, for editors (datasets/plans/plans.schema.json). */
export function plansJsonSchema(): Record<string, unknown> {
  const plan = z.union(MODELS.map((m) => m.schema) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  const schema = z.toJSONSchema(z.union([z.strictObject({ plans: z.array(plan).min(1) }), z.array(plan).min(1)]), { io: 'input', unrepresentable: 'any', reused: 'ref' });
  return { ...schema, title: 'ticket-replay pricing plans', description: 'A plans file for `ticket-replay run --plans` (JSON or YAML). See README "Pricing models".' };
}

/**
 * Loads and validates a plans file (JSON or YAML); no file loads the built-in catalogue. Errors
 * are ReplayErrors naming the file, line and field (`plans[0].pack.usd`).
 *
 * @example
 * const plans = loadPlans();              // the built-in catalogue
 * const mine = loadPlans('plans.yaml');   // throws ReplayError('CONFIG') if invalid
 */
export function loadPlans(file?: string): Plan[] {
  return normalizePlans(loadConfigFile(file ?? CATALOGUE_FILE));
}

/**
 * Validates loaded plans: the file's shape, unique ids, known models, then each plan through its
 * model's schema. A bare list of plans is accepted too; its fields are still named `plans[i]...`.
 */
export function normalizePlans(loaded: LoadedConfig): Plan[] {
  const bare = Array.isArray(loaded.data);
  // A bare list is the `plans` field of an implied object: same field names, lines from the list.
  const config: LoadedConfig = bare
    ? { file: loaded.file, data: { plans: loaded.data }, lineOf: (path) => loaded.lineOf(path.slice(1)) }
    : loaded;
  const { plans } = validateConfig(PlansFile, config);
  return plans.map((head, i) => {
    const plan: LoadedConfig = { file: config.file, data: head, lineOf: config.lineOf };
    return validateConfig(getModel(head.model).schema, plan, ['plans', i]);
  });
}
