// The backbone is what turns images into features: right shape, right identity (weights hash),
// and nothing left on the GPU once the caller has disposed what it was given.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  backboneFromModel,
  createGeneratedVgg16,
  loadBackboneFromDescriptor,
} from '../../../../src/ml/backbones/backbone';
import type { Backbone } from '../../../../src/ml/backbones/backbone';
import { useWasm } from '../../../helpers/tfBackend';

const ASSETS = path.resolve(__dirname, '../../../../../shared/assets');
const MOBILENET = path.join(ASSETS, 'backbones/mobilenet-v2-0.35');
const DARKNET = path.join(ASSETS, 'backbones/darknet-tiny');
const ORIGIN = 'http://assets.test/';

/**
 * Node's fetch cannot read files: serve `virtual` JSON documents by URL, and everything else under
 * ORIGIN from the shared assets folder.
 */
function assetFetch(virtual: Record<string, unknown> = {}): typeof fetch {
  return async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url in virtual) return new Response(JSON.stringify(virtual[url]));
    const file = path.join(ASSETS, url.slice(ORIGIN.length));
    if (!url.startsWith(ORIGIN) || !existsSync(file)) return new Response('', { status: 404 });
    return new Response(await readFile(file));
  };
}

function descriptorAt(folder: string, fields: Record<string, unknown>) {
  const url = `${ORIGIN}backbones/${folder}/backbone.json`;
  return { url, fetchFunc: assetFetch({ [url]: { modelUrl: 'model.json', ...fields } }) };
}

/** Two different images, already scaled: a gradient and its mirror. */
function twoImages(size: number): tf.Tensor4D {
  return tf.tidy(() => {
    const ramp = tf.linspace(-1, 1, size * size * 3).reshape([1, size, size, 3]);
    return tf.concat([ramp, tf.reverse(ramp, 1)]) as tf.Tensor4D;
  });
}

async function extractTwo(backbone: Backbone): Promise<Float32Array> {
  const batch = twoImages(backbone.info.inputSize);
  const before = tf.memory().numTensors;
  const features = backbone.extract(batch);
  expect(features.shape).toEqual([2, ...backbone.info.featureShape]);
  // extract() adds exactly its result, which the caller owns.
  expect(tf.memory().numTensors).toBe(before + 1);
  const values = (await features.data()) as Float32Array;
  tf.dispose([batch, features]);
  expect(Array.from(values).every(Number.isFinite)).toBe(true);
  const half = values.length / 2;
  expect(Array.from(values.subarray(0, half))).not.toEqual(Array.from(values.subarray(half)));
  return values;
}

describe('createGeneratedVgg16', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it('describes itself as Keras VGG16 with generated weights', async () => {
    const before = tf.memory().numTensors;
    const a = await createGeneratedVgg16(32, 1);
    expect(a.info).toMatchObject({
      name: 'VGG16',
      inputSize: 32,
      preprocess: 'caffe',
      featureLayer: 'block5_pool',
      featureShape: [1, 1, 512],
      weights: { kind: 'generated', seed: 1 },
      paramCount: 14_714_688,
    });
    expect(a.info.weightsHash).toMatch(/^[0-9a-f]{64}$/);
    await extractTwo(a);
    const same = await createGeneratedVgg16(32, 1);
    const other = await createGeneratedVgg16(32, 2);
    expect(same.info.weightsHash).toBe(a.info.weightsHash);
    expect(other.info.weightsHash).not.toBe(a.info.weightsHash);
    for (const b of [a, same, other]) b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a batch of the wrong size, saying what it takes', async () => {
    const vgg = await createGeneratedVgg16(32, 1);
    const wrong = tf.zeros([1, 64, 64, 3]) as tf.Tensor4D;
    expect(() => vgg.extract(wrong)).toThrow(/takes \[n, 32, 32, 3\], got \[1, 64, 64, 3\]/);
    wrong.dispose();
    vgg.dispose();
    expect(() => vgg.extract(wrong)).toThrow(/disposed/);
  });
});

describe('backboneFromModel', () => {
  it('names the available layers when the feature layer is not there, and frees the model', async () => {
    await useWasm();
    const before = tf.memory().numTensors;
    const model = tf.sequential({
      layers: [tf.layers.dense({ name: 'd1', inputShape: [4], units: 2 })],
    });
    const meta = {
      name: 'tiny',
      inputSize: 4,
      preprocess: 'unit',
      featureLayer: 'nope',
      weights: { kind: 'generated', seed: 0 },
    } as const;
    await expect(backboneFromModel(model, meta)).rejects.toThrow(/"nope" .*layers are: d1/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.skipIf(!existsSync(MOBILENET))('loadBackboneFromDescriptor: MobileNetV2 0.35', () => {
  it('cuts the nested Sequential at sequential_5: 1280-d features, no leaks', async () => {
    await useWasm();
    const before = tf.memory().numTensors;
    const { url, fetchFunc } = descriptorAt('mobilenet-v2-0.35', {
      name: 'MobileNetV2 0.35',
      inputSize: 224,
      preprocess: 'tf',
      featureLayer: 'sequential_5',
    });
    // 128 asked, but the model's input layer is fixed at 224: the model wins.
    const backbone = await loadBackboneFromDescriptor(url, { fetchFunc, inputSize: 128 });
    const weightsBin = readFileSync(path.join(MOBILENET, 'weights.bin'));
    expect(backbone.info).toMatchObject({
      name: 'MobileNetV2 0.35',
      inputSize: 224,
      preprocess: 'tf',
      featureLayer: 'sequential_5',
      featureShape: [1280],
      weights: { kind: 'url', url: `${ORIGIN}backbones/mobilenet-v2-0.35/model.json` },
      weightsHash: createHash('sha256').update(weightsBin).digest('hex'),
    });
    // The backbone only, not the discarded head (the assets README: about 410k).
    expect(backbone.info.paramCount).toBeGreaterThan(380_000);
    expect(backbone.info.paramCount).toBeLessThan(440_000);
    const features = await extractTwo(backbone);
    // Global average pooling of ReLU6 outputs.
    expect(Math.min(...features)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...features)).toBeLessThanOrEqual(6);
    backbone.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails clearly on a missing descriptor or a wrong feature layer', async () => {
    await useWasm();
    await expect(
      loadBackboneFromDescriptor(`${ORIGIN}nowhere/backbone.json`, { fetchFunc: assetFetch() }),
    ).rejects.toThrow(/HTTP 404/);
    const before = tf.memory().numTensors;
    const { url, fetchFunc } = descriptorAt('mobilenet-v2-0.35', {
      name: 'm',
      inputSize: 224,
      preprocess: 'tf',
      featureLayer: 'global_average_pooling2d',
    });
    await expect(loadBackboneFromDescriptor(url, { fetchFunc })).rejects.toThrow(
      /layers are: sequential_5, sequential_7/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.skipIf(!existsSync(DARKNET))('loadBackboneFromDescriptor: darknet-tiny', () => {
  // The assets README says 7x7x512 here; the model says otherwise: four 2x2 poolings take 224 to
  // 14, and conv2d_15 has 128 filters. Checked against the topology itself below.
  it('cuts at leaky_re_lu_15: a 14x14x128 map, classifier dropped', async () => {
    await useWasm();
    const before = tf.memory().numTensors;
    const { url, fetchFunc } = descriptorAt('darknet-tiny', {
      name: 'Darknet tiny',
      inputSize: 224,
      preprocess: 'unit',
      featureLayer: 'leaky_re_lu_15',
    });
    const backbone = await loadBackboneFromDescriptor(url, { fetchFunc });
    expect(backbone.info.featureShape).toEqual([14, 14, 128]);
    expect(backbone.info.inputSize).toBe(224);
    // Everything but the classifier, conv2d_16 (1x1, 128 -> 1000: 129,000 parameters).
    const manifest = JSON.parse(readFileSync(path.join(DARKNET, 'model.json'), 'utf8')) as {
      weightsManifest: { weights: { shape: number[] }[] }[];
    };
    const total = manifest.weightsManifest
      .flatMap((g) => g.weights)
      .reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(backbone.info.paramCount).toBe(total - 129_000);
    await extractTwo(backbone);
    backbone.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
