// The "at a glance" ranking: most typical by own-class probability, least typical from the other
// end, never the same photo twice, classes without photos empty.
import { describe, expect, it } from 'vitest';
import type { ContentHash } from '../../../src/shared/brand';
import { typicalByClass } from '../../../src/shared/typical';

const ids = ['a', 'b', 'c', 'd', 'e', 'f'] as ContentHash[];

describe('typicalByClass', () => {
  it('ranks each class by its own probability, both ends, k each', () => {
    const labels = [0, 0, 0, 0, 1, 1];
    const own = [0.5, 0.9, 0.1, 0.7, 0.8, 0.3];
    const [zero, one, two] = typicalByClass(ids, labels, own, 3, 2);
    expect(zero!.most.map((m) => m.id)).toEqual(['b', 'd']);
    expect(zero!.least.map((m) => m.id)).toEqual(['c', 'a']);
    expect(zero!.most[0]!.probability).toBe(0.9);
    // Two photos, k = 2: both are "most typical", none left for "least".
    expect(one!.most.map((m) => m.id)).toEqual(['e', 'f']);
    expect(one!.least).toEqual([]);
    expect(two).toEqual({ classIndex: 2, most: [], least: [] });
  });

  it('keeps the images order on ties', () => {
    const [only] = typicalByClass(ids.slice(0, 3), [0, 0, 0], [0.5, 0.5, 0.5], 1, 1);
    expect(only!.most.map((m) => m.id)).toEqual(['a']);
    expect(only!.least.map((m) => m.id)).toEqual(['c']);
  });
});
