import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, test } from 'vitest';
import { dense } from '../../../../src/ml/head/dense';

/** What tfjs's own ops give: the value and the gradients `dense` must reproduce. */
function reference(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.add<tf.Tensor2D>(tf.matMul(x, w as tf.Tensor2D), b);
}

type Affine = (x: tf.Tensor2D, w: tf.Variable, b: tf.Variable) => tf.Tensor2D;

/** Gradients of sum(f(2x)^2) for x, w and b: squaring makes dy non-uniform, 2x makes x an intermediate. */
function gradients(f: Affine, x: tf.Tensor2D, w: tf.Variable, b: tf.Variable): tf.Tensor[] {
  const loss = (xi: tf.Tensor) => tf.sum(tf.square(f(tf.mul(xi, 2) as tf.Tensor2D, w, b)));
  const [dx] = tf.grads(loss)([x]);
  const { grads } = tf.variableGrads(() => loss(x) as tf.Scalar, [w, b]);
  return [dx!, grads[w.name]!, grads[b.name]!];
}

function expectClose(actual: tf.Tensor, expected: tf.Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  const e = expected.dataSync();
  actual.dataSync().forEach((v, i) => expect(v).toBeCloseTo(e[i]!, 3));
}

describe.each(['cpu', 'wasm'])('dense on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  test('has the value and the gradients of tfjs matMul + add', () => {
    const x = tf.randomNormal([6, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.variable(tf.randomNormal([5, 3], 0, 1, 'float32', 2));
    const b = tf.variable(tf.randomNormal([3], 0, 1, 'float32', 3));
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      expectClose(dense(x, w, b, true), reference(x, w, b));
      expectClose(dense(x, w, b, false), reference(x, w, b));
      const expected = gradients(reference, x, w, b);
      gradients((xi, wi, bi) => dense(xi, wi, bi, true), x, w, b).forEach((g, i) =>
        expectClose(g, expected[i]!),
      );
      // Without an input gradient (the head's first layer) only w and b get one.
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(dense(x, w, b, false))), [w, b]);
      const { grads: want } = tf.variableGrads(() => tf.sum(tf.square(reference(x, w, b))), [w, b]);
      expectClose(grads[w.name]!, want[w.name]!);
      expectClose(grads[b.name]!, want[b.name]!);
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, b]);
  });
});
