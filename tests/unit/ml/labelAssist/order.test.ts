import { describe, expect, it } from 'vitest';
import {
  leastConfidence,
  marginUncertainty,
  normalizedEntropy,
} from '../../../../src/ml/labelAssist/measures';
import { orderSuggestions, uncertainty } from '../../../../src/ml/labelAssist/order';

const item = (key: string, probabilities: number[]) => ({ key, probabilities });

describe('uncertainty', () => {
  it('is 0 for a certain prediction and 1 for a tie between the top two', () => {
    expect(uncertainty([1, 0, 0])).toBe(0);
    expect(uncertainty([0.5, 0.5, 0])).toBe(1);
    expect(uncertainty([0.2, 0.7, 0.1])).toBeCloseTo(0.5, 10); // 1 - (0.7 - 0.2)
  });

  it('ranks by the gap between the top two classes (margin), not by the spread of the rest', () => {
    // Same top probability; the second vector's runner-up is close, so it is less sure.
    expect(uncertainty([0.6, 0.35, 0.05])).toBeGreaterThan(uncertainty([0.6, 0.2, 0.2]));
    // Entropy says the opposite of these two: the measures really differ.
    expect(normalizedEntropy([0.6, 0.35, 0.05])).toBeLessThan(normalizedEntropy([0.6, 0.2, 0.2]));
    expect(leastConfidence([0.6, 0.35, 0.05])).toBeCloseTo(leastConfidence([0.6, 0.2, 0.2]), 10);
  });

  it('never makes a broken row look confident', () => {
    expect(uncertainty([NaN, NaN])).toBe(1);
    expect(uncertainty([])).toBe(1);
    expect(marginUncertainty([0.9, NaN, 0.1])).toBeCloseTo(0.2, 10);
  });

  it('keeps every measure in [0, 1]', () => {
    const rows = [[1], [0.3, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25], [1.0000001, -0.0000001], [0, 0]];
    for (const row of rows) {
      for (const f of [marginUncertainty, normalizedEntropy, leastConfidence]) {
        const u = f(row);
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThanOrEqual(1);
      }
    }
    expect(normalizedEntropy([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(1, 10);
  });
});

describe('orderSuggestions', () => {
  // Margins: a 0.9, b 0.5, c 0.1, d 0.7 (uncertainty 1 - margin: a .1, b .5, c .9, d .3).
  const items = [
    item('a', [0.95, 0.05]),
    item('b', [0.75, 0.25]),
    item('c', [0.45, 0.55]),
    item('d', [0.15, 0.85]),
  ];

  it('puts the most uncertain first', () => {
    expect(orderSuggestions(items, 'uncertain').map((i) => i.key)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('puts the most confident first', () => {
    expect(orderSuggestions(items, 'confident').map((i) => i.key)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('returns a new array and leaves the input as it was', () => {
    const before = items.map((i) => i.key);
    const ordered = orderSuggestions(items, 'uncertain');
    expect(ordered).not.toBe(items);
    expect(items.map((i) => i.key)).toEqual(before);
    expect(ordered[0]).toBe(items[2]); // the same objects, reordered
  });

  it('breaks ties by key, the same way in both orders and whatever the input order', () => {
    const tied = [
      item('photo-10', [0.6, 0.4]),
      item('photo-2', [0.4, 0.6]),
      item('photo-1', [0.6, 0.4]),
      item('z-sure', [0.99, 0.01]),
    ];
    const expectUncertain = ['photo-1', 'photo-10', 'photo-2', 'z-sure'];
    expect(orderSuggestions(tied, 'uncertain').map((i) => i.key)).toEqual(expectUncertain);
    expect(orderSuggestions([...tied].reverse(), 'uncertain').map((i) => i.key)).toEqual(
      expectUncertain,
    );
    expect(orderSuggestions(tied, 'confident').map((i) => i.key)).toEqual([
      'z-sure',
      'photo-1',
      'photo-10',
      'photo-2',
    ]);
  });

  it('takes Float32Array rows, as the head gives them', () => {
    const rows = [
      { key: 'p', probabilities: new Float32Array([0.5, 0.3, 0.2]) },
      { key: 'q', probabilities: new Float32Array([0.34, 0.33, 0.33]) },
    ];
    expect(orderSuggestions(rows, 'uncertain').map((i) => i.key)).toEqual(['q', 'p']);
  });

  it('handles no suggestions', () => {
    expect(orderSuggestions([], 'uncertain')).toEqual([]);
  });
});
