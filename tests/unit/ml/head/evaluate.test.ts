import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateHead, predictProbabilities } from '../../../../src/ml/head/evaluate';
import { createHead, HIDDEN_UNITS, type Head } from '../../../../src/ml/head/head';
import type { ContentHash } from '../../../../src/shared/brand';
import { blobs } from '../../../helpers/headFixtures';
import { useCpu } from '../../../helpers/tfBackend';

beforeAll(useCpu);

/** A head on [3] features whose logits are relu(x): class scores we can work out by hand. */
function identityHead(): Head {
  const head = createHead('pooled', [3], 3, 1);
  const w1 = new Float32Array(3 * HIDDEN_UNITS);
  const w2 = new Float32Array(HIDDEN_UNITS * 3);
  for (let i = 0; i < 3; i++) {
    w1[i * HIDDEN_UNITS + i] = 1;
    w2[i * 3 + i] = 1;
  }
  const tensors = [
    tf.tensor2d(w1, [3, HIDDEN_UNITS]),
    tf.zeros([HIDDEN_UNITS]),
    tf.tensor2d(w2, [HIDDEN_UNITS, 3]),
    tf.zeros([3]),
  ];
  head.restore({ tensors, dispose: () => tf.dispose(tensors) });
  tf.dispose(tensors);
  return head;
}

function softmax(logits: number[]): number[] {
  const e = logits.map(Math.exp);
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

const id = (s: string) => s as ContentHash;

let start = 0;
beforeEach(() => {
  start = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(start);
});

describe('predictProbabilities', () => {
  it('returns one probability row per vector, the same whatever the batch size', async () => {
    const head = createHead('pooled', [2, 2, 8], 4, 3);
    const [set] = blobs([2, 2, 8], 4, [3], 1);
    const inOne = await predictProbabilities(head, set!.vectors, [2, 2, 8], 64);
    const inFives = await predictProbabilities(head, set!.vectors, [2, 2, 8], 5);
    expect(inOne).toHaveLength(12);
    expect(inFives).toEqual(inOne);
    for (const row of inOne) {
      expect(row).toHaveLength(4);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    expect(await predictProbabilities(head, [], [2, 2, 8])).toEqual([]);
    head.dispose();
  });

  it('matches the softmax worked out by hand', async () => {
    const head = identityHead();
    const [p] = await predictProbabilities(head, [Float32Array.from([2, 0, -1])], [3]);
    const expected = softmax([2, 0, 0]); // relu clips the -1
    expect(
      Array.from(p!)
        .map((v, i) => v - expected[i]!)
        .every((d) => Math.abs(d) < 1e-6),
    ).toBe(true);
    head.dispose();
  });

  it('rejects a feature shape the head was not built for', async () => {
    const head = createHead('pooled', [16], 3, 1);
    await expect(predictProbabilities(head, [new Float32Array(8)], [8])).rejects.toThrow(
      RangeError,
    );
    head.dispose();
  });
});

describe('evaluateHead', () => {
  it('scores a test set: accuracy, per class, confusion, predictions, misclassified by confidence', async () => {
    const head = identityHead();
    const test = {
      vectors: [
        [4, 0, 0], // class 0, right
        [0, 3, 0], // class 0, predicted 1
        [0, 0, 5], // class 1, predicted 2 (more confidently)
        [0, 2, 0], // class 1, right
        [0, 0, 1], // class 2, right
      ].map((v) => Float32Array.from(v)),
      labels: [0, 0, 1, 1, 2],
      ids: ['a', 'b', 'c', 'd', 'e'].map(id),
    };
    const evaluation = await evaluateHead(head, test, [3], 3);
    expect(evaluation.accuracy).toBeCloseTo(3 / 5, 10);
    expect(evaluation.confusion).toEqual([
      [1, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(evaluation.perClass.map((r) => r.support)).toEqual([2, 2, 1]);
    expect(evaluation.perClass[2]!.precision).toBeCloseTo(0.5, 10);
    expect(evaluation.predictions.map((p) => [p.id, p.trueClass, p.predictedClass])).toEqual([
      ['a', 0, 0],
      ['b', 0, 1],
      ['c', 1, 2],
      ['d', 1, 1],
      ['e', 2, 2],
    ]);
    expect(evaluation.predictions[0]!.confidence).toBeCloseTo(softmax([4, 0, 0])[0]!, 5);
    expect(evaluation.misclassified.map((m) => m.id)).toEqual(['c', 'b']);
    expect(evaluation.misclassified[0]).toMatchObject({ trueClass: 1, predictedClass: 2 });
    expect(evaluation.misclassified[0]!.confidence).toBeCloseTo(softmax([0, 0, 5])[2]!, 5);
    expect(evaluation.misclassified[1]!.confidence).toBeCloseTo(softmax([0, 3, 0])[1]!, 5);
    head.dispose();
  });

  it('handles an empty test set', async () => {
    const head = identityHead();
    const evaluation = await evaluateHead(head, { vectors: [], labels: [], ids: [] }, [3], 3);
    expect(evaluation.accuracy).toBeNaN();
    expect(evaluation.confusion).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(evaluation.predictions).toEqual([]);
    expect(evaluation.misclassified).toEqual([]);
    head.dispose();
  });
});
