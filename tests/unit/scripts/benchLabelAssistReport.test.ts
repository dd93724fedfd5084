import { describe, expect, it } from 'vitest';
import { labelsToReach, spread } from '../../../scripts/benchLabelAssistReport.mjs';

describe('bench:label-assist report', () => {
  it('finds the first point of a curve that reaches the target, or says it never does', () => {
    const curve = [
      { added: 0, accuracy: 0.6 },
      { added: 10, accuracy: 0.8 },
      { added: 20, accuracy: 0.7 },
      { added: 30, accuracy: 0.9 },
    ];
    expect(labelsToReach(curve, 0.8)).toBe(10);
    expect(labelsToReach(curve, 0.85)).toBe(30);
    expect(labelsToReach(curve, 0.95)).toBeNull();
  });

  it('gives mean and range over the values there are, null when there are none', () => {
    expect(spread([0.5, null, 1])).toEqual({ mean: 0.75, min: 0.5, max: 1, n: 2 });
    expect(spread([null])).toBeNull();
  });
});
