// Installing real weights for a built-in backbone: verified before anything is stored, refused with
// a message naming the first problem, previous weights untouched on refusal, and used by the next load.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { installWeights, WeightsRefusedError } from '../../../../src/ml/weights/installWeights';
import { loadBuiltinBackbone } from '../../../../src/ml/backbones/builtinBackbones';
import { buildMobileNetV2 } from '../../../../src/ml/backbones/mobilenetv2';
import { buildVgg16 } from '../../../../src/ml/backbones/vgg16';
import { modelArtifacts } from '../../../../src/ml/weights/modelArtifacts';
import { specFromModel, withWrongShape, writeKerasH5 } from '../../../helpers/h5/kerasH5';
import { createMemoryWeightsStore } from '../../../helpers/memoryWeightsStore';

const h5Blob = (bytes: Uint8Array) => new Blob([new Uint8Array(bytes)]);

async function mobilenetSpec(seed: number) {
  const reference = buildMobileNetV2(96);
  try {
    return specFromModel(reference, seed);
  } finally {
    reference.dispose();
  }
}

describe('installWeights', () => {
  it('installs a Keras .h5, and the next load of the built-in backbone uses those weights', async () => {
    await tf.setBackend('cpu');
    const store = createMemoryWeightsStore();
    const bytes = await writeKerasH5(await mobilenetSpec(7));
    const installed = await installWeights(
      'mobilenetv2',
      { kind: 'h5', file: h5Blob(bytes), name: 'mine.h5' },
      store,
    );
    expect(installed).toMatchObject({ id: 'mobilenetv2', from: 'mine.h5', bytes: 2_257_984 * 4 });
    expect(installed.weightsHash).toMatch(/^[0-9a-f]{64}$/);

    const before = tf.memory().numTensors;
    const backbone = await loadBuiltinBackbone('mobilenetv2', 96, store, 'http://app.test/');
    expect(backbone.info.weights).toMatchObject({ kind: 'installed', from: 'mine.h5' });
    expect(backbone.info.weightsHash).toBe(installed.weightsHash);
    expect(backbone.info.featureShape).toEqual([3, 3, 1280]);
    backbone.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('refuses a file with one wrong shape, naming the layer and both shapes, and keeps what was installed', async () => {
    const store = createMemoryWeightsStore();
    const good = await writeKerasH5(await mobilenetSpec(1));
    await installWeights('mobilenetv2', { kind: 'h5', file: h5Blob(good), name: 'good.h5' }, store);
    const bad = await writeKerasH5(
      withWrongShape(await mobilenetSpec(2), 'Conv_1', 'kernel', [1, 1, 320, 1000]),
    );
    const attempt = installWeights(
      'mobilenetv2',
      { kind: 'h5', file: h5Blob(bad), name: 'bad.h5' },
      store,
    );
    await expect(attempt).rejects.toBeInstanceOf(WeightsRefusedError);
    await expect(attempt).rejects.toThrow(/Conv_1.*\[1,1,320,1000\].*\[1,1,320,1280\]/);
    expect((await store.list()).map((w) => w.from)).toEqual(['good.h5']);
    expect(store.saves).toBe(1);
  }, 60_000);

  it('refuses a file of another architecture and anything that is not HDF5', async () => {
    const store = createMemoryWeightsStore();
    const mobilenet = await writeKerasH5(await mobilenetSpec(3));
    await expect(
      installWeights('vgg16', { kind: 'h5', file: h5Blob(mobilenet), name: 'm.h5' }, store),
    ).rejects.toThrow(/block1_conv1/);
    await expect(
      installWeights(
        'vgg16',
        { kind: 'h5', file: new Blob(['<html>not found</html>']), name: 'x.h5' },
        store,
      ),
    ).rejects.toBeInstanceOf(WeightsRefusedError);
    expect(store.saves).toBe(0);
  }, 60_000);

  it('installs a TensorFlow.js model folder and refuses one whose layer has the wrong shape', async () => {
    const store = createMemoryWeightsStore();
    const model = buildVgg16(32);
    const artifacts = await modelArtifacts(model);
    model.dispose();
    const weightData = tf.io.concatenateArrayBuffers(artifacts.weightData!);
    const folder = (specs: tf.io.WeightsManifestEntry[]) => [
      {
        path: 'vgg/model.json',
        file: new Blob([
          JSON.stringify({
            modelTopology: artifacts.modelTopology,
            weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
          }),
        ]),
      },
      { path: 'vgg/weights.bin', file: new Blob([weightData]) },
    ];
    const installed = await installWeights(
      'vgg16',
      { kind: 'folder', files: folder(artifacts.weightSpecs!) },
      store,
    );
    expect(installed.from).toBe('vgg folder');

    const broken = artifacts.weightSpecs!.map((s) =>
      s.name === 'block3_conv2/bias' ? { ...s, shape: [128] } : s,
    );
    await expect(
      installWeights('vgg16', { kind: 'folder', files: folder(broken) }, store),
    ).rejects.toThrow('Layer block3_conv2 bias: file has [128], model expects [256]');
  }, 60_000);
});
