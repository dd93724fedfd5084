import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRAIN_EVERY, shouldRetrain } from '../../../../src/ml/labelAssist/retrain';

describe('shouldRetrain', () => {
  it('fires once `every` labels have been made since the last training, not before', () => {
    expect(shouldRetrain(0, 10)).toBe(false);
    expect(shouldRetrain(9, 10)).toBe(false);
    expect(shouldRetrain(10, 10)).toBe(true);
    expect(shouldRetrain(13, 10)).toBe(true); // labels made while a retrain was running count
    expect(shouldRetrain(1, 1)).toBe(true);
  });

  it('fires every N labels over a labelling session', () => {
    let since = 0;
    const fired: number[] = [];
    for (let label = 1; label <= 35; label++) {
      since++;
      if (shouldRetrain(since, 10)) {
        fired.push(label);
        since = 0;
      }
    }
    expect(fired).toEqual([10, 20, 30]);
  });

  it('has a whole default of at least one', () => {
    expect(Number.isInteger(DEFAULT_RETRAIN_EVERY)).toBe(true);
    expect(shouldRetrain(DEFAULT_RETRAIN_EVERY, DEFAULT_RETRAIN_EVERY)).toBe(true);
    expect(shouldRetrain(DEFAULT_RETRAIN_EVERY - 1, DEFAULT_RETRAIN_EVERY)).toBe(false);
  });

  it('refuses intervals and counts that make no sense, with a message', () => {
    expect(() => shouldRetrain(3, 0)).toThrow(/whole N >= 1, got 0/);
    expect(() => shouldRetrain(3, 2.5)).toThrow(RangeError);
    expect(() => shouldRetrain(3, NaN)).toThrow(RangeError);
    expect(() => shouldRetrain(-1, 10)).toThrow(/whole number >= 0, got -1/);
  });
});
