/**
 * Seeded, order-independent random draws: every draw is a pure function of the run's seed, the
 * ticket id and a purpose label, so results never depend on worker count or ticket order.
 */

/** FNV-1a 32-bit over a string, folded with a seed. */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so nearby ids give unrelated draws.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform draw in [0, 1) for (seed, ticket id, purpose). */
export function drawUniform(seed: number, ticketId: string, purpose: string): number {
  return hash32(`${purpose}\u0000${ticketId}`, seed) / 4294967296;
}

/** mulberry32: a small, fast seeded generator for sequences (the synthetic data generator). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
