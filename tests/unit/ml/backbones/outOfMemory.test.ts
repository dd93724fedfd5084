// A batch too big for the device is retried in halves instead of failing the extraction.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { inferBatch, isOutOfMemory } from '../../../../src/ml/backbones/infer';
import type { Backbone } from '../../../../src/ml/backbones/backbone';

/** A backbone that, like a small GPU, cannot take more than `max` images at once. */
function smallDeviceBackbone(max: number, calls: number[]): Backbone {
  return {
    info: {
      name: 'tiny',
      inputSize: 2,
      preprocess: 'unit',
      featureLayer: null,
      featureShape: [3],
      weights: { kind: 'generated', seed: 1 },
      weightsHash: '0'.repeat(64),
      paramCount: 0,
    },
    extract(batch) {
      calls.push(batch.shape[0]);
      if (batch.shape[0] > max) throw new Error('Failed to allocate buffer: out of memory');
      return tf.tidy(() => batch.mean([1, 2]));
    },
    dispose() {},
  };
}

describe('inferBatch on a device that runs out of memory', () => {
  it('halves the batch until it fits and returns every feature in order', async () => {
    await tf.setBackend('cpu');
    const calls: number[] = [];
    const pixels = Array.from({ length: 10 }, (_, i) => new Uint8ClampedArray(16).fill(i * 10));
    const before = tf.memory().numTensors;
    const features = await inferBatch(smallDeviceBackbone(3, calls), pixels);
    expect(features).toHaveLength(10);
    expect(features.map((f) => Math.round(f[0]! * 255))).toEqual(pixels.map((p) => p[0]));
    expect(calls).toEqual([10, 5, 3, 2, 5, 3, 2]); // each too-big batch split in two, recursively
    expect(tf.memory().numTensors).toBe(before);
  });

  it('does not retry other errors', async () => {
    const backbone = smallDeviceBackbone(100, []);
    backbone.extract = () => {
      throw new Error('shape mismatch');
    };
    await expect(
      inferBatch(backbone, [new Uint8ClampedArray(16), new Uint8ClampedArray(16)]),
    ).rejects.toThrow('shape mismatch');
    expect(isOutOfMemory(new Error('WebGL: CONTEXT_LOST'))).toBe(false);
    expect(isOutOfMemory(new Error('Failed to allocate memory for buffer'))).toBe(true);
  });
});
