// The layer the tests' tiny backbones are built of (miniVgg.ts, the fine-tuning tests).
import * as tf from '@tensorflow/tfjs';

/** A 3x3 'same' ReLU convolution named `name`, its kernel drawn from `seed`. */
export const seededConv = (name: string, seed: number, filters: number) =>
  tf.layers.conv2d({
    name,
    filters,
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
  });
