/**
 * A small seeded PRNG (mulberry32): the domain has no randomness of its own, so anything that
 * needs chance (a random allocator, a simulator) takes a seed and is reproducible from it.
 */
export type Random = () => number;

export const seededRandom = (seed: number): Random => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** A 32-bit seed from a string (FNV-1a), to derive per-entity streams of chance from one seed. */
export const seedOf = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
};
