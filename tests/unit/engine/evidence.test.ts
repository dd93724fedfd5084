// The engine's evidence heatmaps (Grad-CAM) for a dataset image, a new file and a camera frame: the
// map from the cache when the cached features are the map, from a forward pass otherwise, the same
// either way, any class on request, a clear message when the pixels are gone, and no tensor left.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { FrameCodec } from '../../../src/data/frames';
import type { Evidence } from '../../../src/shared/evidence';
import { defaultRun } from '../../helpers/projectFixtures';
import {
  classImage,
  createFixture,
  fixtureConfig,
  INPUT,
  SPEC,
  tinyBackboneModel,
} from '../../helpers/engineFixtures';
import { miniVgg } from '../../helpers/miniVgg';
import { DEFAULT_FINE_TUNE } from '../../../src/ml/finetune/fineTune';

const config = fixtureConfig(30);

/** Frames are their pixels here (the browser's codec resizes a real ImageBitmap). */
const frames: FrameCodec = {
  toPixels: async (frame) => (frame as unknown as { rgba: Uint8ClampedArray }).rgba,
  toFile: () => Promise.reject(new Error('not used')),
};

async function trained(model?: () => tf.LayersModel) {
  const fx = createFixture(6, { frames, ...(model && { model }) });
  await fx.engine.startBackend('cpu');
  const { manifest } = await fx.engine.importDataset(fx.files, 0);
  await fx.engine.extract(SPEC);
  const outcome = await fx.engine.train(SPEC, config);
  return { fx, outcome, manifest };
}

function expectSane(e: Evidence) {
  expect(e.classNames).toEqual(['class-0', 'class-1', 'class-2']);
  expect(e.className).toBe(e.classNames[e.classIndex]);
  expect(e.layer).not.toBe('');
  expect(e.probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
  expect(e.heatmap.values.length).toBe(e.heatmap.width * e.heatmap.height);
  for (const v of e.heatmap.values) expect(v >= 0 && v <= 1).toBe(true);
  if (e.heatmap.peak) {
    expect(e.heatmap.peak.x).toBeGreaterThanOrEqual(0);
    expect(e.heatmap.peak.x).toBeLessThanOrEqual(1);
    expect(e.heatmap.peak.y).toBeGreaterThanOrEqual(0);
    expect(e.heatmap.peak.y).toBeLessThanOrEqual(1);
  }
}

describe('evidence heatmaps in the engine', () => {
  it('explains a test image from the cache, the same map as a forward pass, any class, nothing leaked', async () => {
    const { fx, outcome, manifest } = await trained();
    const { id } = outcome.evaluation.predictions[0]!;
    const path = manifest.images.find((i) => i.id === id)!.path;
    const file = fx.files.find((f) => f.path === path)!.file;
    await fx.engine.explainImage(SPEC, { kind: 'dataset', id }, null); // explainer built once
    const before = tf.memory().numTensors;

    const cached = await fx.engine.explainImage(SPEC, { kind: 'dataset', id }, null);
    const forward = await fx.engine.explainImage(SPEC, { kind: 'file', file }, null);
    expect(cached.mapFrom).toBe('cache');
    expect(forward.mapFrom).toBe('forward');
    expectSane(cached);
    // The tiny backbone's 8x8 input pooled once: a 4x4 map on its max-pooling layer.
    expect([cached.heatmap.width, cached.heatmap.height]).toEqual([4, 4]);
    expect(cached.layer).toMatch(/max_pooling2d/);
    expect(cached.classIndex).toBe(outcome.evaluation.predictions[0]!.predictedClass);
    expect(forward.classIndex).toBe(cached.classIndex);
    for (let i = 0; i < cached.heatmap.values.length; i++)
      expect(forward.heatmap.values[i]).toBeCloseTo(cached.heatmap.values[i]!, 4);

    const other = (cached.classIndex + 1) % 3;
    const whyNot = await fx.engine.explainImage(SPEC, { kind: 'dataset', id }, other);
    expect(whyNot.classIndex).toBe(other);
    expect(whyNot.className).toBe(`class-${other}`);
    expect(whyNot.probabilities).toEqual(cached.probabilities);
    await expect(fx.engine.explainImage(SPEC, { kind: 'dataset', id }, 7)).rejects.toThrow(
      /not one of the head's 3 classes/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('explains through a pooled backbone by running it again, and a camera frame, nothing leaked', async () => {
    const { fx, outcome } = await trained(() => tinyBackboneModel('global', 5));
    const { id } = outcome.evaluation.predictions[0]!;
    await fx.engine.explainImage(SPEC, { kind: 'dataset', id }, null);
    const before = tf.memory().numTensors;
    const e = await fx.engine.explainImage(SPEC, { kind: 'dataset', id }, null);
    expect(e.mapFrom).toBe('forward');
    expect(e.layer).toMatch(/conv2d/);
    expect([e.heatmap.width, e.heatmap.height]).toEqual([INPUT, INPUT]);
    expectSane(e);

    const { rgba } = classImage(1, 40);
    let closed = false;
    const frame = { rgba, width: INPUT, height: INPUT, close: () => (closed = true) };
    const live = await fx.engine.explainFrame(SPEC, frame as unknown as ImageBitmap, null);
    expect(closed).toBe(true);
    expect(live.probabilities).toEqual(live.evidence.probabilities);
    expect(live.maxInFlight).toBe(1);
    expectSane(live.evidence);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says so when an image has neither pixels nor a cached map here', async () => {
    const fx = createFixture(5);
    await fx.engine.startBackend('cpu');
    await fx.engine.importDataset(fx.files, 0);
    const summary = await fx.engine.createProject('lean', [], null, false);
    await fx.engine.extract(SPEC);
    const outcome = await fx.engine.train(SPEC, { ...config, epochs: 3 });
    await fx.engine.saveModel(defaultRun(outcome));
    await fx.engine.openProject(summary.id); // a project without its images: no pixels
    const { id } = outcome.evaluation.predictions[0]!;
    // The cached map still explains it...
    expect((await fx.engine.explainImage(SPEC, { kind: 'dataset', id }, null)).mapFrom).toBe(
      'cache',
    );
    // ...until the features are deleted too.
    const [saved] = await fx.engine.savedFeatures();
    await fx.engine.deleteSavedFeatures(saved!.settingsId);
    await expect(fx.engine.explainImage(SPEC, { kind: 'dataset', id }, null)).rejects.toThrow(
      /not in this session.*Drop the folder again/,
    );
  });

  it('asks for a trained model first', async () => {
    const fx = createFixture(3);
    await fx.engine.startBackend('cpu');
    await fx.engine.importDataset(fx.files, 0);
    await expect(
      fx.engine.explainImage(SPEC, { kind: 'file', file: fx.files[0]!.file }, null),
    ).rejects.toThrow(/Train a model first/);
  });
});

describe('the layer a person chooses', () => {
  it('explains on an earlier layer, keeps the choice for the next image and the camera, nothing leaked', async () => {
    const { fx, outcome } = await trained();
    const [a, b] = outcome.evaluation.predictions;
    const first = await fx.engine.explainImage(SPEC, { kind: 'dataset', id: a!.id }, null);
    // The tiny backbone: a convolution, then its max pooling (the cached 4x4 map).
    expect(first.layers).toHaveLength(2);
    expect(first.layer).toBe(first.layers[0]);
    expect(first.layers[1]).toMatch(/conv2d/);
    await fx.engine.explainImage(SPEC, { kind: 'dataset', id: a!.id }, null, first.layers[1]!);
    await fx.engine.explainImage(SPEC, { kind: 'dataset', id: a!.id }, null, first.layers[0]!);
    const before = tf.memory().numTensors;

    const finer = await fx.engine.explainImage(
      SPEC,
      { kind: 'dataset', id: a!.id },
      null,
      first.layers[1]!,
    );
    expect(finer.layer).toBe(first.layers[1]);
    expect(finer.layers).toEqual(first.layers);
    expect(finer.mapFrom).toBe('forward'); // the cache holds the pooled map, not this one
    expect([finer.heatmap.width, finer.heatmap.height]).toEqual([INPUT, INPUT]);
    expectSane(finer);
    for (let i = 0; i < 3; i++)
      expect(finer.probabilities[i]).toBeCloseTo(first.probabilities[i]!, 4);
    // The choice holds for the next image (no layer asked) and for a camera frame.
    const next = await fx.engine.explainImage(SPEC, { kind: 'dataset', id: b!.id }, null);
    expect(next.layer).toBe(first.layers[1]);
    const { rgba } = classImage(2, 41);
    const frame = { rgba, width: INPUT, height: INPUT, close: () => undefined };
    const live = await fx.engine.explainFrame(SPEC, frame as unknown as ImageBitmap, null);
    expect(live.evidence.layer).toBe(first.layers[1]);
    // Back to the default: from the cache again.
    const back = await fx.engine.explainImage(
      SPEC,
      { kind: 'dataset', id: a!.id },
      null,
      first.layers[0]!,
    );
    expect(back.mapFrom).toBe('cache');
    expect(Array.from(back.heatmap.values)).toEqual(Array.from(first.heatmap.values));
    await expect(
      fx.engine.explainImage(SPEC, { kind: 'dataset', id: a!.id }, null, 'dense_9'),
    ).rejects.toThrow(/Layer "dense_9" cannot be explained on .*; choose one of/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('evidence for a fine-tuned model', () => {
  it("weighs the tuned block's output, gives the tuned model's probabilities, offers no other layer", async () => {
    const fx = createFixture(8, { model: miniVgg });
    await fx.engine.startBackend('cpu');
    const { manifest } = await fx.engine.importDataset(fx.files, 0);
    await fx.engine.extract(SPEC);
    const headOnly = await fx.engine.train(SPEC, config);
    const { id } = headOnly.evaluation.predictions[0]!;
    const untuned = await fx.engine.explainImage(SPEC, { kind: 'dataset', id }, null);
    expect(untuned.layers[0]).toBe('block5_pool');
    expect(untuned.layers.length).toBeGreaterThan(1);
    await fx.engine.fineTune(SPEC, undefined, {
      ...DEFAULT_FINE_TUNE,
      learningRate: 0.05,
      epochs: 2,
    });
    const target = { kind: 'dataset', id } as const;
    await fx.engine.explainImage(SPEC, target, null);
    const before = tf.memory().numTensors;

    const tuned = await fx.engine.explainImage(SPEC, target, null);
    // Not from the cache: it holds the frozen part's output, before the tuned block.
    expect(tuned.mapFrom).toBe('forward');
    expect(tuned.layer).toBe('block5_pool');
    expect(tuned.layers).toEqual(['block5_pool']);
    expect([tuned.heatmap.width, tuned.heatmap.height]).toEqual([INPUT / 4, INPUT / 4]);
    expectSane(tuned);
    // The probabilities are the fine-tuned model's, as its prediction for the same photo gives them.
    const path = manifest.images.find((i) => i.id === id)!.path;
    const file = fx.files.find((f) => f.path === path)!.file;
    const { top } = await fx.engine.predict(SPEC, file);
    expect(top).toHaveLength(3);
    for (const p of top) expect(tuned.probabilities[p.classIndex]).toBeCloseTo(p.probability, 4);
    await expect(fx.engine.explainImage(SPEC, target, null, 'block4_pool')).rejects.toThrow(
      /fine-tuned model is explained on its tuned block's output \(block5_pool\) only/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('per class, at a glance', () => {
  it('ranks the training photos of each class by the probability the model gives their class', async () => {
    const { fx, manifest } = await trained();
    const before = tf.memory().numTensors;
    const glance = await fx.engine.typicalImages(SPEC, 2);
    expect(glance.map((c) => c.classIndex)).toEqual([0, 1, 2]);
    const train = new Map(manifest.images.filter((i) => i.split === 'train').map((i) => [i.id, i]));
    for (const c of glance) {
      expect(c.most).toHaveLength(2);
      expect(c.least).toHaveLength(2);
      for (const m of [...c.most, ...c.least])
        expect(train.get(m.id)?.classIndex).toBe(c.classIndex);
      const p = [...c.most, ...c.least.toReversed()].map((m) => m.probability);
      expect(p).toEqual([...p].sort((a, b) => b - a));
      // The probability is the model's own: explaining the photo gives the same figure.
      const e = await fx.engine.explainImage(SPEC, { kind: 'dataset', id: c.most[0]!.id }, null);
      expect(e.probabilities[c.classIndex]).toBeCloseTo(c.most[0]!.probability, 5);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
