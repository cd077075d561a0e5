/**
 * Metering, memoised. A ticket's units and list price under a plan are pure functions of its
 * MeterInput (PricingModel.meter and ticketMicros), and a batch's thousands of tickets meter in a
 * few hundred distinct ways: each way (an Outcome) is metered once and given a small id, which is
 * all a batch's tally keeps of a ticket's metering.
 *
 * The memo's key is every MeterInput field but `customerTurns`. Those are epoch times, different
 * for nearly every ticket, so a key holding them would never hit; nor can they be shifted to start
 * at 0, since a window's end `at + windowHours × 3,600,000` rounds differently at different `at`
 * when the window is not a whole number of milliseconds (1.1 hours). So the first ticket of a key
 * is metered with its turns behind a getter: a plan whose meter never reads them gives the same
 * units for every ticket of that key (a pure function cannot depend on what it never reads); only
 * the plans that do read them (per-conversation) are metered again for each ticket.
 */

import type { Resolution } from '../infer/inference.js';
import type { MeterInput, Units } from '../pricing/model.js';
import type { Channel } from '../ticket.js';
import { KeyTrie } from './key-trie.js';
import type { Replayer } from './replay-batch.js';

/** One ticket's usage and list price (micro-dollars) under one plan. */
export interface Metered {
  units: Units;
  micros: number;
}

/** A distinct way tickets meter: what every ticket filed under it shares. */
export interface Outcome {
  channel: Channel;
  resolution: Resolution;
  actions: readonly string[];
  /** Index-aligned with the run's plans. */
  metered: Metered[];
}

/** What the tickets that agree on every MeterInput field but the turns share. */
interface Signature {
  /** Per plan: its metering of any ticket of the signature; undefined for a plan that reads the turns. */
  fixed: (Metered | undefined)[];
  /** The plans that read the turns, metered per ticket. */
  timed: number[];
  /** Outcome ids under the timed plans' units, in plan order (at the root when no plan reads the turns). */
  outcomes: KeyTrie<number>;
}

/** The units and list price of one ticket under one of the replayer's plans. */
export function meterPlan(r: Replayer, i: number, input: MeterInput): Metered {
  const { plan, model } = r.plans[i];
  const units = model.meter(input, plan, r.ctx);
  return { units, micros: model.ticketMicros(units, plan, r.ctx) };
}

/** Ends one plan's units in an outcome's key, so that the next plan's cannot run into them. */
const END_OF_UNITS = Symbol('end of units');

export class MeterMemo {
  /** Every outcome met so far, by id. */
  readonly outcomes: Outcome[] = [];
  private readonly signatures = new KeyTrie<Signature>();

  constructor(private readonly r: Replayer) {}

  /** The outcome id of one ticket's metering. Throws what metering throws, and then keeps nothing. */
  outcomeOf(input: MeterInput): number {
    try {
      return this.lookup(input);
    } catch (err) {
      // The lookup meters in another order (units before prices): throw what plan-by-plan metering throws first.
      this.r.plans.forEach((_, i) => meterPlan(this.r, i, input));
      throw err;
    }
  }

  private lookup(input: MeterInput): number {
    let node = this.signatures.at(input.channel).at(input.resolution).at(input.aiReplies);
    for (const action of input.actions) node = node.at(action);
    const sig = (node.value ??= this.signature(input));
    let outcome = sig.outcomes;
    for (const i of sig.timed) {
      const { plan, model } = this.r.plans[i];
      const units = model.meter(input, plan, this.r.ctx);
      for (const unit in units) outcome = outcome.at(unit).at(units[unit]);
      outcome = outcome.at(END_OF_UNITS);
    }
    return (outcome.value ??= this.addOutcome(sig, input));
  }

  /** Meters a signature's first ticket under every plan, noting which plans read its turns. */
  private signature(input: MeterInput): Signature {
    const fixed: (Metered | undefined)[] = [];
    const timed: number[] = [];
    this.r.plans.forEach(({ plan, model }, i) => {
      let read = false;
      // Typed as MeterInput so that a field added there must be added here, and to the key.
      const probe: MeterInput = {
        channel: input.channel,
        actions: input.actions,
        aiReplies: input.aiReplies,
        resolution: input.resolution,
        get customerTurns() {
          read = true;
          return input.customerTurns;
        },
      };
      const units = model.meter(probe, plan, this.r.ctx);
      if (read) timed.push(i);
      fixed.push(read ? undefined : { units, micros: model.ticketMicros(units, plan, this.r.ctx) });
    });
    return { fixed, timed, outcomes: new KeyTrie() };
  }

  private addOutcome(sig: Signature, input: MeterInput): number {
    const metered = sig.fixed.map((m, i) => m ?? meterPlan(this.r, i, input));
    return this.outcomes.push({ channel: input.channel, resolution: input.resolution, actions: [...input.actions], metered }) - 1;
  }
}

/** Past this many outcomes a replayer's memo starts afresh: a worker's memory stays bounded however varied the action logs. */
const MAX_OUTCOMES = 10_000;

const memos = new WeakMap<Replayer, MeterMemo>();

/**
 * The replayer's memo, shared by all its batches so that a worker meters each signature once per
 * run rather than once per batch; a fresh one once it holds more than `maxOutcomes` outcomes. A
 * batch keeps the memo it started with, so its outcome ids stay valid.
 */
export function memoFor(r: Replayer, maxOutcomes = MAX_OUTCOMES): MeterMemo {
  let memo = memos.get(r);
  if (memo === undefined || memo.outcomes.length > maxOutcomes) memos.set(r, (memo = new MeterMemo(r)));
  return memo;
}
