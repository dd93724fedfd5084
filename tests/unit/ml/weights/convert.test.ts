import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertKerasH5, loadWeightsInto } from '../../../../src/ml/weights/h5/convert';
import { buildMobileNetV2 } from '../../../../src/ml/backbones/mobilenetv2';
import { buildVgg16 } from '../../../../src/ml/backbones/vgg16';
import { hashModelWeights } from '../../../../src/ml/weights/weightsHash';
import {
  setSpecWeights,
  specFromModel,
  withWrongShape,
  writeKerasH5,
  type SpecLayer,
} from '../../../helpers/h5/kerasH5';
import { useWasm } from '../../../helpers/tfBackend';

/** Largest absolute difference between two models' outputs on the same seeded batch. */
function maxAbsDiff(
  a: tf.LayersModel,
  b: tf.LayersModel,
  size: number,
): { diff: number; spread: number } {
  return tf.tidy(() => {
    const x = tf.randomUniform([1, size, size, 3], -1, 1, 'float32', 5);
    const ya = a.predict(x) as tf.Tensor;
    const yb = b.predict(x) as tf.Tensor;
    return {
      diff: ya.sub(yb).abs().max().dataSync()[0]!,
      spread: tf.moments(ya).variance.sqrt().dataSync()[0]!,
    };
  });
}

/** SHA-256 of the spec's values laid end to end in layer order: what the converted bytes must be. */
function specHash(spec: readonly SpecLayer[]): string {
  const hash = createHash('sha256');
  for (const layer of spec)
    for (const w of layer.weights) hash.update(new Uint8Array(w.values.buffer));
  return hash.digest('hex');
}

function specOf(build: () => tf.LayersModel, seed: number): SpecLayer[] {
  const model = build();
  try {
    return specFromModel(model, seed);
  } finally {
    model.dispose();
  }
}

/** Small Dense layers standing in for VGG16's classifier top (fc1, fc2, predictions). */
const TOP: SpecLayer[] = [
  { name: 'flatten', weights: [] },
  ...['fc1', 'fc2', 'predictions'].map((name) => ({
    name,
    weights: [
      { role: 'kernel', shape: [4, 3], values: new Float32Array(12) },
      { role: 'bias', shape: [3], values: new Float32Array(3) },
    ],
  })),
];

beforeAll(async () => {
  await useWasm();
});

describe('convertKerasH5 (VGG16)', () => {
  let spec: SpecLayer[];
  let official: Uint8Array;
  beforeAll(async () => {
    spec = specOf(() => buildVgg16(32), 7);
    official = await writeKerasH5(spec, { naming: 'legacy' });
  });

  it('converts the official layout; the app rebuilt at 32 px gives the reference outputs', async () => {
    const before = tf.memory().numTensors;
    const result = await convertKerasH5(official, 'vgg16');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    try {
      expect(result.model.inputs[0]!.shape).toEqual([null, 224, 224, 3]);
      expect(result.artifacts.weightSpecs).toHaveLength(26);
      expect(result.artifacts.weightData.byteLength).toBe(14_714_688 * 4);
      // The converted bytes are exactly the file's values, in the model's weight order.
      expect(result.weightsHash).toBe(specHash(spec));
      expect(await hashModelWeights(result.model)).toBe(result.weightsHash);

      const converted = buildVgg16(32);
      const reference = buildVgg16(32);
      try {
        loadWeightsInto(converted, result.artifacts.weightSpecs, result.artifacts.weightData);
        setSpecWeights(reference, spec);
        const { diff, spread } = maxAbsDiff(converted, reference, 32);
        expect(spread).toBeGreaterThan(1e-3); // the outputs are not all zeros
        expect(diff).toBeLessThan(1e-4);
      } finally {
        converted.dispose();
        reference.dispose();
      }
    } finally {
      result.model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads modern names in a full-model save with its classifier top: same weights', async () => {
    const bytes = await writeKerasH5([...spec, ...TOP], { naming: 'modern', fullModel: true });
    const modern = await convertKerasH5(bytes, 'vgg16', { inputSize: 32 });
    expect(modern).toMatchObject({ ok: true, ignoredLayers: ['fc1', 'fc2', 'predictions'] });
    if (!modern.ok) return;
    modern.model.dispose();
    expect(modern.weightsHash).toBe(specHash(spec));
  });

  it('refuses a layer of another shape, naming it and both shapes', async () => {
    const before = tf.memory().numTensors;
    const bad = await writeKerasH5(
      withWrongShape(spec, 'block3_conv2', 'kernel', [3, 3, 256, 128]),
    );
    expect(await convertKerasH5(bad, 'vgg16')).toEqual({
      ok: false,
      message: 'Layer block3_conv2 kernel: file has [3,3,256,128], model expects [3,3,256,256]',
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a truncated download', async () => {
    const result = await convertKerasH5(official.slice(0, 30_000_000), 'vgg16');
    expect(result).toEqual({
      ok: false,
      message: `The file is truncated: it has 30000000 bytes, its HDF5 header says ${official.length} (an incomplete download?)`,
    });
  });

  it('refuses it as MobileNetV2, naming the first missing layer', async () => {
    const result = await convertKerasH5(official, 'mobilenetv2');
    expect(result).toEqual({
      ok: false,
      message:
        'This file has no layer Conv1 (it holds: block1_conv1, block1_conv2, block2_conv1, block2_conv2, ' +
        'block3_conv1, block3_conv2, ... 13 in all — is it a MobileNetV2 file?)',
    });
  });
});

describe('convertKerasH5 (MobileNetV2)', () => {
  let spec: SpecLayer[];
  let bytes: Uint8Array;
  beforeAll(async () => {
    spec = specOf(() => buildMobileNetV2(96), 11);
    bytes = await writeKerasH5(spec, { naming: 'modern' });
  });

  it('round-trips through model.json artifacts with batch-norm statistics intact', async () => {
    const before = tf.memory().numTensors;
    const result = await convertKerasH5(bytes, 'mobilenetv2', { inputSize: 96 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    result.model.dispose();
    // What the browser would get back from model.json + shards.
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(result.artifacts));
    const reference = buildMobileNetV2(96);
    try {
      expect(loaded.getLayer('block_16_project_BN').weights).toHaveLength(4);
      setSpecWeights(reference, spec);
      const { diff, spread } = maxAbsDiff(loaded, reference, 96);
      expect(spread).toBeGreaterThan(1e-3);
      expect(diff).toBeLessThan(1e-4);
    } finally {
      loaded.dispose();
      reference.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is refused as VGG16: another architecture', async () => {
    const result = await convertKerasH5(bytes, 'vgg16');
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /^This file has no layer block1_conv1 \(it holds: Conv1, bn_Conv1, expanded_conv_depthwise, .* 104 in all — is it a VGG16 file\?\)$/,
      ),
    });
  });
});
