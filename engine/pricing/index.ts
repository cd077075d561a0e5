/**
 * The pricing models by name. Adding a model means adding its file and one line to MODELS.
 */

import { ReplayError } from '../errors.js';
import { messages } from '../messages.js';
import { flatRate } from './flat-rate.js';
import { flexCredits } from './flex-credits.js';
import type { PricingModel } from './model.js';
import { perConversation } from './per-conversation.js';
import { perResolution } from './per-resolution.js';
import { perTicket } from './per-ticket.js';
import { perUser } from './per-user.js';
import type { Plan } from './plans.js';

/** Every model, in the order `ticket-replay plans` lists them. */
export const MODELS: readonly PricingModel<Plan>[] = [flexCredits, perConversation, flatRate, perResolution, perUser, perTicket] as PricingModel<Plan>[];

const byName = new Map(MODELS.map((m) => [m.model, m]));

/** The `model` values a plans file may use. */
export function modelNames(): string[] {
  return MODELS.map((m) => m.model);
}

export function isModelName(name: string): boolean {
  return byName.has(name);
}

/**
 * The model called `name`; a ReplayError('CONFIG') listing the known models if there is none.
 *
 * @example
 * getModel('flex-credits').meter(input, plan, { environment: 'production' });
 */
export function getModel(name: string): PricingModel<Plan> {
  const model = byName.get(name);
  if (!model) throw new ReplayError('CONFIG', messages.unknownModel(name, modelNames()));
  return model;
}
