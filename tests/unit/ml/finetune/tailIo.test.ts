// A fine-tuned MobileNetV2 block (batch norm: moving statistics among its weights) leaves and comes
// back: saved by name and loaded into a tail split from a fresh copy of the backbone, it gives the
// same outputs; composed as frozen part + block + head, the image-in model loads with plain
// tf.loadLayersModel and predicts as the parts in turn; a block of other layers is refused whole.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FINE_TUNE_FROM, splitForFineTuning } from '../../../../src/ml/finetune/tail';
import { loadTailWeights, saveTail } from '../../../../src/ml/finetune/tailIo';
import { buildMobileNetV2 } from '../../../../src/ml/backbones/mobilenetv2';
import { generateWeights } from '../../../../src/ml/backbones/generatedWeights';
import { createHead } from '../../../../src/ml/head/head';
import { fullModelArtifacts } from '../../../../src/ml/head/headIo';
import { useCpu } from '../../../helpers/tfBackend';

beforeAll(useCpu);

function mobile(seed: number): tf.LayersModel {
  const model = buildMobileNetV2(32, 0.35);
  generateWeights(model, seed);
  return model;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('fine-tuned block in and out of bytes (MobileNetV2)', () => {
  it('saves by name, loads into a fresh split, and exports as one image-in model', async () => {
    const model = mobile(7);
    const { frozen, tail } = splitForFineTuning(model, FINE_TUNE_FROM.mobilenetv2, null);
    // "Fine-tuning": every weight of the block moves, batch-norm statistics included.
    tail.model.weights.forEach((w, i) =>
      tf.tidy(() => {
        w.write(
          w
            .read()
            .mul(1 + 0.01 * (i + 1))
            .add(0.001),
        );
      }),
    );
    const saved = await saveTail(tail, frozen.outputs[0]!.sourceLayer.name);
    expect(saved.frozenLayer).toBe('block_15_add');
    expect(saved.layers[0]).toBe('block_16_expand');
    expect(saved.weights.some((w) => w.name.endsWith('moving_mean'))).toBe(true);

    const pixels = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 3);
    const want = tf.tidy(() => tail.apply(frozen.predict(pixels) as tf.Tensor));

    const other = mobile(7);
    const split = splitForFineTuning(other, FINE_TUNE_FROM.mobilenetv2, null);
    const stock = tf.tidy(() => split.tail.apply(split.frozen.predict(pixels) as tf.Tensor));
    expect(maxDiff(await stock.data(), await want.data())).toBeGreaterThan(1e-3);
    loadTailWeights(split.tail, 'block_15_add', saved);
    const got = tf.tidy(() => split.tail.apply(split.frozen.predict(pixels) as tf.Tensor));
    expect(maxDiff(await got.data(), await want.data())).toBeLessThan(1e-6);

    // A block of other layers, or after another frozen layer, is refused and changes nothing.
    expect(() =>
      loadTailWeights(split.tail, 'block_15_add', { ...saved, layers: saved.layers.slice(1) }),
    ).toThrow(/fine-tuned block has layers/);
    expect(() => loadTailWeights(split.tail, 'block_14_add', saved)).toThrow(/after block_15_add/);
    const broken = {
      ...saved,
      weights: saved.weights.map((w, i) => (i ? w : { ...w, name: 'x' })),
    };
    expect(() => loadTailWeights(split.tail, 'block_15_add', broken)).toThrow(/x|missing/);
    const still = tf.tidy(() => split.tail.apply(split.frozen.predict(pixels) as tf.Tensor));
    expect(maxDiff(await still.data(), await want.data())).toBeLessThan(1e-6);

    // Frozen part + block + head in one layers model ('tf' preprocessing: pixels in [0, 255]).
    const head = createHead('pooled', [...tail.model.outputs[0]!.shape.slice(1)] as number[], 3, 4);
    const artifacts = await fullModelArtifacts([frozen, tail.model], 32, 'tf', head);
    const full = await tf.loadLayersModel(tf.io.fromMemory(structuredClone(artifacts)));
    const raw = tf.tidy(() => pixels.add(1).mul(127.5));
    const fromFile = full.predict(raw) as tf.Tensor;
    const expected = tf.tidy(() => head.predictProbabilities(want));
    expect(maxDiff(await fromFile.data(), await expected.data())).toBeLessThan(1e-4);

    tf.dispose([pixels, want, stock, got, still, raw, fromFile, expected]);
    full.dispose();
    head.dispose();
    tail.dispose();
    split.tail.dispose();
    model.dispose();
    other.dispose();
  });
});
