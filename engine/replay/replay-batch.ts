/**
 * The work of one batch: infer every ticket, meter it under every plan, and fold it into a partial
 * aggregate. Workers call it; tests call it in-process.
 */

import type { Partial } from '../aggregate/partial.js';
import { messages } from '../messages.js';
import { compilePlaybook, type CompiledPlaybook } from '../infer/compile.js';
import { inferTicket } from '../infer/infer.js';
import type { Inference } from '../infer/inference.js';
import type { Rejection } from '../ingest/rejection.js';
import { undecodedField } from '../ingest/decode.js';
import { getModel } from '../pricing/index.js';
import type { MeterContext, MeterInput, PricingModel } from '../pricing/model.js';
import type { Plan } from '../pricing/plans.js';
import type { Ticket } from '../ticket.js';
import { BatchTally } from './batch-tally.js';
import { memoFor, type MeterMemo, meterPlan, type Metered } from './meter-memo.js';
import type { ReplayResult, ReplayTask, WorkerConfig } from './task.js';

export { UNTAGGED } from './batch-tally.js';

/** A worker's compiled view of its WorkerConfig, built once per thread. */
export interface Replayer {
  seed: number;
  ctx: MeterContext;
  playbook: CompiledPlaybook;
  plans: { plan: Plan; model: PricingModel<Plan> }[];
  /**
   * Test hook (worker.ts, TICKET_REPLAY_FAULT): called with every ticket before it is replayed;
   * it throws, exits the thread or exhausts its memory at one ticket. Absent in a normal run.
   */
  fault?: (ticket: Ticket) => void;
}

/**
 * Where a worker was when it failed. Carried to the main thread as the thrown Error's `cause`
 * (the structured clone keeps an Error's message and cause, nothing else), so the pool's message
 * can name the record even when only the worker has read it (chunks).
 */
export interface FaultSite {
  file: string;
  line: number;
  ticketId?: string;
}

/** An unexpected throw while replaying a record (a bug, not a bad record): its message, with where it happened. */
export function faultAt(err: unknown, site: FaultSite): Error {
  return new Error(err instanceof Error ? err.message : String(err), { cause: site });
}

/** The site an Error from a worker carries, if it carries one. */
export function siteOf(err: unknown): FaultSite | undefined {
  const cause = (err as { cause?: { file?: unknown; line?: unknown } } | undefined)?.cause;
  return typeof cause?.file === 'string' && typeof cause.line === 'number' ? (cause as FaultSite) : undefined;
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
export function meterTicket(r: Replayer, input: MeterInput): Metered[] {
  return r.plans.map((_, i) => meterPlan(r, i, input));
}

/**
 * Accumulates replayed tickets of one batch; `finish` gives the batch's Partial. A worker meters
 * each way tickets meter once (MeterMemo, shared by the replayer's batches), and a batch counts
 * its tickets under small integer keys (BatchTally), expanded into the Partial's string-keyed
 * records once per distinct key.
 */
/** One ticket in SAMPLE has its inference timed. */
const SAMPLE = 16;

export class BatchReplay {
  private readonly meters: MeterMemo;
  private readonly tally: BatchTally;
  private replayed = 0;
  /** Estimated time spent in inference so far (ms), from a sample of the tickets. */
  inferMs = 0;

  constructor(private readonly r: Replayer) {
    this.meters = memoFor(r);
    this.tally = new BatchTally(r.plans.length);
  }

  /** Infers, meters and folds one ticket; returns the rejection if it failed (replay-failed), else undefined. */
  replay(ticket: Ticket): Rejection | undefined {
    this.r.fault?.(ticket);
    const garbled = undecodedField(ticket);
    if (garbled) return { file: ticket.source.file, line: ticket.source.line, id: ticket.id, code: 'bad-encoding', reason: messages.undecodable(garbled) };
    let day: number;
    let inference: Inference;
    let outcome: number;
    try {
      // Everything that can throw happens before the tally is touched.
      day = this.tally.days.id(ticket.createdAt);
      // Replay keeps totals only: the words behind each intent are inspect's to show.
      // Every SAMPLE-th inference is timed, for the bench's time shares (a clock read per ticket would cost more).
      const timed = this.replayed++ % SAMPLE === 0;
      const t0 = timed ? performance.now() : 0;
      inference = inferTicket(ticket, this.r.playbook, this.r.seed, { explain: false });
      if (timed) this.inferMs += (performance.now() - t0) * SAMPLE;
      outcome = this.meters.outcomeOf(meterInput(ticket, inference));
    } catch (err) {
      return {
        file: ticket.source.file, line: ticket.source.line, id: ticket.id, code: 'replay-failed',
        reason: messages.replayFailed((err as Error).message),
      };
    }
    this.tally.add(ticket, day, inference, outcome);
    return undefined;
  }

  /** The Partial of every ticket replayed so far (call once). */
  finish(): Partial {
    return this.tally.finish(this.meters.outcomes);
  }
}

/** Replays a batch: one partial for all its tickets, and the tickets that failed. */
export function replayBatch(r: Replayer, task: ReplayTask): ReplayResult {
  const batch = new BatchReplay(r);
  const rejections: Rejection[] = [];
  for (const ticket of task.tickets) {
    let rejection: Rejection | undefined;
    try {
      rejection = batch.replay(ticket);
    } catch (err) {
      // A throw past replay's own catch is a fault of the worker: the batch fails, naming the ticket.
      throw faultAt(err, { file: ticket.source.file, line: ticket.source.line, ticketId: ticket.id });
    }
    if (rejection) rejections.push(rejection);
  }
  return { batch: task.batch, partial: batch.finish(), rejections };
}
