// A backbone that can be fine-tuned, small enough for Node tests (see engineFixtures.ts).
import * as tf from '@tensorflow/tfjs';
import { INPUT } from './engineFixtures';
import { seededConv } from './seededConv';

/** VGG16 in miniature: a frozen conv and pool, then "block5" (two convs and a pool). */
export function miniVgg(): tf.LayersModel {
  const input = tf.input({ shape: [INPUT, INPUT, 3] });
  const conv = (name: string, seed: number) => seededConv(name, seed, 6);
  let x = conv('block4_conv1', 1).apply(input) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ name: 'block4_pool', poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = conv('block5_conv1', 2).apply(x) as tf.SymbolicTensor;
  x = conv('block5_conv2', 3).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ name: 'block5_pool', poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}
