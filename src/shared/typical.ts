// "Per class, at a glance": for each class, the training photos the model finds most typical of it
// (the highest probability for their own class) and least typical (the lowest). Pure ranking, so
// the engine computes it from the cached features and a test checks it without a model.
import type { ContentHash } from './brand';

export interface TypicalImage {
  readonly id: ContentHash;
  /** The model's probability for the image's own class. */
  readonly probability: number;
}

export interface ClassAtAGlance {
  readonly classIndex: number;
  /** Most typical first. */
  readonly most: readonly TypicalImage[];
  /** Least typical first; none of `most` (a class with few photos shows each once). */
  readonly least: readonly TypicalImage[];
}

/**
 * Per class (0..numClasses-1): up to `k` images with the highest own-class probability and up to
 * `k` others with the lowest. `ownProbability[i]` is image i's probability for `labels[i]`.
 * Ties keep the images' order, so the result does not depend on the sort's whims.
 */
export function typicalByClass(
  ids: readonly ContentHash[],
  labels: readonly number[],
  ownProbability: readonly number[],
  numClasses: number,
  k: number,
): ClassAtAGlance[] {
  return Array.from({ length: numClasses }, (_, classIndex) => {
    const members = ids
      .map((id, i) => ({ id, probability: ownProbability[i]!, label: labels[i], at: i }))
      .filter((m) => m.label === classIndex)
      .sort((a, b) => b.probability - a.probability || a.at - b.at);
    const most = members.slice(0, k);
    const least = members.slice(Math.max(most.length, members.length - k)).reverse();
    const strip = ({ id, probability }: TypicalImage) => ({ id, probability });
    return { classIndex, most: most.map(strip), least: least.map(strip) };
  });
}
