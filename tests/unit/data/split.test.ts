import { describe, expect, it } from 'vitest';
import type { ContentHash } from '../../../src/shared/brand';
import type { SplitName } from '../../../src/shared/dataset';
import type { SplitItem } from '../../../src/data/split';
import { assignSplits, countSplits, heldOutCount, splitUnit } from '../../../src/data/split';
import { fakeHashes, splitItems } from '../../helpers/splitItems';

const id = (prefix: string): ContentHash => prefix.padEnd(64, '0') as ContentHash;

function perClass(
  list: readonly SplitItem[],
  splits: Map<ContentHash, SplitName>,
  classCount: number,
) {
  return countSplits(
    list.map((it) => ({ classIndex: it.classIndex, split: splits.get(it.id) ?? 'train' })),
    classCount,
  );
}

function shuffled<T>(xs: readonly T[]): T[] {
  // A fixed permutation: reversed, then interleaved.
  const r = [...xs].reverse();
  return [...r.filter((_, i) => i % 2 === 0), ...r.filter((_, i) => i % 2 === 1)];
}

describe('splitUnit', () => {
  it('reads seed 0 straight off the hash', () => {
    expect(splitUnit(id('80000000'), 0)).toBe(0.5);
    expect(splitUnit(id('00000000'), 0)).toBe(0);
  });

  it('gives other seeds an independent number in [0, 1)', () => {
    const ids = fakeHashes(200, 7);
    const a = ids.map((h) => splitUnit(h, 1));
    const b = ids.map((h) => splitUnit(h, 2));
    expect(a.every((u) => u >= 0 && u < 1)).toBe(true);
    expect(a.filter((u, i) => u === b[i])).toHaveLength(0);
  });
});

describe('assignSplits', () => {
  it('is deterministic and ignores input order', () => {
    const list = splitItems([40, 7, 300]);
    const first = assignSplits(list, 0);
    expect(assignSplits(list, 0)).toEqual(first);
    const again = assignSplits(shuffled(list), 0);
    expect([...again.entries()].sort()).toEqual([...first.entries()].sort());
  });

  it('splits a large class roughly 80/10/10', () => {
    const list = splitItems([1000]);
    for (const seed of [0, 1, 12345]) {
      const [c] = perClass(list, assignSplits(list, seed), 1);
      expect(c?.test).toBeGreaterThan(70);
      expect(c?.test).toBeLessThan(130);
      expect(c?.val).toBeGreaterThan(70);
      expect(c?.val).toBeLessThan(130);
      expect(c?.train).toBeGreaterThan(740);
    }
  });

  it('gives every class of 1 to 200 images exactly 10% (rounded) validation and test images', () => {
    const sizes = Array.from({ length: 200 }, (_, i) => i + 1);
    for (const seed of [0, 1, 99]) {
      const list = splitItems(sizes, seed + 5);
      const counts = perClass(list, assignSplits(list, seed), sizes.length);
      counts.forEach((c, i) => {
        const n = sizes[i]!;
        const held = n < 3 ? 0 : Math.max(1, Math.round(n / 10));
        expect(heldOutCount(n)).toBe(held);
        expect(c, `class of ${n}, seed ${seed}`).toEqual({
          train: n - 2 * held,
          val: held,
          test: held,
        });
      });
    }
    // The figures people will check by hand.
    expect([3, 4, 14, 15, 60, 200].map(heldOutCount)).toEqual([1, 1, 1, 2, 6, 20]);
  });

  it('puts classes of 1 or 2 images entirely in train', () => {
    const list = [
      { id: id('01'), classIndex: 0 },
      { id: id('02'), classIndex: 1 },
      { id: id('03'), classIndex: 1 },
    ];
    expect([...assignSplits(list, 0).values()]).toEqual(['train', 'train', 'train']);
  });

  it('ranks a class by its numbers: lowest to test, next to validation', () => {
    // u = 0.9375, 0.25, 0.375: test takes the smallest, val the next.
    const list = [id('f0'), id('40'), id('60')].map((h) => ({ id: h, classIndex: 0 }));
    const splits = assignSplits(list, 0);
    expect(splits.get(id('f0'))).toBe('train');
    expect(splits.get(id('40'))).toBe('test');
    expect(splits.get(id('60'))).toBe('val');
  });

  it('moves nothing when new images rank after the held-out ones and the counts stay', () => {
    // 60 images, u = 0.01 .. 0.6 (seed 0 reads u off the hash); 4 more above all of them.
    const hex = (u: number) =>
      id(
        Math.floor(u * 2 ** 32)
          .toString(16)
          .padStart(8, '0'),
      );
    const old = Array.from({ length: 60 }, (_, i) => ({ id: hex((i + 1) / 100), classIndex: 0 }));
    const added = [0.9, 0.91, 0.92, 0.93].map((u) => ({ id: hex(u), classIndex: 0 }));
    const before = assignSplits(old, 0);
    const after = assignSplits([...old, ...added], 0);
    for (const { id: h } of old) expect(after.get(h)).toBe(before.get(h));
    // One more image ranked first: it takes a test place, the last test image goes to validation,
    // the last validation image to train. Exactly two old images move.
    const first = { id: hex(0.001), classIndex: 0 };
    const again = assignSplits([...old, first], 0);
    const moved = old.filter(({ id: h }) => again.get(h) !== before.get(h)).map(({ id: h }) => h);
    expect(moved).toEqual([hex(0.06), hex(0.12)]);
    expect([again.get(hex(0.06)), again.get(hex(0.12)), again.get(first.id)]).toEqual([
      'val',
      'train',
      'test',
    ]);
  });

  it('moves only as many old images as the new ranks and counts require', () => {
    for (const [size, extra] of [
      [9, 1],
      [20, 5],
      [60, 7],
      [150, 40],
      [200, 3],
    ] as const) {
      const old = splitItems([size], size);
      const added = splitItems([extra], size + 500);
      const before = assignSplits(old, 0);
      const after = assignSplits([...old, ...added], 0);
      const held = heldOutCount(size);
      const heldAfter = heldOutCount(size + extra);
      const newIn = (split: SplitName) => added.filter((a) => after.get(a.id) === split).length;
      const newTest = newIn('test');
      const newHeld = newTest + newIn('val');
      const moved = old.filter((o) => after.get(o.id) !== before.get(o.id)).length;
      // Each boundary (test|val, val|train) is crossed by as many old images as the new images and
      // the larger counts displaced there; no old image moves for any other reason.
      const crossings =
        Math.abs(heldAfter - newTest - held) + Math.abs(2 * heldAfter - newHeld - 2 * held);
      expect(moved, `class of ${size} + ${extra}`).toBeLessThanOrEqual(crossings);
      expect(moved).toBeLessThanOrEqual(newTest + newHeld + 3 * (heldAfter - held));
    }
  });

  it('reshuffles with another seed', () => {
    const list = splitItems([500]);
    const a = assignSplits(list, 0);
    const b = assignSplits(list, 1);
    const moved = list.filter((it) => a.get(it.id) !== b.get(it.id)).length;
    expect(moved).toBeGreaterThan(50);
  });

  it('refuses an id listed twice', () => {
    expect(() =>
      assignSplits(
        [
          { id: id('aa'), classIndex: 0 },
          { id: id('aa'), classIndex: 1 },
        ],
        0,
      ),
    ).toThrow(/twice/);
  });
});

describe('countSplits', () => {
  it('counts per class and rejects unknown class indices', () => {
    expect(
      countSplits(
        [
          { classIndex: 1, split: 'val' },
          { classIndex: 1, split: 'train' },
          { classIndex: 0, split: 'test' },
        ],
        2,
      ),
    ).toEqual([
      { train: 0, val: 0, test: 1 },
      { train: 1, val: 1, test: 0 },
    ]);
    expect(() => countSplits([{ classIndex: 2, split: 'train' }], 2)).toThrow();
  });
});
