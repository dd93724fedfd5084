// The confidence floor: below it, the webcam and single-image prediction say "not sure" instead of a
// class. A softmax always names some class, even for a picture of none of them (an ant before a
// flower model), so a top class alone overclaims. The floor is measured, not chosen: the confidence
// that 95% of the model's correct predictions on held-out images reach. Worker and page both use
// this module: the engine measures after training, the page decides and says it in words.

/** Share of correct held-out predictions that are at or above the floor, in percent. */
export const FLOOR_COVERAGE_PERCENT = 95;
/**
 * Fewest correct held-out predictions to measure a floor from. With 20, the floor is the second
 * lowest confidence; with fewer, one odd image would set it, so there is no floor at all.
 */
export const FLOOR_MIN_CORRECT = 20;

/** Where the held-out predictions came from: validation first, test only when validation is tiny. */
export type HeldOutSource = 'validation' | 'test' | 'validation and test';

export type ConfidenceFloor =
  | {
      readonly kind: 'measured';
      /** A top-class probability below this is "not sure". */
      readonly value: number;
      readonly source: HeldOutSource;
      /** Correct held-out predictions it was measured on. */
      readonly correct: number;
      /** How many of those were at or above `value` (at least FLOOR_COVERAGE_PERCENT of them). */
      readonly atOrAbove: number;
    }
  | {
      /** Too few correct held-out predictions to measure one: every prediction names its class. */
      readonly kind: 'too-few';
      readonly correct: number;
      readonly needed: number;
    };

export interface HeldOutPrediction {
  readonly trueClass: number;
  readonly predictedClass: number;
  /** The predicted class's probability. */
  readonly confidence: number;
}

const correctConfidences = (predictions: readonly HeldOutPrediction[]) =>
  predictions.filter((p) => p.predictedClass === p.trueClass).map((p) => p.confidence);

/**
 * The floor from held-out predictions: from validation when it has FLOOR_MIN_CORRECT correct ones,
 * else from test, else from both together, else none ('too-few'). Sorted ascending, the floor is the
 * confidence at index floor(n * 5 / 100): at least 95% of the n correct ones are at or above it.
 */
export function measureConfidenceFloor(
  validation: readonly HeldOutPrediction[],
  test: readonly HeldOutPrediction[],
): ConfidenceFloor {
  const val = correctConfidences(validation);
  const tst = correctConfidences(test);
  const candidates: [HeldOutSource, number[]][] = [
    ['validation', val],
    ['test', tst],
    ['validation and test', [...val, ...tst]],
  ];
  const chosen = candidates.find(([, c]) => c.length >= FLOOR_MIN_CORRECT);
  if (!chosen)
    return { kind: 'too-few', correct: val.length + tst.length, needed: FLOOR_MIN_CORRECT };
  const [source, confidences] = chosen;
  const sorted = [...confidences].sort((a, b) => a - b);
  // Integer arithmetic: (1 - 0.95) * 20 is 0.999…, which would floor to 0.
  const index = Math.floor((sorted.length * (100 - FLOOR_COVERAGE_PERCENT)) / 100);
  const value = sorted[index]!;
  return {
    kind: 'measured',
    value,
    source,
    correct: sorted.length,
    atOrAbove: sorted.filter((c) => c >= value).length,
  };
}

/** Whether a top-class probability is sure enough to name the class; with no floor, it is. */
export function isSure(floor: ConfidenceFloor | null | undefined, probability: number): boolean {
  return floor?.kind !== 'measured' || probability >= floor.value;
}

const pct = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

/** The floor in a sentence, for the person: what "not sure" means here and where it came from. */
export function floorWords(floor: ConfidenceFloor | null | undefined): string {
  if (!floor)
    return 'This model has no "not sure" level (it was saved before Graft measured one): every prediction names a class.';
  if (floor.kind === 'too-few')
    return `No "not sure" level: only ${floor.correct} correct predictions on held-out images, ${floor.needed} needed to measure one. Every prediction names a class, even for a picture of none of them.`;
  const share = Math.floor((100 * floor.atOrAbove) / floor.correct);
  return `Not sure below ${pct(floor.value)}: ${share}% of correct predictions on the ${floor.source} images (${floor.atOrAbove} of ${floor.correct}) were at or above that.`;
}

/** Checks a floor read from a file (metadata.json); null when it is absent or malformed. */
export function restoreConfidenceFloor(value: unknown): ConfidenceFloor | null {
  const f = value as Partial<Record<string, unknown>> | null;
  if (typeof f !== 'object' || f === null) return null;
  const count = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  if (f.kind === 'too-few' && count(f.correct) && count(f.needed))
    return { kind: 'too-few', correct: f.correct as number, needed: f.needed as number };
  const sources: readonly unknown[] = ['validation', 'test', 'validation and test'];
  if (
    f.kind === 'measured' &&
    typeof f.value === 'number' &&
    f.value > 0 &&
    f.value <= 1 &&
    sources.includes(f.source) &&
    count(f.correct) &&
    count(f.atOrAbove) &&
    (f.atOrAbove as number) <= (f.correct as number) &&
    (f.correct as number) > 0
  )
    return {
      kind: 'measured',
      value: f.value,
      source: f.source as HeldOutSource,
      correct: f.correct as number,
      atOrAbove: f.atOrAbove as number,
    };
  return null;
}
