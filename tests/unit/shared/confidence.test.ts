// The confidence floor: known held-out predictions give a known floor, tiny splits give none or fall
// back to test, and "not sure" is said exactly below the floor.
import { describe, expect, it } from 'vitest';
import {
  floorWords,
  isSure,
  measureConfidenceFloor,
  restoreConfidenceFloor,
  type HeldOutPrediction,
} from '../../../src/shared/confidence';

/** Correct predictions with these confidences. */
const correct = (confidences: readonly number[]): HeldOutPrediction[] =>
  confidences.map((confidence, i) => ({ trueClass: i % 3, predictedClass: i % 3, confidence }));
/** Wrong predictions with these confidences: they never move the floor. */
const wrong = (confidences: readonly number[]): HeldOutPrediction[] =>
  confidences.map((confidence) => ({ trueClass: 0, predictedClass: 1, confidence }));

/** 0.41, 0.42, … : n distinct confidences, highest first, so the input's order does not matter. */
const ladder = (n: number) => Array.from({ length: n }, (_, i) => (41 + i) / 100).reverse();

describe('measureConfidenceFloor', () => {
  it('is the level 95% of correct validation predictions reach', () => {
    // 40 correct: floor(40 * 5 / 100) = 2, so the third lowest (0.43); 38 of 40 (95%) at or above.
    const floor = measureConfidenceFloor([...correct(ladder(40)), ...wrong([0.2, 0.3, 0.99])], []);
    expect(floor).toEqual({
      kind: 'measured',
      value: 0.43,
      source: 'validation',
      correct: 40,
      atOrAbove: 38,
    });
    expect(floorWords(floor)).toBe(
      'Not sure below 43.0%: 95% of correct predictions on the validation images (38 of 40) were at or above that.',
    );
  });

  it('at exactly 20 correct, the second lowest (integer arithmetic, not 0.999… floored to 0)', () => {
    const floor = measureConfidenceFloor(correct(ladder(20)), []);
    expect(floor).toMatchObject({ kind: 'measured', value: 0.42, correct: 20, atOrAbove: 19 });
  });

  it('counts ties at the floor as at or above it', () => {
    const floor = measureConfidenceFloor(correct([0.5, 0.6, 0.6, 0.6, ...Array(20).fill(0.9)]), []);
    // 24 correct: index 1, the first 0.6; three 0.6s and twenty 0.9s are at or above it.
    expect(floor).toMatchObject({ kind: 'measured', value: 0.6, atOrAbove: 23, correct: 24 });
  });

  it('falls back to test when validation is tiny, then to both together, then to none', () => {
    expect(measureConfidenceFloor(correct(ladder(5)), correct(ladder(30)))).toMatchObject({
      kind: 'measured',
      source: 'test',
      correct: 30,
    });
    expect(measureConfidenceFloor(correct(ladder(12)), correct(ladder(10)))).toMatchObject({
      kind: 'measured',
      source: 'validation and test',
      correct: 22,
      value: 0.41, // index 1 of 22 sorted: 0.41 appears twice (one from each split)
    });
    const none = measureConfidenceFloor(correct(ladder(7)), [
      ...correct(ladder(6)),
      ...wrong(Array(40).fill(0.5)),
    ]);
    expect(none).toEqual({ kind: 'too-few', correct: 13, needed: 20 });
    expect(floorWords(none)).toContain('only 13 correct predictions on held-out images, 20 needed');
    expect(measureConfidenceFloor([], [])).toEqual({ kind: 'too-few', correct: 0, needed: 20 });
  });
});

describe('isSure', () => {
  const floor = measureConfidenceFloor(correct(ladder(40)), []); // 0.43

  it('names the class at or above the floor, and says not sure below it', () => {
    expect(isSure(floor, 0.43)).toBe(true);
    expect(isSure(floor, 0.97)).toBe(true);
    expect(isSure(floor, 0.4299)).toBe(false);
    expect(isSure(floor, 0.2)).toBe(false);
  });

  it('with no floor (too few, or a model saved before floors), every prediction is named', () => {
    expect(isSure({ kind: 'too-few', correct: 3, needed: 20 }, 0.01)).toBe(true);
    expect(isSure(null, 0.01)).toBe(true);
    expect(floorWords(null)).toContain('no "not sure" level');
  });
});

describe('restoreConfidenceFloor', () => {
  it('keeps a well-formed floor and drops malformed ones', () => {
    const floor = measureConfidenceFloor(correct(ladder(40)), []);
    expect(restoreConfidenceFloor(JSON.parse(JSON.stringify(floor)))).toEqual(floor);
    expect(restoreConfidenceFloor({ kind: 'too-few', correct: 2, needed: 20 })).toEqual({
      kind: 'too-few',
      correct: 2,
      needed: 20,
    });
    for (const bad of [
      null,
      'x',
      { ...floor, value: 1.5 },
      { ...floor, value: 0 },
      { ...floor, source: 'training' },
      { ...floor, atOrAbove: 41 },
      { kind: 'guess', value: 0.5 },
    ])
      expect(restoreConfidenceFloor(bad), JSON.stringify(bad)).toBeNull();
  });
});
