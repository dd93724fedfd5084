// A speed ratio, so not part of `npm test` (a busy machine would fail it): `npm run bench:head`.
// tfjs's MatMul gradient multiplies transposed operands, which tfjs-wasm runs as a naive loop;
// src/ml/head/dense.ts makes the transposes explicit so every multiply takes XNNPACK.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect, test } from 'vitest';
import { dense } from '../../src/ml/head/dense';

type Affine = (x: tf.Tensor2D, w: tf.Variable, b: tf.Variable) => tf.Tensor2D;

function reference(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.add<tf.Tensor2D>(tf.matMul(x, w as tf.Tensor2D), b);
}

function timePerCall(run: () => void, calls: number): number {
  run();
  const started = performance.now();
  for (let i = 0; i < calls; i++) run();
  return (performance.now() - started) / calls;
}

test('on WASM, a training step of the head-sized first layer is several times faster than tfjs autograd', async () => {
  await tf.setBackend('wasm');
  const x = tf.randomNormal([32, 512], 0, 1, 'float32', 1) as tf.Tensor2D;
  const w = tf.variable(tf.randomNormal([512, 256], 0, 0.05, 'float32', 2));
  const b = tf.variable(tf.zeros([256]));
  const step = (f: Affine) => () =>
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(f(x, w, b))), [w, b]);
      grads[w.name]!.dataSync();
    });
  const ms = {
    autograd: timePerCall(step(reference), 30),
    dense: timePerCall(
      step((xi, wi, bi) => dense(xi, wi, bi, false)),
      30,
    ),
  };
  console.log(`head layer step on WASM: ${JSON.stringify(ms)}`);
  // About 5x here; a ratio from one run, so machine load cancels out.
  console.log(JSON.stringify({ head_step_speedup_vs_autograd: ms.autograd / ms.dense }));
  expect(ms.autograd / ms.dense).toBeGreaterThan(2.5);
  tf.dispose([x, w, b]);
});
