// A head survives the project store byte for byte, and the exported models compute what the app
// computes: the head alone on features, and the full model (preprocessing, backbone, head) on pixels.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHead } from '../../../../src/ml/head/head';
import {
  fullModelArtifacts,
  headArtifacts,
  loadHead,
  saveHead,
} from '../../../../src/ml/head/headIo';
import { backboneFromModel, createGeneratedVgg16 } from '../../../../src/ml/backbones/backbone';
import { preprocessBatch } from '../../../../src/ml/backbones/preprocess';
import { useWasm } from '../../../helpers/tfBackend';
import { createRng } from '../../../../src/ml/random';
import type { PreprocessMode } from '../../../../src/shared/backbone';

beforeAll(useWasm);

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

function randomFeatures(shape: number[], n: number, seed: number): tf.Tensor {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n * size }, () => rng() * 4),
    [n, ...shape],
  );
}

async function smallBackbone(mode: PreprocessMode) {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [32, 32, 3],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.maxPooling2d({ poolSize: 4 }),
    ],
  });
  return backboneFromModel(model, {
    name: 'small',
    inputSize: 32,
    preprocess: mode,
    featureLayer: null,
    weights: { kind: 'generated', seed: 1 },
  });
}

describe('saveHead / loadHead', () => {
  it.each(['pooled', 'flatten'] as const)(
    'a %s head predicts the same after a round trip',
    async (kind) => {
      const before = tf.memory().numTensors;
      const head = createHead(kind, [2, 2, 8], 4, 7);
      const saved = await saveHead(head);
      const copy = loadHead(structuredClone(saved));
      const x = randomFeatures([2, 2, 8], 5, 1);
      const a = head.predictProbabilities(x);
      const b = copy.predictProbabilities(x);
      expect(maxAbsDiff(await a.data(), await b.data())).toBe(0);
      tf.dispose([x, a, b]);
      head.dispose();
      copy.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('refuses weights of the wrong size', async () => {
    const head = createHead('pooled', [8], 3, 1);
    const saved = await saveHead(head);
    head.dispose();
    expect(() => loadHead({ ...saved, numClasses: 4 })).toThrow(/bytes, expected/);
  });
});

describe('exported layers models', () => {
  it('the head model loads with tf.loadLayersModel and gives the head probabilities', async () => {
    const head = createHead('pooled', [3, 3, 6], 3, 2);
    const artifacts = await headArtifacts(head);
    const model = await tf.loadLayersModel(tf.io.fromMemory(structuredClone(artifacts)));
    const x = randomFeatures([3, 3, 6], 4, 3);
    const want = head.predictProbabilities(x);
    const got = model.predict(x) as tf.Tensor;
    expect(maxAbsDiff(await want.data(), await got.data())).toBeLessThan(1e-6);
    tf.dispose([x, want, got]);
    model.dispose();
    head.dispose();
  });

  it.each([
    ['caffe', 'VGG16'],
    ['tf', 'a small convnet'],
    ['unit', 'a small convnet'],
  ] as [PreprocessMode, string][])(
    'the full model on raw pixels equals preprocessing (%s) + backbone (%s) + head',
    async (mode, which) => {
      const backbone =
        which === 'VGG16' ? await createGeneratedVgg16(32, 5) : await smallBackbone(mode);
      const head = createHead('pooled', backbone.info.featureShape, 3, 4);
      const artifacts = await fullModelArtifacts([backbone.featureModel!], 32, mode, head);
      const full = await tf.loadLayersModel(tf.io.fromMemory(structuredClone(artifacts)));
      const rng = createRng(9);
      const pixels = [0, 1].map(() =>
        Uint8ClampedArray.from({ length: 32 * 32 * 4 }, () => Math.floor(rng() * 256)),
      );
      const want = tf.tidy(() =>
        head.predictProbabilities(backbone.extract(preprocessBatch(pixels, 32, mode))),
      );
      const rgb = tf.tidy(() =>
        tf.tensor4d(
          pixels.flatMap((p) => [...p].filter((_, i) => i % 4 !== 3)),
          [2, 32, 32, 3],
        ),
      );
      const got = full.predict(rgb) as tf.Tensor;
      expect(got.shape).toEqual([2, 3]);
      // Same arithmetic in another order (a fused graph): float32 rounding only. Generated VGG16
      // weights give unnormalised activations in the thousands, hence not bit-exact.
      expect(maxAbsDiff(await want.data(), await got.data())).toBeLessThan(5e-5);
      tf.dispose([want, rgb, got]);
      full.dispose();
      head.dispose();
      backbone.dispose();
    },
  );
});
