import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  duplicateGroups,
  nearestNeighbours,
  pooledUnitVectors,
} from '../../../../src/ml/doctor/nearDuplicates';
import { createRng } from '../../../../src/ml/random';
import { useCpu } from '../../../helpers/tfBackend';

beforeAll(useCpu);

/** `count` random [2, 2, dim] feature maps, plus noisy copies of the images listed in `copyOf`. */
function dataset(count: number, dim: number, copyOf: readonly number[], seed: number) {
  const rng = createRng(seed);
  const size = 4 * dim;
  const vectors = Array.from({ length: count }, () =>
    Float32Array.from({ length: size }, () => rng() * 2 - 1),
  );
  for (const source of copyOf) {
    vectors.push(vectors[source]!.map((v) => v + 0.05 * (rng() * 2 - 1)));
  }
  return vectors;
}

describe('pooledUnitVectors', () => {
  it('averages over positions, normalises, and leaves a zero vector at zero', () => {
    const [a, b] = pooledUnitVectors(
      [Float32Array.from([1, 0, 3, 0]), new Float32Array(4)],
      [2, 2],
    );
    expect([...a!]).toEqual([1, 0]);
    expect([...b!]).toEqual([0, 0]);
    expect(() => pooledUnitVectors([new Float32Array(3)], [2, 2])).toThrow(/values/);
  });
});

describe('near-duplicate search', () => {
  const copyOf = [3, 17, 17, 40, 88];
  const vectors = dataset(100, 16, copyOf, 9);
  const unit = pooledUnitVectors(vectors, [2, 2, 16]);
  const planted = [
    [3, 100],
    [17, 101, 102],
    [40, 103],
    [88, 104],
  ];

  it('finds planted copies and nothing else above the threshold', async () => {
    const before = tf.memory().numTensors;
    const neighbours = await nearestNeighbours(unit, { k: 5, blockSize: 32 });
    expect(tf.memory().numTensors).toBe(before);
    expect(duplicateGroups(neighbours, 0.95)).toEqual(planted);
    // Most similar first, never itself.
    neighbours.forEach((list, i) => {
      expect(list).toHaveLength(5);
      expect(list.some((n) => n.index === i)).toBe(false);
      list
        .slice(1)
        .forEach((n, j) => expect(n.similarity).toBeLessThanOrEqual(list[j]!.similarity));
    });
  });

  it('gives the same neighbours whatever the block size', async () => {
    const reference = await nearestNeighbours(unit, { k: 4, blockSize: 105 });
    for (const blockSize of [1, 7, 32, 64]) {
      const result = await nearestNeighbours(unit, { k: 4, blockSize });
      expect(result.map((l) => l.map((n) => n.index))).toEqual(
        reference.map((l) => l.map((n) => n.index)),
      );
      result.forEach((l, i) =>
        l.forEach((n, j) => expect(n.similarity).toBeCloseTo(reference[i]![j]!.similarity, 5)),
      );
      expect(duplicateGroups(result, 0.95)).toEqual(planted);
    }
  });

  it('matches a brute-force top k', async () => {
    const result = await nearestNeighbours(unit, { k: 3, blockSize: 16 });
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, c) => s + v * b[c]!, 0);
    for (const i of [0, 17, 50, 104]) {
      const brute = unit
        .map((u, j) => ({ index: j, similarity: dot(unit[i]!, u) }))
        .filter((n) => n.index !== i)
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 3);
      expect(result[i]!.map((n) => n.index)).toEqual(brute.map((n) => n.index));
    }
  });

  it('stops when asked, leaving no tensors behind', async () => {
    const before = tf.memory().numTensors;
    let calls = 0;
    await expect(
      nearestNeighbours(unit, { k: 3, blockSize: 8, shouldStop: () => ++calls > 3 }),
    ).rejects.toThrow(/cancelled/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('handles tiny inputs', async () => {
    expect(await nearestNeighbours([], { k: 3 })).toEqual([]);
    expect(await nearestNeighbours([unit[0]!], { k: 3 })).toEqual([[]]);
  });
});

describe('duplicateGroups', () => {
  it('joins chains by union-find and ignores pairs below the threshold', () => {
    const groups = duplicateGroups(
      [
        [{ index: 1, similarity: 0.99 }],
        [{ index: 2, similarity: 0.97 }],
        [{ index: 1, similarity: 0.97 }],
        [{ index: 0, similarity: 0.5 }],
      ],
      0.96,
    );
    expect(groups).toEqual([[0, 1, 2]]);
  });
});
