// Seeded randomness for the head: weight init, per-epoch shuffles and per-step seeds. Everything here
// is plain JS (no tfjs), so the same seed gives the same numbers on every backend and in tests.

/** A generator of uniform floats in [0, 1). */
export type Rng = () => number;

/**
 * Mixes any number of numbers into one 32-bit seed (murmur3-style avalanche), so that derived seeds
 * (seed, epoch), (seed, step) ... are unrelated to each other even when the inputs differ by one.
 * Non-integers and numbers beyond 32 bits are folded in by their high and low words.
 */
export function deriveSeed(...parts: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const value = Number.isFinite(part) ? part : 0;
    const whole = Math.floor(value);
    const words = [
      whole >>> 0,
      Math.floor(whole / 2 ** 32) >>> 0,
      Math.round((value - whole) * 2 ** 32) >>> 0,
    ];
    for (const word of words) {
      h = Math.imul(h ^ word, 0x5bd1e995);
      h ^= h >>> 15;
    }
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: tiny, fast, and good enough for shuffles and weight init (not for cryptography). */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator whose seed is first mixed, so that nearby seeds give unrelated streams. */
export function createRng(seed: number): Rng {
  return mulberry32(deriveSeed(seed));
}

/** Fisher-Yates shuffle of 0..n-1. */
export function shuffledIndices(n: number, rng: Rng): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  return order;
}

/** Glorot (Xavier) uniform values for a [fanIn, fanOut] kernel, row-major: U(-l, l), l = sqrt(6 / (fanIn + fanOut)). */
export function glorotUniform(fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = (2 * rng() - 1) * limit;
  return values;
}
