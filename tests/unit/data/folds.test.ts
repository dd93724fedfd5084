import { describe, expect, it } from 'vitest';
import type { ContentHash } from '../../../src/shared/brand';
import { assignFolds } from '../../../src/data/folds';

const hex = (n: number) => ((n * 2654435761) >>> 0).toString(16).padStart(8, '0').padEnd(64, 'a');

function items(sizes: readonly number[]) {
  let n = 1;
  return sizes.flatMap((size, classIndex) =>
    Array.from({ length: size }, () => ({ id: hex(n++) as ContentHash, classIndex })),
  );
}

describe('assignFolds', () => {
  it('deals each class to the folds to within one image', () => {
    const list = items([60, 7, 23, 2]);
    const folds = assignFolds(list, 5, 3);
    for (let c = 0; c < 4; c++) {
      const counts = new Array(5).fill(0);
      for (const it of list) if (it.classIndex === c) counts[folds.get(it.id)!]++;
      expect(Math.max(...counts) - Math.min(...counts), `class ${c}`).toBeLessThanOrEqual(1);
    }
    const sizes = new Array(5).fill(0);
    for (const f of folds.values()) sizes[f]++;
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('is a function of the images and the seed, not their order', () => {
    const list = items([30, 30]);
    const a = assignFolds(list, 5, 1);
    const b = assignFolds([...list].reverse(), 5, 1);
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
    const c = assignFolds(list, 5, 2);
    expect(list.filter((it) => a.get(it.id) !== c.get(it.id)).length).toBeGreaterThan(20);
    expect(() => assignFolds(list, 1, 0)).toThrow(RangeError);
  });
});
