// Stratified k-fold assignment for the cross-validated estimate: within each class, images ranked by
// their hash's number (as the split ranks them, with its own seed) are dealt to folds in turn, so
// every fold holds each class's images to within one, and the same images give the same folds.
import type { ContentHash } from '../shared/brand';
import type { SplitItem } from './split';
import { splitUnit } from './split';
import { compareCodePoints } from '../shared/order';

/** Fold index in [0, k) for every item; throws for k < 2 or duplicate ids. */
export function assignFolds(
  items: readonly SplitItem[],
  k: number,
  seed: number,
): Map<ContentHash, number> {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k-fold needs k >= 2, got ${k}`);
  const byClass = new Map<number, { id: ContentHash; u: number }[]>();
  for (const { id, classIndex } of items) {
    const members = byClass.get(classIndex) ?? [];
    members.push({ id, u: splitUnit(id, seed) });
    byClass.set(classIndex, members);
  }
  const folds = new Map<ContentHash, number>();
  // Each class starts dealing where the last one stopped, so small classes do not all pile into
  // fold 0 and the folds stay within one image of each other overall, too.
  let next = 0;
  for (const classIndex of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(classIndex)!;
    members.sort((a, b) => a.u - b.u || compareCodePoints(a.id, b.id));
    for (const m of members) {
      if (folds.has(m.id)) throw new Error(`Image ${m.id} is listed twice.`);
      folds.set(m.id, next);
      next = (next + 1) % k;
    }
  }
  return folds;
}
