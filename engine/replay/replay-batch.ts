/**
 * The work of one batch, as a pure function: infer every ticket, meter it under every plan, and
 * fold it into a partial aggregate. Workers call it; tests call it in-process.
 */

import { bump, emptyPartial, TAG_SEPARATOR, type Partial } from '../aggregate/partial.js';
import { messages } from '../messages.js';
import { compilePlaybook, type CompiledPlaybook } from '../infer/compile.js';
import { inferTicket } from '../infer/infer.js';
import type { Inference } from '../infer/inference.js';
import type { Rejection } from '../ingest/rejection.js';
import { getModel } from '../pricing/index.js';
import type { MeterContext, MeterInput, PricingModel, Units } from '../pricing/model.js';
import type { Plan } from '../pricing/plans.js';
import type { Ticket } from '../ticket.js';
import type { ReplayResult, ReplayTask, WorkerConfig } from './task.js';
import { dayOf } from '../../adapters/time.js';

/** A worker's compiled view of its WorkerConfig, built once per thread. */
export interface Replayer {
  seed: number;
  ctx: MeterContext;
  playbook: CompiledPlaybook;
  plans: { plan: Plan; model: PricingModel<Plan> }[];
}

export function createReplayer(config: WorkerConfig): Replayer {
  return {
    seed: config.seed,
    ctx: { environment: config.environment },
    playbook: compilePlaybook(config.playbook),
    plans: config.plans.map((plan) => ({ plan, model: getModel(plan.model) as PricingModel<Plan> })),
  };
}

/** Meter input for one inferred ticket. */
export function meterInput(ticket: Ticket, inference: Inference): MeterInput {
  return {
    channel: ticket.channel,
    actions: inference.actions,
    customerTurns: inference.customerTurns,
    aiReplies: inference.aiReplies,
    resolution: inference.resolution,
  };
}

/** Per-plan units and list price (micro-dollars) of one inferred ticket. */
export function meterTicket(r: Replayer, input: MeterInput): { units: Units; micros: number }[] {
  return r.plans.map(({ plan, model }) => {
    const units = model.meter(input, plan, r.ctx);
    return { units, micros: model.ticketMicros(units, plan, r.ctx) };
  });
}

function addUnits(into: Record<string, Units>, key: string, units: Units): void {
  const target = (into[key] ??= {});
  for (const unit in units) target[unit] = (target[unit] ?? 0) + units[unit];
}

/** The value a ticket without export tags is filed under in the `tag` dimension. */
export const UNTAGGED = '(untagged)';

/**
 * Folds one replayed ticket into a partial. Cost by tag: every ticket counts once under its
 * group, channel and intent, and under each tag it carried in the export (`tag` dimension), its
 * list price split evenly over those tags so the dimension still adds up to the bill.
 */
export function addTicket(p: Partial, ticket: Ticket, day: string, inf: Inference, metered: { units: Units; micros: number }[]): void {
  const ai = inf.resolution === 'ai';
  const month = day.slice(0, 7);
  p.tickets++;
  if (ai) p.aiResolved++;
  else {
    p.handedOff++;
    bump(p.handoffReasons, inf.reason);
  }
  p.firstAt = p.firstAt === null ? ticket.createdAt : Math.min(p.firstAt, ticket.createdAt);
  p.lastAt = p.lastAt === null ? ticket.createdAt : Math.max(p.lastAt, ticket.createdAt);
  for (const action of inf.actions) bump(p.actions, action);
  bump(p.intents, inf.intent);
  bump(p.channels, ticket.channel);
  bump(p.days, day);
  const m = (p.months[month] ??= { tickets: 0, aiResolved: 0, handedOff: 0 });
  m.tickets++;
  if (ai) m.aiResolved++;
  else m.handedOff++;
  // Tag cell keys are the same for every plan: built once per ticket.
  const keys = [
    tagKey('group', ticket.group || '(none)', month), tagKey('channel', ticket.channel, month), tagKey('intent', inf.intent, month),
  ];
  const exportTags = ticket.tags.length > 0 ? [...new Set(ticket.tags)] : [UNTAGGED];
  const exportKeys = exportTags.map((tag) => tagKey('tag', tag, month));
  const handoff = ai ? 0 : 1;
  metered.forEach(({ units, micros }, i) => {
    const plan = p.plans[i];
    addUnits(plan.usage, month, units);
    addUnits(plan.daily, day, units);
    addUnits(plan.byResolution as unknown as Record<string, Units>, ai ? 'ai' : 'handoff', units);
    addUnits(plan.byChannel, ticket.channel, units);
    bump(plan.histogram, String(Math.round(micros / 10_000)));
    for (const key of keys) addTagCell(plan.tags, key, micros, handoff);
    // Integer shares keep merging exact; the allocation only needs the proportions.
    const share = Math.round(micros / exportKeys.length);
    for (const key of exportKeys) addTagCell(plan.tags, key, share, handoff);
  });
}

function tagKey(dimension: string, value: string, month: string): string {
  return `${dimension}${TAG_SEPARATOR}${value}${TAG_SEPARATOR}${month}`;
}

function addTagCell(tags: Partial['plans'][number]['tags'], key: string, weight: number, handoffs: number): void {
  const cell = (tags[key] ??= { tickets: 0, weight: 0, handoffs: 0 });
  cell.tickets++;
  cell.weight += weight;
  cell.handoffs += handoffs;
}

/** Replays a batch: one partial for all its tickets, and the tickets that failed. */
export function replayBatch(r: Replayer, task: ReplayTask): ReplayResult {
  const partial = emptyPartial(r.plans.length);
  const rejections: Rejection[] = [];
  for (const ticket of task.tickets) {
    let inference: Inference;
    let metered: { units: Units; micros: number }[];
    let day: string;
    try {
      // Everything that can throw happens before the partial is touched.
      day = dayOf(ticket.createdAt);
      // Replay keeps totals only: the words behind each intent are inspect's to show.
      inference = inferTicket(ticket, r.playbook, r.seed, { explain: false });
      metered = meterTicket(r, meterInput(ticket, inference));
    } catch (err) {
      rejections.push({
        file: ticket.source.file, line: ticket.source.line, id: ticket.id, code: 'replay-failed',
        reason: messages.replayFailed((err as Error).message),
      });
      continue;
    }
    addTicket(partial, ticket, day, inference, metered);
  }
  return { batch: task.batch, partial, rejections };
}
