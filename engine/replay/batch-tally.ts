/**
 * A batch's replayed tickets in compact form. Tickets that meter alike share one Outcome (its
 * units and list price under every plan), so a ticket only bumps integer-keyed counters: outcome
 * × day, and outcome × month × group, × intent and × tag set. `finish` expands each distinct key
 * into the Partial's string-keyed records once, multiplying by its count: the same integer sums
 * as folding ticket by ticket, at a fraction of the work.
 *
 * Cost by tag: every ticket counts once under its group, channel and intent, and under each tag
 * it carried in the export (`tag` dimension), its list price split evenly over those tags so the
 * dimension still adds up to the bill.
 *
 * `finish` (here and in tag-cells.ts) is written with loops, not callbacks. V8 optimised the
 * callbacks it used to make on every call again and again: at 1M tickets with one worker, up to
 * about 50 TurboFan compilations of each of seven callbacks, 1.8 s of background compile time
 * (`node --trace-opt`), taken from the replay's two cores.
 */

import { bump, emptyPartial, type Counts, type Partial } from '../aggregate/partial.js';
import type { Inference } from '../infer/inference.js';
import type { Units } from '../pricing/model.js';
import type { Ticket } from '../ticket.js';
import { DayIds } from './day-ids.js';
import { KeyTrie } from './key-trie.js';
import type { Outcome } from './meter-memo.js';
import { TagCells, type Dimension } from './tag-cells.js';

/** The value a ticket without export tags is filed under in the `tag` dimension. */
export const UNTAGGED = '(untagged)';

/** The group a ticket without one is filed under. */
const NO_GROUP = '(none)';

/** One outcome's tickets: by day id, and by month id then group, intent or tag-set id. */
interface OutcomeCounts {
  days: number[];
  groups: number[][];
  intents: number[][];
  tagSets: number[][];
}

/** Small ids for a batch's distinct strings. */
class Ids {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  id(value: string): number {
    let id = this.index.get(value);
    if (id === undefined) {
      id = this.values.push(value) - 1;
      this.index.set(value, id);
    }
    return id;
  }
}

export class BatchTally {
  readonly days = new DayIds();
  /** By outcome id, in the order the batch met them. */
  private readonly counts = new Map<number, OutcomeCounts>();
  private readonly groups = new Ids();
  private readonly intents = new Ids();
  private readonly channels = new Ids();
  private readonly tags = new Ids();
  private readonly tagSetIds = new KeyTrie<number>();
  /** A tag set's distinct tag ids (the export may repeat a tag), by id. */
  private readonly tagSets: number[][] = [];
  private readonly handoffReasons: Counts = {};
  private firstAt: number | null = null;
  private lastAt: number | null = null;

  constructor(private readonly planCount: number) {}

  /** Counts one replayed ticket, whose day id and metering outcome id are known. */
  add(ticket: Ticket, day: number, inf: Inference, outcome: number): void {
    let c = this.counts.get(outcome);
    if (c === undefined) this.counts.set(outcome, (c = { days: [], groups: [], intents: [], tagSets: [] }));
    c.days[day] = (c.days[day] ?? 0) + 1;
    const month = this.days.monthOf[day];
    count(c.groups, month, this.groups.id(ticket.group || NO_GROUP));
    count(c.intents, month, this.intents.id(inf.intent));
    count(c.tagSets, month, this.tagSetId(ticket.tags));
    if (inf.resolution !== 'ai') bump(this.handoffReasons, inf.reason);
    const at = ticket.createdAt;
    this.firstAt = this.firstAt === null ? at : Math.min(this.firstAt, at);
    this.lastAt = this.lastAt === null ? at : Math.max(this.lastAt, at);
  }

  private tagSetId(tags: readonly string[]): number {
    let node = this.tagSetIds;
    for (const tag of tags) node = node.at(tag);
    node.value ??= this.tagSets.push([...new Set(tags.length > 0 ? tags : [UNTAGGED])].map((tag) => this.tags.id(tag))) - 1;
    return node.value;
  }

  /** The Partial of every ticket counted, given the outcomes their ids stand for. */
  finish(outcomes: readonly Outcome[]): Partial {
    const p = emptyPartial(this.planCount);
    p.firstAt = this.firstAt;
    p.lastAt = this.lastAt;
    Object.assign(p.handoffReasons, this.handoffReasons);
    const cells = new TagCells(this.planCount, this.days.months);
    for (const [o, c] of this.counts) this.expand(p, cells, outcomes[o], c);
    cells.writeInto(p);
    return p;
  }

  private expand(p: Partial, cells: TagCells, outcome: Outcome, c: OutcomeCounts): void {
    // Plain loops, no callbacks (the file comment says why).
    const { channel, metered } = outcome;
    const ai = outcome.resolution === 'ai';
    const handoffs = ai ? 0 : 1;
    const byMonth: number[] = [];
    let total = 0;
    for (let d = 0; d < c.days.length; d++) {
      const n = c.days[d];
      if (n === undefined) continue;
      const day = this.days.days[d];
      const m = this.days.monthOf[d];
      byMonth[m] = (byMonth[m] ?? 0) + n;
      total += n;
      bump(p.days, day, n);
      for (let i = 0; i < metered.length; i++) addUnits(p.plans[i].daily, day, metered[i].units, n);
    }

    p.tickets += total;
    if (ai) p.aiResolved += total;
    else p.handedOff += total;
    for (const action of outcome.actions) bump(p.actions, action, total);
    bump(p.channels, channel, total);
    const micros: number[] = [];
    for (let i = 0; i < metered.length; i++) {
      const { units } = metered[i];
      const plan = p.plans[i];
      addScaled(plan.byResolution[ai ? 'ai' : 'handoff'], units, total);
      addUnits(plan.byChannel, channel, units, total);
      bump(plan.histogram, String(Math.round(metered[i].micros / 10_000)), total);
      micros.push(metered[i].micros);
    }

    const channelId = this.channels.id(channel);
    for (let m = 0; m < byMonth.length; m++) {
      const n = byMonth[m];
      if (n === undefined) continue;
      const month = this.days.months[m];
      const counts = (p.months[month] ??= { tickets: 0, aiResolved: 0, handedOff: 0 });
      counts.tickets += n;
      if (ai) counts.aiResolved += n;
      else counts.handedOff += n;
      for (let i = 0; i < metered.length; i++) addUnits(p.plans[i].usage, month, metered[i].units, n);
      cells.add('channel', m, channelId, channel, n, handoffs, micros);
    }
    addCounts(cells, 'group', c.groups, this.groups.values, handoffs, micros);
    addCounts(cells, 'intent', c.intents, this.intents.values, handoffs, micros, p.intents);
    // Integer shares keep merging exact; the allocation only needs the proportions.
    const sharesBySize: number[][] = [];
    for (let m = 0; m < c.tagSets.length; m++) {
      const row = c.tagSets[m];
      if (row === undefined) continue;
      for (let s = 0; s < row.length; s++) {
        const n = row[s];
        if (n === undefined) continue;
        const tags = this.tagSets[s];
        const shares = (sharesBySize[tags.length] ??= sharesOf(micros, tags.length));
        for (const tag of tags) cells.add('tag', m, tag, this.tags.values[tag], n, handoffs, shares);
      }
    }
  }
}

/**
 * Every count of `counts` (by month id, then value id) into the cells of `dimension`, and into
 * `totals` by value when given.
 */
function addCounts(
  cells: TagCells, dimension: Dimension, counts: number[][], values: readonly string[], handoffs: number, weights: readonly number[], totals?: Counts,
): void {
  for (let m = 0; m < counts.length; m++) {
    const row = counts[m];
    if (row === undefined) continue;
    for (let id = 0; id < row.length; id++) {
      const n = row[id];
      if (n === undefined) continue;
      if (totals) bump(totals, values[id], n);
      cells.add(dimension, m, id, values[id], n, handoffs, weights);
    }
  }
}

/** Each of `micros` split `parts` ways, rounded. */
function sharesOf(micros: readonly number[], parts: number): number[] {
  const shares: number[] = [];
  for (const x of micros) shares.push(Math.round(x / parts));
  return shares;
}

function count(counts: number[][], month: number, id: number): void {
  const row = (counts[month] ??= []);
  row[id] = (row[id] ?? 0) + 1;
}

/** `n` times `units` into `into[key]`. */
function addUnits(into: Record<string, Units>, key: string, units: Units, n: number): void {
  addScaled((into[key] ??= {}), units, n);
}

function addScaled(target: Units, units: Units, n: number): void {
  for (const unit in units) target[unit] = (target[unit] ?? 0) + units[unit] * n;
}
