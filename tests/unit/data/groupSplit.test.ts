import { describe, expect, it } from 'vitest';
import type { ContentHash } from '../../../src/shared/brand';
import { assignGroupedSplits } from '../../../src/data/groupSplit';
import { assignSplits, countSplits, heldOutCount, type SplitItem } from '../../../src/data/split';
import { splitItems } from '../../helpers/splitItems';

function counts(list: readonly SplitItem[], splits: Map<ContentHash, string>, classes: number) {
  return countSplits(
    list.map((it) => ({ classIndex: it.classIndex, split: splits.get(it.id) as 'train' })),
    classes,
  );
}

describe('assignGroupedSplits', () => {
  it('is exactly assignSplits when there are no groups', () => {
    for (const seed of [0, 1, 77]) {
      const list = splitItems([60, 7, 3, 2, 1, 130], seed + 3);
      const { splits, moved } = assignGroupedSplits(list, [], seed);
      expect([...splits].sort()).toEqual([...assignSplits(list, seed)].sort());
      expect(moved).toEqual([]);
      // Singleton groups change nothing either.
      expect([...assignGroupedSplits(list, [[list[0]!.id]], seed).splits].sort()).toEqual(
        [...splits].sort(),
      );
    }
  });

  it('keeps every group on one side with exact per-class counts', () => {
    const list = splitItems([60, 60, 40], 5);
    const byClass = (c: number) => list.filter((it) => it.classIndex === c).map((it) => it.id);
    const plain = assignSplits(list, 0);
    // Groups that straddle the plain split: a test image with train images of the same class,
    // and one group across two classes.
    const groups: ContentHash[][] = [];
    for (const c of [0, 1, 2]) {
      const ids = byClass(c);
      const test = ids.filter((id) => plain.get(id) === 'test');
      const train = ids.filter((id) => plain.get(id) === 'train');
      groups.push([test[0]!, train[0]!, train[1]!], [test[1]!, train[2]!]);
    }
    groups.push([byClass(0)[10]!, byClass(1)[10]!]);
    const { splits, moved } = assignGroupedSplits(list, groups, 0);
    for (const group of groups) {
      expect(new Set(group.map((id) => splits.get(id))).size).toBe(1);
    }
    const expected = [60, 60, 40].map((n) => ({
      train: n - 2 * heldOutCount(n),
      val: heldOutCount(n),
      test: heldOutCount(n),
    }));
    expect(counts(list, splits, 3)).toEqual(expected);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((id) => splits.get(id) !== plain.get(id))).toBe(true);
    const unmoved = list.filter((it) => !moved.includes(it.id));
    expect(unmoved.every((it) => splits.get(it.id) === plain.get(it.id))).toBe(true);
  });

  it('does not depend on input order or group order', () => {
    const list = splitItems([30, 25], 8);
    const groups = [
      [list[0]!.id, list[5]!.id, list[40]!.id],
      [list[12]!.id, list[13]!.id],
    ];
    const a = assignGroupedSplits(list, groups, 3);
    const b = assignGroupedSplits([...list].reverse(), [[...groups[1]!].reverse(), groups[0]!], 3);
    expect([...b.splits].sort()).toEqual([...a.splits].sort());
    expect([...b.moved].sort()).toEqual([...a.moved].sort());
  });

  it('puts a group too big for any held-out side in train, the only inexact case', () => {
    const list = splitItems([20], 2); // 2 test, 2 val, 16 train
    const group = list.slice(0, 18).map((it) => it.id);
    const { splits } = assignGroupedSplits(list, [group], 0);
    expect(group.every((id) => splits.get(id) === 'train')).toBe(true);
    expect(counts(list, splits, 1)).toEqual([{ train: 18, val: 1, test: 1 }]);
  });

  it('merges groups that share an image and ignores unknown ids', () => {
    const list = splitItems([40], 4);
    const unknown = 'f'.repeat(64) as ContentHash;
    const { splits } = assignGroupedSplits(
      list,
      [
        [list[0]!.id, list[1]!.id],
        [list[1]!.id, list[2]!.id, unknown],
      ],
      0,
    );
    expect(new Set([0, 1, 2].map((i) => splits.get(list[i]!.id))).size).toBe(1);
    expect(splits.has(unknown)).toBe(false);
  });
});
