// Grad-CAM on heads whose answer is known: where the class evidence sits, the map peaks; where a
// class has no evidence, the map is empty; the pooled-features path (backbone up to its last map,
// then the pooling again) gives the same map as the head on the map itself; nothing leaks.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHead } from '../../../../src/ml/head/head';
import { gradCam } from '../../../../src/ml/explain/gradCam';
import { createExplainer } from '../../../../src/ml/explain/explainer';
import { backboneFromModel } from '../../../../src/ml/backbones/backbone';
import { preprocessBatch } from '../../../../src/ml/backbones/preprocess';
import { channelZeroHead } from '../../../helpers/explainFixtures';
import { useWasm } from '../../../helpers/tfBackend';

beforeAll(useWasm);

const [H, W, K] = [4, 5, 3];

/** Channel 0 is on at one cell only; channels 1 and 2 are noise everywhere. */
function mapWithEvidenceAt(row: number, col: number): tf.Tensor4D {
  const values = new Float32Array(H * W * K);
  for (let i = 0; i < H * W; i++) {
    values[i * K + 1] = ((i * 37) % 11) / 11;
    values[i * K + 2] = ((i * 53) % 7) / 7;
  }
  values[(row * W + col) * K] = 3;
  return tf.tensor4d(values, [1, H, W, K]);
}

describe('gradCam', () => {
  it.each(['pooled', 'flatten'] as const)(
    '%s head: the map peaks where the class evidence is, and nothing leaks',
    async (kind) => {
      const head = channelZeroHead(kind, [H, W, K]);
      const map = mapWithEvidenceAt(2, 3);
      const before = tf.memory().numTensors;
      const result = await gradCam(head, map, 1);
      expect(tf.memory().numTensors).toBe(before);
      expect(result.classIndex).toBe(1);
      const { heatmap } = result;
      expect([heatmap.width, heatmap.height]).toEqual([W, H]);
      expect(heatmap.peak).toEqual({ x: 3.5 / W, y: 2.5 / H });
      // Only that cell carries evidence: every other cell is zero.
      expect(heatmap.values[2 * W + 3]).toBe(1);
      expect([...heatmap.values].filter((v) => v !== 0)).toEqual([1]);
      // The predicted class (null) is class 1 here: its logit is positive.
      expect((await gradCam(head, map, null)).classIndex).toBe(1);
      tf.dispose(map);
      head.dispose();
    },
  );

  it('a class the evidence speaks against gets an empty map and no peak', async () => {
    const head = channelZeroHead('pooled', [H, W, K]);
    const map = mapWithEvidenceAt(0, 0);
    const result = await gradCam(head, map, 0);
    expect(result.heatmap.peak).toBeNull();
    expect(result.heatmap.values.every((v) => v === 0)).toBe(true);
    await expect(gradCam(head, map, 2)).rejects.toThrow(/not one of the head's 2 classes/);
    tf.dispose(map);
    head.dispose();
  });

  it('moving the evidence moves the peak', async () => {
    const head = channelZeroHead('pooled', [H, W, K]);
    for (const [row, col] of [
      [0, 0],
      [3, 4],
      [1, 2],
    ] as const) {
      const map = mapWithEvidenceAt(row, col);
      const { heatmap } = await gradCam(head, map, 1);
      expect(heatmap.peak).toEqual({ x: (col + 0.5) / W, y: (row + 0.5) / H });
      map.dispose();
    }
    head.dispose();
  });
});

/** A tiny backbone whose feature layer comes after a global pooling (as a Teachable Machine one). */
function pooledBackboneModel(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3] });
  const conv = tf.layers
    .conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', name: 'last_conv' })
    .apply(input) as tf.SymbolicTensor;
  const relu = tf.layers.reLU({ name: 'last_relu' }).apply(conv) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(relu);
  return tf.model({ inputs: input, outputs: pooled as tf.SymbolicTensor });
}

describe('createExplainer on pooled features', () => {
  it('runs to the last map and pools again: the same map as a pooled head on that map', async () => {
    const before = tf.memory().numTensors;
    const backbone = await backboneFromModel(pooledBackboneModel(), {
      name: 'tiny',
      inputSize: 8,
      preprocess: 'unit',
      featureLayer: null,
      weights: { kind: 'generated', seed: 1 },
    });
    expect(backbone.info.featureShape).toEqual([4]);
    const explainer = createExplainer(backbone);
    expect(explainer.source).toEqual({ kind: 'forward', layer: 'last_relu', poolFrom: 'pool' });

    const pixels = new Uint8ClampedArray(8 * 8 * 4).map((_, i) => (i * 97) % 256);
    const pooledHead = createHead('pooled', [4], 3, 5);
    const explained = await explainer.explain(pixels, pooledHead, 2);
    expect(explained.layer).toBe('last_relu');
    expect([explained.heatmap.width, explained.heatmap.height]).toEqual([4, 4]);

    // The same weights on the spatial map itself (the head pools it): the same Grad-CAM.
    const spatialHead = createHead('pooled', [4, 4, 4], 3, 5);
    const weights = pooledHead.snapshot();
    spatialHead.restore(weights);
    weights.dispose();
    const cut = tf.model({
      inputs: backbone.featureModel!.inputs,
      outputs: backbone.featureModel!.getLayer('last_relu').output as tf.SymbolicTensor,
    });
    const map = tf.tidy(() => cut.predict(preprocessBatch([pixels], 8, 'unit')) as tf.Tensor4D);
    const direct = await gradCam(spatialHead, map, 2);
    map.dispose();
    expect([...direct.heatmap.values].map((v) => v.toFixed(4))).toEqual(
      [...explained.heatmap.values].map((v) => v.toFixed(4)),
    );
    expect(explained.probabilities).toHaveLength(3);

    pooledHead.dispose();
    spatialHead.dispose();
    explainer.dispose();
    backbone.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
