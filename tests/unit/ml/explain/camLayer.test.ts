// Which map Grad-CAM weighs for each backbone the app knows: the built-ins' cached feature maps
// (VGG16 block5_pool, MobileNetV2 out_relu), Darknet's last leaky ReLU, and, for a Teachable
// Machine MobileNetV2 whose features are pooled, out_relu inside its nested model, run again.
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
import { createExplainer } from '../../../../src/ml/explain/explainer';
import { createHead } from '../../../../src/ml/head/head';
import { ASSETS_DIR, hasAssets, MISSING_ASSETS_REASON } from '../../../helpers/assets';
import { generatedMobileNetV2 } from '../../../helpers/explainFixtures';
import { useWasm } from '../../../helpers/tfBackend';

beforeAll(useWasm);

const ORIGIN = 'http://assets.test/';

/** Node's fetch cannot read files: serve the descriptor and the asset files under ORIGIN. */
function descriptorAt(folder: string, fields: Record<string, unknown>) {
  const url = `${ORIGIN}backbones/${folder}/backbone.json`;
  const fetchFunc: typeof fetch = async (input) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (href === url) return new Response(JSON.stringify({ modelUrl: 'model.json', ...fields }));
    const file = path.join(ASSETS_DIR, href.slice(ORIGIN.length));
    if (!href.startsWith(ORIGIN) || !existsSync(file)) return new Response('', { status: 404 });
    return new Response(await readFile(file));
  };
  return { url, fetchFunc };
}

/** A mid-grey-ish image with some structure, as decoded RGBA. */
function pixelsOf(size: number): Uint8ClampedArray {
  return new Uint8ClampedArray(size * size * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 31) % 256));
}

describe('the map Grad-CAM weighs, for the built-in backbones', () => {
  it('VGG16: block5_pool, straight from the cached features', async () => {
    const before = tf.memory().numTensors;
    const backbone = await createGeneratedVgg16(32, 3);
    const explainer = createExplainer(backbone);
    expect(explainer.source).toEqual({ kind: 'features', layer: 'block5_pool' });
    explainer.dispose();
    backbone.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('MobileNetV2: out_relu, straight from the cached features', async () => {
    const before = tf.memory().numTensors;
    const backbone = await generatedMobileNetV2();
    const explainer = createExplainer(backbone);
    expect(explainer.source).toEqual({ kind: 'features', layer: 'out_relu' });
    const head = createHead('pooled', backbone.info.featureShape, 3, 1);
    const explained = await explainer.explain(pixelsOf(32), head, null);
    expect(explained.layer).toBe('out_relu');
    expect([explained.heatmap.height, explained.heatmap.width]).toEqual(
      backbone.info.featureShape.slice(0, 2),
    );
    head.dispose();
    explainer.dispose();
    backbone.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a backbone with no spatial layer before its features is refused with the reason', async () => {
    const input = tf.input({ shape: [8, 8, 3] });
    const flat = tf.layers.flatten().apply(input);
    const dense = tf.layers.dense({ units: 4 }).apply(flat) as tf.SymbolicTensor;
    const backbone = await backboneFromModel(tf.model({ inputs: input, outputs: dense }), {
      name: 'flat',
      inputSize: 8,
      preprocess: 'unit',
      featureLayer: null,
      weights: { kind: 'generated', seed: 1 },
    });
    expect(() => createExplainer(backbone)).toThrow(/No spatial .* layer before the features/);
    backbone.dispose();
  });
});

describe.skipIf(!hasAssets)(`the map for real backbones (${MISSING_ASSETS_REASON})`, () => {
  it('Teachable Machine MobileNetV2 0.35: out_relu inside its nested model, then its pooling', async () => {
    const before = tf.memory().numTensors;
    const { url, fetchFunc } = descriptorAt('mobilenet-v2-0.35', {
      name: 'TM',
      inputSize: 224,
      preprocess: 'tf',
      featureLayer: 'sequential_5',
    });
    const backbone = await loadBackboneFromDescriptor(url, { fetchFunc });
    expect(backbone.info.featureShape).toEqual([1280]);
    const explainer = createExplainer(backbone);
    expect(explainer.source).toEqual({
      kind: 'forward',
      layer: 'out_relu',
      poolFrom: 'global_average_pooling2d_GlobalAveragePooling2D2',
    });
    const head = createHead('pooled', [1280], 2, 9);
    const explained = await explainer.explain(pixelsOf(224), head, 1);
    expect([explained.heatmap.width, explained.heatmap.height]).toEqual([7, 7]);
    expect(explained.classIndex).toBe(1);
    head.dispose();
    explainer.dispose();
    backbone.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('darknet-tiny: leaky_re_lu_15, its cached 14x14 map', async () => {
    const { url, fetchFunc } = descriptorAt('darknet-tiny', {
      name: 'Darknet tiny',
      inputSize: 224,
      preprocess: 'unit',
      featureLayer: 'leaky_re_lu_15',
    });
    const backbone = await loadBackboneFromDescriptor(url, { fetchFunc });
    const explainer = createExplainer(backbone);
    expect(explainer.source).toEqual({ kind: 'features', layer: 'leaky_re_lu_15' });
    explainer.dispose();
    backbone.dispose();
  });
});
