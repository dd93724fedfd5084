import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, glorotUniform, shuffledIndices } from '../../../src/ml/random';

describe('seeded randomness', () => {
  it('derives different seeds from neighbouring inputs, the same from the same', () => {
    expect(deriveSeed(42, 23, 7)).toBe(deriveSeed(42, 23, 7));
    const steps = new Set(Array.from({ length: 1000 }, (_, step) => deriveSeed(42, 23, step)));
    expect(steps.size).toBe(1000);
    expect(deriveSeed(42, 1)).not.toBe(deriveSeed(1, 42));
    expect(deriveSeed(0.5)).not.toBe(deriveSeed(0));
  });

  it('replays the same uniform stream for the same seed', () => {
    const a = createRng(3);
    const b = createRng(3);
    const c = createRng(4);
    const xs = Array.from({ length: 2000 }, () => a());
    expect(Array.from({ length: 2000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 2000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  it('shuffles into a permutation that depends on the seed', () => {
    const order = shuffledIndices(50, createRng(1));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(order).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffledIndices(50, createRng(1))).toEqual(order);
    expect(shuffledIndices(50, createRng(2))).not.toEqual(order);
  });

  it('draws Glorot-uniform values inside the limit', () => {
    const values = glorotUniform(100, 50, createRng(1));
    const limit = Math.sqrt(6 / 150);
    expect(values).toHaveLength(5000);
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...values)).toBeGreaterThan(0.95 * limit);
    expect(Math.min(...values)).toBeLessThan(-0.95 * limit);
  });
});
