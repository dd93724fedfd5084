// A dense layer's affine step with a gradient that suits every tfjs backend, WASM included.
import * as tf from '@tensorflow/tfjs';

/**
 * x·w + b, with a gradient that makes its transposes explicit. tfjs's own MatMul gradient multiplies
 * with transposed operands, which tfjs-wasm runs as a naive loop (10x slower than its XNNPACK path
 * for the head's [32, 512] x [512, 256] step; tests/unit/ml/head/dense.test.ts measures it); tf.transpose
 * plus a plain matMul takes the fast path. `x` gets a gradient only when asked: the head's input
 * features need none. `x` is saved for the backward pass because tfjs disposes the forward pass's
 * intermediates (a dropout output, say) before it runs the gradients; variables are never disposed.
 */
export function dense(
  x: tf.Tensor2D,
  w: tf.Variable,
  b: tf.Variable,
  inputNeedsGradient: boolean,
): tf.Tensor2D {
  const forward = (save: tf.GradSaveFunc) => {
    save([x]);
    return tf.add<tf.Tensor2D>(tf.matMul(x, w as tf.Tensor2D), b);
  };
  const kernelAndBiasGradients = (dy: tf.Tensor, savedX: tf.Tensor) => [
    tf.matMul(tf.transpose(savedX), dy as tf.Tensor2D),
    tf.sum(dy, 0),
  ];
  if (!inputNeedsGradient) {
    return tf.customGrad<tf.Tensor2D>((_w, _b, save) => ({
      value: forward(save as tf.GradSaveFunc),
      gradFunc: (dy, [savedX]) => kernelAndBiasGradients(dy, savedX!),
    }))(w, b);
  }
  return tf.customGrad<tf.Tensor2D>((_x, _w, _b, save) => ({
    value: forward(save as tf.GradSaveFunc),
    gradFunc: (dy, [savedX]) => [
      tf.matMul(dy as tf.Tensor2D, tf.transpose(w as tf.Tensor2D)),
      ...kernelAndBiasGradients(dy, savedX!),
    ],
  }))(x, w, b);
}
