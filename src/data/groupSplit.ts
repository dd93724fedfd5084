// Group-aware split: near-duplicate groups (found by the data doctor) stay on one side of
// train / validation / test, so a copy in test never grades the model on an image it trained on.
//
// The rule, beside split.ts's: every class keeps its exact targets (heldOutCount test, as many
// validation, the rest train). Units are single images and whole groups; a group's number is the
// lowest splitUnit of its members (ties by hash). Units are dealt in order of that number, each to
// the first of test, validation, train in which every class it touches still has room for all of
// its images in that class. A unit that fits nowhere goes to train; its classes' train count then
// exceeds the target (the only case where the counts are not exact) and the excess is taken from
// their validation and test places in turn, validation first. With no groups every unit is
// one image and a class's images arrive in split.ts's rank order, so the result is exactly
// assignSplits'.
import type { ContentHash } from '../shared/brand';
import type { SplitName } from '../shared/dataset';
import { compareCodePoints } from '../shared/order';
import { assignSplits, heldOutCount, splitUnit, type SplitItem } from './split';

export interface GroupedSplit {
  readonly splits: Map<ContentHash, SplitName>;
  /** Images whose split differs from assignSplits' (moved to keep their group together). */
  readonly moved: readonly ContentHash[];
}

interface Unit {
  readonly ids: readonly ContentHash[];
  readonly u: number;
  readonly first: ContentHash;
  /** Images per class index. */
  readonly perClass: ReadonlyMap<number, number>;
}

const ORDER: readonly SplitName[] = ['test', 'val', 'train'];

/**
 * The split of every image with each group on one side. `groups` lists ids that must stay
 * together; ids missing from `items` are ignored, and groups sharing an image are merged.
 */
export function assignGroupedSplits(
  items: readonly SplitItem[],
  groups: readonly (readonly ContentHash[])[],
  splitSeed: number,
): GroupedSplit {
  const plain = assignSplits(items, splitSeed); // also checks that ids are unique
  const classOf = new Map(items.map((it) => [it.id, it.classIndex]));
  // Union-find over ids, so overlapping groups become one.
  const parent = new Map<ContentHash, ContentHash>();
  const find = (id: ContentHash): ContentHash => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const it of items) parent.set(it.id, it.id);
  for (const group of groups) {
    const present = group.filter((id) => classOf.has(id));
    for (const id of present.slice(1)) {
      const [a, b] = [find(present[0]!), find(id)];
      if (a !== b)
        parent.set(compareCodePoints(a, b) < 0 ? b : a, compareCodePoints(a, b) < 0 ? a : b);
    }
  }
  const members = new Map<ContentHash, ContentHash[]>();
  for (const it of items) {
    const root = find(it.id);
    const list = members.get(root);
    if (list) list.push(it.id);
    else members.set(root, [it.id]);
  }
  const units: Unit[] = [...members.values()].map((ids) => {
    const ranked = ids
      .map((id) => ({ id, u: splitUnit(id, splitSeed) }))
      .sort((a, b) => a.u - b.u || compareCodePoints(a.id, b.id));
    const perClass = new Map<number, number>();
    for (const id of ids) perClass.set(classOf.get(id)!, (perClass.get(classOf.get(id)!) ?? 0) + 1);
    return { ids, u: ranked[0]!.u, first: ranked[0]!.id, perClass };
  });
  units.sort((a, b) => a.u - b.u || compareCodePoints(a.first, b.first));

  const sizes = new Map<number, number>();
  for (const it of items) sizes.set(it.classIndex, (sizes.get(it.classIndex) ?? 0) + 1);
  const room = new Map<number, Record<SplitName, number>>();
  for (const [classIndex, size] of sizes) {
    const held = heldOutCount(size);
    room.set(classIndex, { test: held, val: held, train: size - 2 * held });
  }

  const splits = new Map<ContentHash, SplitName>();
  for (const unit of units) {
    const fits = (split: SplitName) =>
      [...unit.perClass].every(([c, count]) => room.get(c)![split] >= count);
    const split = ORDER.find(fits) ?? 'train';
    for (const [c, count] of unit.perClass) {
      const r = room.get(c)!;
      r[split] -= count;
      // Train overflowed: its class gives the excess back from validation and test in turn, so the
      // class's total still adds up and neither held-out side is emptied first.
      for (let side: 'val' | 'test' = 'val'; r.train < 0 && r.val + r.test > 0;) {
        if (r[side] > 0) {
          r[side]--;
          r.train++;
        }
        side = side === 'val' ? 'test' : 'val';
      }
    }
    for (const id of unit.ids) splits.set(id, split);
  }
  const moved = items.filter((it) => splits.get(it.id) !== plain.get(it.id)).map((it) => it.id);
  return { splits, moved };
}
