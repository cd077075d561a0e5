/**
 * The `tags` records of a batch's Partial (cost by tag), summed before they are written. A cell's
 * tickets and hand-offs are the same under every plan and only its weight differs, so the tally
 * adds plain numbers here, per outcome and cell, and each cell is written into each plan once.
 */

import { TAG_SEPARATOR, type Partial } from '../aggregate/partial.js';

export type Dimension = 'group' | 'channel' | 'intent' | 'tag';

interface CellSum {
  key: string;
  tickets: number;
  handoffs: number;
  /** By plan. */
  weights: number[];
}

export class TagCells {
  /** By dimension, then month id, then value id. */
  private readonly sums: Record<Dimension, CellSum[][]> = { group: [], channel: [], intent: [], tag: [] };

  /** `months` is the batch's month names by id (it may grow as the batch does). */
  constructor(private readonly planCount: number, private readonly months: readonly string[]) {}

  /**
   * Adds `n` tickets to the cell of `value` (whose id in its dimension is `id`) in a month, each
   * weighing `weights[i]` under plan i and counting `handoffs` (0 or 1) hand-offs.
   */
  add(dimension: Dimension, month: number, id: number, value: string, n: number, handoffs: number, weights: readonly number[]): void {
    const row = (this.sums[dimension][month] ??= []);
    const sum = (row[id] ??= { key: tagKey(dimension, value, this.months[month]), tickets: 0, handoffs: 0, weights: new Array<number>(this.planCount).fill(0) });
    sum.tickets += n;
    sum.handoffs += n * handoffs;
    for (let i = 0; i < weights.length; i++) sum.weights[i] += n * weights[i];
  }

  /** Writes every cell into every plan of `p`, adding to a cell already there. */
  writeInto(p: Partial): void {
    for (const rows of Object.values(this.sums)) {
      for (const row of rows) {
        if (row === undefined) continue;
        // Loops, not callbacks made on every call (batch-tally.ts's file comment says why).
        for (const sum of row) {
          if (sum === undefined) continue;
          for (let i = 0; i < sum.weights.length; i++) {
            const cell = (p.plans[i].tags[sum.key] ??= { tickets: 0, weight: 0, handoffs: 0 });
            cell.tickets += sum.tickets;
            cell.weight += sum.weights[i];
            cell.handoffs += sum.handoffs;
          }
        }
      }
    }
  }
}

/** `dimension \u0001 value \u0001 month`, the key of a cell in PlanPartial.tags. */
function tagKey(dimension: Dimension, value: string, month: string): string {
  return `${dimension}${TAG_SEPARATOR}${value}${TAG_SEPARATOR}${month}`;
}
