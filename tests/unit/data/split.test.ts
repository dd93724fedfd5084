import { describe, expect, it } from 'vitest';
import type { ContentHash } from '../../../src/shared/brand';
import type { SplitName } from '../../../src/shared/dataset';
import type { SplitItem } from '../../../src/data/split';
import { assignSplits, countSplits, splitUnit } from '../../../src/data/split';

// Deterministic fake SHA-256 digests (mulberry32), so the tests never flake.
function hashes(count: number, seed: number): ContentHash[] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 8 }, () => next().toString(16).padStart(8, '0')).join(''),
  ) as ContentHash[];
}

const id = (prefix: string): ContentHash => prefix.padEnd(64, '0') as ContentHash;

function items(sizes: readonly number[], seed = 1): SplitItem[] {
  return sizes.flatMap((size, classIndex) =>
    hashes(size, seed * 1000 + classIndex).map((h) => ({ id: h, classIndex })),
  );
}

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
    const ids = hashes(200, 7);
    const a = ids.map((h) => splitUnit(h, 1));
    const b = ids.map((h) => splitUnit(h, 2));
    expect(a.every((u) => u >= 0 && u < 1)).toBe(true);
    expect(a.filter((u, i) => u === b[i])).toHaveLength(0);
  });
});

describe('assignSplits', () => {
  it('is deterministic and ignores input order', () => {
    const list = items([40, 7, 300]);
    const first = assignSplits(list, 0);
    expect(assignSplits(list, 0)).toEqual(first);
    const again = assignSplits(shuffled(list), 0);
    expect([...again.entries()].sort()).toEqual([...first.entries()].sort());
  });

  it('splits a large class roughly 80/10/10', () => {
    const list = items([1000]);
    for (const seed of [0, 1, 12345]) {
      const [c] = perClass(list, assignSplits(list, seed), 1);
      expect(c?.test).toBeGreaterThan(70);
      expect(c?.test).toBeLessThan(130);
      expect(c?.val).toBeGreaterThan(70);
      expect(c?.val).toBeLessThan(130);
      expect(c?.train).toBeGreaterThan(740);
    }
  });

  it('gives every class of 3 or more images at least one train, val and test image', () => {
    const sizes = Array.from({ length: 38 }, (_, i) => i + 3);
    for (const seed of [0, 1, 2, 99]) {
      const list = items(sizes, seed + 5);
      const counts = perClass(list, assignSplits(list, seed), sizes.length);
      counts.forEach((c, i) => {
        expect(c.test, `class of ${sizes[i]}, seed ${seed}`).toBeGreaterThanOrEqual(1);
        expect(c.val, `class of ${sizes[i]}, seed ${seed}`).toBeGreaterThanOrEqual(1);
        expect(c.train, `class of ${sizes[i]}, seed ${seed}`).toBeGreaterThanOrEqual(1);
      });
    }
  });

  it('puts classes of 1 or 2 images entirely in train', () => {
    const list = [
      { id: id('01'), classIndex: 0 },
      { id: id('02'), classIndex: 1 },
      { id: id('03'), classIndex: 1 },
    ];
    expect([...assignSplits(list, 0).values()]).toEqual(['train', 'train', 'train']);
  });

  it('fixes up a tiny class by moving the images closest to the missing split', () => {
    // u = 0.9375, 0.25, 0.375: all train. Test takes the smallest u, val the next.
    const list = [id('f0'), id('40'), id('60')].map((h) => ({ id: h, classIndex: 0 }));
    const splits = assignSplits(list, 0);
    expect(splits.get(id('f0'))).toBe('train');
    expect(splits.get(id('40'))).toBe('test');
    expect(splits.get(id('60'))).toBe('val');

    // u all below 0.1: all test. Val takes the largest u, train the next largest.
    const low = [id('01'), id('02'), id('03')].map((h) => ({ id: h, classIndex: 0 }));
    const lowSplits = assignSplits(low, 0);
    expect([lowSplits.get(id('01')), lowSplits.get(id('02')), lowSplits.get(id('03'))]).toEqual([
      'test',
      'train',
      'val',
    ]);
  });

  it('never moves old images when new ones arrive in classes that needed no fix-up', () => {
    const old = items([60, 150, 400], 3);
    const added = items([25, 80, 10], 4);
    const before = assignSplits(old, 0);
    const after = assignSplits([...old, ...added], 0);
    for (let c = 0; c < 3; c++) {
      const raw = old.filter((it) => it.classIndex === c).map((it) => splitUnit(it.id, 0));
      // Precondition: these classes had every split without help.
      expect(raw.some((u) => u < 0.1) && raw.some((u) => u >= 0.1 && u < 0.2)).toBe(true);
    }
    for (const { id: h } of old) expect(after.get(h)).toBe(before.get(h));
  });

  it('reshuffles with another seed', () => {
    const list = items([500]);
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
