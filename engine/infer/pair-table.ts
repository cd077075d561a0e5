/**
 * A fixed map from a pair of non-negative integers to a value, for the keyword index's word pairs
 * (first token, second token → pair) and triples (pair, third token → keyword): looked up for
 * nearly every word of every ticket, so it is an open-addressing table in one typed array, a slot
 * in one cache line, rather than a Map of number keys.
 */

export interface PairTable {
  /** Per slot, SLOT int32s: the first number + 1 (0: empty slot), the second, the value, and one unused. */
  slots: Int32Array;
  /** The number of slots (a power of two), less one. */
  mask: number;
  size: number;
}

const SLOT = 4;

/** The slot where the search for (a, b) starts, before masking. */
function mix(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * A table of the given entries (pairs distinct, numbers from 0 to 2^31 − 2), at most half full.
 *
 * @example
 * const t = buildPairTable([3, 7], [5, 2], [0, 1]);
 * pairValue(t, 3, 5); // 0
 * pairValue(t, 5, 3); // -1
 */
export function buildPairTable(first: readonly number[], second: readonly number[], value: readonly number[]): PairTable {
  let count = 2;
  while (count < 2 * first.length) count *= 2;
  const slots = new Int32Array(count * SLOT);
  first.forEach((a, i) => {
    let slot = mix(a, second[i]) & (count - 1);
    while (slots[slot * SLOT] !== 0) slot = (slot + 1) & (count - 1);
    slots[slot * SLOT] = a + 1;
    slots[slot * SLOT + 1] = second[i];
    slots[slot * SLOT + 2] = value[i];
  });
  return { slots, mask: count - 1, size: first.length };
}

/** The value stored for (a, b), or −1. */
export function pairValue(table: PairTable, a: number, b: number): number {
  const { slots, mask } = table;
  for (let slot = mix(a, b) & mask; ; slot = (slot + 1) & mask) {
    const first = slots[slot * SLOT];
    if (first === 0) return -1;
    if (first === a + 1 && slots[slot * SLOT + 1] === b) return slots[slot * SLOT + 2];
  }
}
