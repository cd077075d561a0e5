/**
 * `inspect`: the replay of single tickets, explained — intent and the words that decided it,
 * actions, conversations, resolution with its reason, and the ticket's price under every plan.
 * Runs in-process (no pool): it is for reading a few tickets, or piping all of them to a script.
 */

import { loadMapping } from '../adapters/mapping.js';
import { expandInputs, ingest, planInputs, type IngestOptions } from './ingest/ingest.js';
import { loadPlaybook } from './infer/playbook.js';
import { inferTicket } from './infer/infer.js';
import { countConversations } from './pricing/conversations.js';
import { loadPlans } from './pricing/plans.js';
import { createReplayer, meterInput, meterTicket } from './replay/replay-batch.js';
import type { Environment } from './pricing/model.js';
import type { InputSummary } from './summary.js';
import type { DateOrder } from '../adapters/time.js';
import type { Limits } from './limits.js';

export interface InspectOptions {
  inputs: string[];
  adapter: string;
  mapping?: string;
  plans?: string;
  playbook?: string;
  seed: number;
  environment: Environment;
  tz: string;
  dateOrder?: DateOrder;
  encoding?: string;
  /** `--max-field-size` and the other limits (engine/limits.ts); defaults when absent. */
  limits?: Limits;
  id?: string;
  limit?: number;
}

export interface InspectRecord {
  id: string;
  adapter: string;
  file: string;
  line: number;
  channel: string;
  subject: string;
  intent: string;
  rule: string;
  matched: string[];
  /** The intent's keyword score, and the intent that came second with its score. */
  score?: number;
  runnerUp?: { intent: string; score: number };
  actions: string[];
  conversations: number;
  messages: number;
  resolution: string;
  reason: string;
  /** Plan id → USD (list price of this ticket's usage, before allowances and tiers). */
  costs: Record<string, number>;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export async function* inspectTickets(o: InspectOptions): AsyncGenerator<InspectRecord> {
  const plans = loadPlans(o.plans);
  const replayer = createReplayer({ seed: o.seed, environment: o.environment, playbook: loadPlaybook(o.playbook, o.limits), plans });
  const mapping = o.mapping ? loadMapping(o.mapping) : undefined;
  const ingestOptions: IngestOptions = { adapter: o.adapter, mapping, tz: o.tz, dateOrder: o.dateOrder, encoding: o.encoding, limits: o.limits };
  const planned = await planInputs(await expandInputs(o.inputs), ingestOptions);
  const adapterOf = new Map(planned.map((p) => [p.source.name, p.adapter.name]));
  const stats: InputSummary[] = [];
  let emitted = 0;
  for await (const { item } of ingest(planned, ingestOptions, stats)) {
    const t = item.ticket;
    if (!t || (o.id !== undefined && t.id !== o.id)) continue;
    const inference = inferTicket(t, replayer.playbook, o.seed);
    const metered = meterTicket(replayer, meterInput(t, inference));
    const costs: Record<string, number> = {};
    plans.forEach((plan, i) => (costs[plan.id] = Math.round(metered[i].micros / 100) / 10_000));
    yield {
      id: t.id, adapter: adapterOf.get(t.source.file) ?? planned[0].adapter.name, file: t.source.file, line: t.source.line,
      channel: t.channel, subject: t.subject, intent: inference.intent, rule: inference.rule, matched: inference.matched,
      ...(inference.score !== undefined && { score: round2(inference.score) }),
      ...(inference.runnerUp && { runnerUp: { intent: inference.runnerUp.intent, score: round2(inference.runnerUp.score) } }),
      actions: inference.actions, conversations: countConversations(inference.customerTurns, 24), messages: t.messages.length,
      resolution: inference.resolution, reason: inference.reason, costs,
    };
    if (++emitted === o.limit || o.id !== undefined) return;
  }
}
