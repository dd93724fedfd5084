import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_FINE_TUNE } from '../../../src/ml/finetune/fineTune';
import { DEFAULT_AUGMENTATION } from '../../../src/shared/augment';
import { createFixture, fixtureConfig, INPUT, SPEC } from '../../helpers/engineFixtures';
import { miniVgg } from '../../helpers/miniVgg';
import { useWasm } from '../../helpers/tfBackend';

const config = fixtureConfig(10);

describe('engine: fine-tuning the last block', () => {
  it('caches the frozen part once, fine-tunes, evaluates, predicts, and frees the old model', async () => {
    const fx = createFixture(8, { model: miniVgg });
    await fx.engine.startBackend('cpu');
    await fx.engine.importDataset(fx.files, 0);
    await expect(fx.engine.fineTune(SPEC)).rejects.toThrow(/Train a head first/);
    await fx.engine.extract(SPEC);
    await fx.engine.train(SPEC, config);
    const afterHead = tf.memory().numTensors;
    const decodes = fx.decodeCalls;
    const outcome = await fx.engine.fineTune(SPEC, undefined, {
      ...DEFAULT_FINE_TUNE,
      learningRate: 0.01,
      epochs: 3,
    });
    expect(fx.decodeCalls - decodes).toBe(24); // every image once, through the frozen part
    expect(outcome.run).toMatchObject({
      fineTuned: true,
      optimizer: 'sgd',
      trainExamples: 18,
      backend: 'cpu',
    });
    expect(outcome.evaluation.predictions).toHaveLength(3);
    // The floor is measured again after fine-tuning: 3 validation and 3 test images are too few.
    const correctOnTest = outcome.evaluation.predictions.filter(
      (p) => p.predictedClass === p.trueClass,
    ).length;
    expect(outcome.confidenceFloor).toMatchObject({ kind: 'too-few', needed: 20 });
    const floorCorrect = (outcome.confidenceFloor as { correct: number }).correct;
    expect(floorCorrect).toBeGreaterThanOrEqual(correctOnTest);
    expect(floorCorrect).toBeLessThanOrEqual(correctOnTest + 3);
    const saved = await fx.engine.savedFeatures();
    expect(saved.some((s) => s.label.includes('block4_pool'))).toBe(true);
    const prediction = await fx.engine.predict(SPEC, fx.files[0]!.file);
    expect(prediction.top).toHaveLength(3);
    // The fine-tuned block's two convolutions (kernel and bias each) are kept with the head.
    expect(tf.memory().numTensors - afterHead).toBe(4);
    // A second run needs a fresh head; training one frees the fine-tuned block too.
    await expect(fx.engine.fineTune(SPEC)).rejects.toThrow(/Train a head first/);
    await fx.engine.train(SPEC, config);
    expect(tf.memory().numTensors).toBe(afterHead);
    const again = fx.decodeCalls;
    await fx.engine.fineTune(SPEC, undefined, { ...DEFAULT_FINE_TUNE, epochs: 1 });
    expect(fx.decodeCalls).toBe(again); // the frozen part's outputs came from the cache
  });
});

describe('engine: fine-tuning with augmented views and test-time flip', () => {
  it('says what it will cost, then trains on the views and evaluates with the flip, on WASM', async () => {
    const fx = createFixture(8, {
      model: miniVgg,
      initBackend: async () => {
        await useWasm();
        return { name: 'wasm', detail: 'WASM (test)', software: false };
      },
    });
    await fx.engine.startBackend('wasm');
    await fx.engine.importDataset(fx.files, 0);
    await fx.engine.extract(SPEC);
    await fx.engine.train(SPEC, config);
    const augment = { ...DEFAULT_AUGMENTATION, views: 2, testTimeFlip: true };
    const before = tf.memory().numTensors;
    const estimate = await fx.engine.estimateFineTune(SPEC, augment);
    expect(tf.memory().numTensors).toBe(before); // the measurement keeps nothing
    // 24 originals, 2 views of the 18 training images, the 3 test images mirrored: none saved yet.
    expect(estimate).toMatchObject({ toCompute: 24 + 36 + 3, cached: 0, trainExamples: 54 });
    const frozenOutput = (INPUT / 2) * (INPUT / 2) * 6;
    expect(estimate.bytesPerImage).toBe(4 * frozenOutput);
    expect(estimate.newBytes).toBe(63 * 4 * frozenOutput);
    expect(estimate.extractSeconds).toBeGreaterThan(0);
    expect(estimate.backend).toBe('wasm');
    expect(estimate.secondsPerEpoch).toBeGreaterThan(0); // WASM trains convolutions

    const decodes = fx.decodeCalls;
    const outcome = await fx.engine.fineTune(
      SPEC,
      undefined,
      { ...DEFAULT_FINE_TUNE, epochs: 1 },
      augment,
    );
    expect(fx.decodeCalls - decodes).toBe(63);
    expect(outcome.run).toMatchObject({
      fineTuned: true,
      augmentViews: 2,
      testTimeFlip: true,
      trainExamples: 54,
      backend: 'wasm',
    });
    expect(outcome.evaluation.predictions).toHaveLength(3);
    const after = await fx.engine.estimateFineTune(SPEC, augment).catch((e: Error) => e.message);
    expect(after).toMatchObject({ toCompute: 0, cached: 63, newBytes: 0 });
  });
});
