// The layers a person may choose for Grad-CAM (camLayers.ts): the spatial layers that end a step and
// that the features depend on alone, for the built-in backbones, a Teachable Machine export and the
// real assets; and Grad-CAM on an earlier layer, whose gradient runs through the backbone's rest, on
// a tiny model with a known answer. Nothing leaks.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  backboneFromModel,
  createGeneratedVgg16,
  loadBackboneFromDescriptor,
} from '../../../../src/ml/backbones/backbone';
import { camLayerChoices, cutsGraph, runFrom } from '../../../../src/ml/explain/camLayers';
import { createExplainer } from '../../../../src/ml/explain/explainer';
import { createHead } from '../../../../src/ml/head/head';
import { ASSETS_DIR, hasAssets, MISSING_ASSETS_REASON } from '../../../helpers/assets';
import { channelZeroHead, generatedMobileNetV2 } from '../../../helpers/explainFixtures';
import { teachableModel } from '../../../helpers/modelExport';
import { useWasm } from '../../../helpers/tfBackend';

beforeAll(useWasm);

/** What MobileNetV2 offers, built here or exported by Teachable Machine. */
const MOBILENETV2_CAM_LAYERS = [
  'out_relu',
  'block_16_depthwise_relu',
  'block_16_expand_relu',
  'block_15_add',
  'block_14_add',
  'block_13_depthwise_relu',
  'block_13_expand_relu',
  'block_12_add',
];

describe('the layers offered for Grad-CAM', () => {
  it('VGG16: block5_pool first, then the convolutions and poolings before it', async () => {
    const backbone = await createGeneratedVgg16(32, 3);
    const explainer = createExplainer(backbone);
    expect(explainer.layers).toEqual([
      'block5_pool',
      'block5_conv3',
      'block5_conv2',
      'block5_conv1',
      'block4_pool',
      'block4_conv3',
      'block4_conv2',
      'block4_conv1',
    ]);
    explainer.dispose();
    backbone.dispose();
  });

  it('MobileNetV2: out_relu first; no layer inside a residual block (its sum also reads its input)', async () => {
    const backbone = await generatedMobileNetV2();
    const explainer = createExplainer(backbone);
    expect(explainer.layers).toEqual(MOBILENETV2_CAM_LAYERS);
    const inside = backbone.featureModel!.getLayer('block_15_expand_relu');
    expect(cutsGraph(backbone.featureModel!, inside)).toBe(false);
    // Running from it is refused: the features need the block's input too.
    expect(() =>
      tf.tidy(() =>
        runFrom(backbone.featureModel!, null, {
          layer: 'block_15_expand_relu',
          value: tf.zeros([1, 1, 1, 1]),
        }),
      ),
    ).toThrow(/depend on more than layer "block_15_expand_relu"/);
    explainer.dispose();
    backbone.dispose();
  });

  it('a Teachable Machine export: the last 4-D output inside its nested base', async () => {
    const model = teachableModel(16);
    const backbone = await backboneFromModel(model, {
      name: 'TM',
      inputSize: 16,
      preprocess: 'tf',
      featureLayer: 'sequential_1',
      weights: { kind: 'generated', seed: 1 },
    });
    expect(backbone.info.featureShape).toEqual([5]);
    const explainer = createExplainer(backbone);
    expect(explainer.source.layer).toBe('Conv1');
    // Its base has one convolution: nothing earlier to offer.
    expect(explainer.layers).toEqual(['Conv1']);
    explainer.dispose();
    backbone.dispose();
  });
});

const [S, C] = [4, 3];

/**
 * A backbone with a known answer: `early` (1x1 convolution, identity, ReLU) at 4x4, `pool` (2x2 max)
 * and `late` (1x1 convolution moving green to channel 0, ReLU) at 2x2, which is the feature map.
 */
function knownBackbone() {
  const input = tf.input({ shape: [S, S, C] });
  const conv = (name: string, kernel: number[][]) =>
    tf.layers.conv2d({
      name,
      filters: C,
      kernelSize: 1,
      activation: 'relu',
      useBias: false,
      weights: [tf.tensor4d(kernel.flat(), [1, 1, C, C])],
    });
  const identity = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  // Output channel 0 reads input channel 1 (green); 1 reads blue; 2 reads red.
  const move = [
    [0, 0, 1],
    [1, 0, 0],
    [0, 1, 0],
  ];
  const early = conv('early', identity).apply(input);
  const pooled = tf.layers.maxPooling2d({ name: 'pool', poolSize: 2 }).apply(early);
  const late = conv('late', move).apply(pooled) as tf.SymbolicTensor;
  return backboneFromModel(tf.model({ inputs: input, outputs: late }), {
    name: 'known',
    inputSize: S,
    preprocess: 'unit',
    featureLayer: null,
    weights: { kind: 'generated', seed: 1 },
  });
}

/** Red and blue noise everywhere, green at one pixel only: the class 1 evidence is there. */
function photoWithGreenAt(row: number, col: number): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(S * S * 4);
  for (let i = 0; i < S * S; i++) {
    pixels[i * 4] = (i * 37) % 200;
    pixels[i * 4 + 2] = (i * 53) % 180;
    pixels[i * 4 + 3] = 255;
  }
  pixels[(row * S + col) * 4 + 1] = 255;
  return pixels;
}

describe('Grad-CAM on an earlier layer', () => {
  it('localises finer than the last map, through the backbone rest, and leaks nothing', async () => {
    const backbone = await knownBackbone();
    const explainer = createExplainer(backbone);
    expect(explainer.layers).toEqual(['late', 'pool', 'early']);
    const head = channelZeroHead('pooled', [S / 2, S / 2, C]);
    const photo = photoWithGreenAt(3, 1);
    await explainer.explain(photo, head, 1, 'early'); // tfjs's first-use tensors
    const before = tf.memory().numTensors;

    const last = await explainer.explain(photo, head, 1);
    expect(last.layer).toBe('late');
    expect([last.heatmap.width, last.heatmap.height]).toEqual([2, 2]);
    // The last map knows only the 2x2 cell: bottom left.
    expect(last.heatmap.peak).toEqual({ x: 0.25, y: 0.75 });

    const early = await explainer.explain(photo, head, 1, 'early');
    expect(early.layer).toBe('early');
    expect([early.heatmap.width, early.heatmap.height]).toEqual([S, S]);
    // The gradient came back through `late` (green, not red) and `pool` (the one pixel it kept):
    // the map is that pixel alone, the red and blue noise weigh nothing.
    expect(early.heatmap.peak).toEqual({ x: 1.5 / S, y: 3.5 / S });
    expect([...early.heatmap.values].filter((v) => v !== 0)).toEqual([1]);
    expect(early.heatmap.values[3 * S + 1]).toBe(1);
    // The same probabilities whichever layer is weighed: the head sees the same features.
    for (let i = 0; i < 2; i++)
      expect(early.probabilities[i]).toBeCloseTo(last.probabilities[i]!, 5);
    // A class the evidence speaks against: nothing on the earlier layer either.
    expect((await explainer.explain(photo, head, 0, 'early')).heatmap.peak).toBeNull();

    expect(tf.memory().numTensors).toBe(before);
    await expect(explainer.explain(photo, head, 1, 'nope')).rejects.toThrow(
      /Layer "nope" cannot be explained on known; choose one of: late, pool, early/,
    );
    expect(tf.memory().numTensors).toBe(before);
    head.dispose();
    explainer.dispose();
    backbone.dispose();
  });

  it('a backend without convolution gradients: a clear message, and the last map still works', async () => {
    const backbone = await knownBackbone();
    const explainer = createExplainer(backbone);
    const head = channelZeroHead('pooled', [S / 2, S / 2, C]);
    const photo = photoWithGreenAt(0, 2);
    const names = ['Conv2DBackpropInput', 'Conv2DBackpropFilter'];
    const saved = names.map((n) => tf.getKernel(n, 'wasm')!);
    const before = tf.memory().numTensors;
    names.forEach((n) => tf.unregisterKernel(n, 'wasm'));
    try {
      await expect(explainer.explain(photo, head, 1, 'early')).rejects.toThrow(
        /Grad-CAM on early needs the gradient of the layers after it, and the WASM backend lacks Conv2DBackpropInput, Conv2DBackpropFilter; the last spatial map \(late\) works/,
      );
      expect((await explainer.explain(photo, head, 1)).layer).toBe('late');
    } finally {
      saved.forEach((k) => tf.registerKernel(k));
    }
    expect(tf.memory().numTensors).toBe(before);
    head.dispose();
    explainer.dispose();
    backbone.dispose();
  });

  it('camLayerChoices stops at MAX_CAM_LAYERS and keeps the default first', () => {
    const input = tf.input({ shape: [4, 4, 1] });
    let x: tf.SymbolicTensor = input;
    for (let i = 0; i < 12; i++)
      x = tf.layers.reLU({ name: `r${i}` }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: x });
    expect(camLayerChoices(model, 'r11')).toEqual([
      'r11',
      'r10',
      'r9',
      'r8',
      'r7',
      'r6',
      'r5',
      'r4',
    ]);
    model.dispose();
  });
});

const ORIGIN = 'http://assets.test/';

describe.skipIf(!hasAssets)(`the layers of the real backbones (${MISSING_ASSETS_REASON})`, () => {
  it('Teachable Machine MobileNetV2 0.35: its nested MobileNetV2 layers, and a map on an earlier one', async () => {
    const url = `${ORIGIN}backbones/mobilenet-v2-0.35/backbone.json`;
    const fetchFunc: typeof fetch = async (request) => {
      const href = typeof request === 'string' ? request : (request as URL | Request).toString();
      if (href === url)
        return new Response(
          JSON.stringify({
            modelUrl: 'model.json',
            name: 'TM',
            inputSize: 224,
            preprocess: 'tf',
            featureLayer: 'sequential_5',
          }),
        );
      const file = path.join(ASSETS_DIR, href.slice(ORIGIN.length));
      if (!existsSync(file)) return new Response('', { status: 404 });
      return new Response(await readFile(file));
    };
    const before = tf.memory().numTensors;
    const backbone = await loadBackboneFromDescriptor(url, { fetchFunc });
    const explainer = createExplainer(backbone);
    expect(explainer.layers).toEqual(MOBILENETV2_CAM_LAYERS);
    const head = createHead('pooled', [1280], 2, 9);
    const pixels = new Uint8ClampedArray(224 * 224 * 4).map((_, i) => (i * 31) % 256);
    const explained = await explainer.explain(pixels, head, 1, 'block_12_add');
    expect(explained.layer).toBe('block_12_add');
    expect([explained.heatmap.width, explained.heatmap.height]).toEqual([14, 14]);
    const last = await explainer.explain(pixels, head, 1);
    for (let i = 0; i < 2; i++)
      expect(explained.probabilities[i]).toBeCloseTo(last.probabilities[i]!, 4);
    head.dispose();
    explainer.dispose();
    backbone.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
