import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_AUGMENTATION } from '../../../src/shared/augment';
import { createFixture, fixtureConfig, SPEC } from '../../helpers/engineFixtures';

const config = fixtureConfig(8);

describe('engine: augmented views and test-time flip', () => {
  it('caches each view once, reuses them when K changes, and trains on them', async () => {
    const fx = createFixture(10);
    await fx.engine.startBackend('cpu');
    const { manifest } = await fx.engine.importDataset(fx.files, 0);
    const count = (split: string) => manifest.images.filter((i) => i.split === split).length;
    const [train, test] = [count('train'), count('test')];
    expect([train, test]).toEqual([24, 3]);

    const augment = { ...DEFAULT_AUGMENTATION, views: 2, testTimeFlip: true };
    const first = await fx.engine.extract(SPEC, undefined, augment);
    expect(first).toMatchObject({ total: 30 + 2 * train + test, cached: 0 });
    expect(first.computed).toBe(first.total);

    // K = 3 keeps views 1 and 2 and the mirrored test images: only view 3 is new.
    const more = { ...augment, views: 3 };
    const second = await fx.engine.extract(SPEC, undefined, more);
    expect(second).toMatchObject({ total: 30 + 3 * train + test, computed: train });
    // Another rotation range is another setting: all its views are new.
    const other = await fx.engine.extract(SPEC, undefined, { ...augment, rotation: 10 });
    expect(other.computed).toBe(2 * train);

    const saved = await fx.engine.savedFeatures();
    expect(saved.some((s) => s.label.includes('augmented view 3'))).toBe(true);
    expect(saved.some((s) => s.label.includes('mirrored'))).toBe(true);

    const before = tf.memory().numTensors;
    const plain = await fx.engine.train(SPEC, config);
    expect(plain.run).toMatchObject({ augmentViews: 0, testTimeFlip: false, trainExamples: train });
    const augmented = await fx.engine.train(SPEC, config, undefined, more);
    expect(augmented.run).toMatchObject({
      augmentViews: 3,
      testTimeFlip: true,
      trainExamples: 4 * train,
    });
    expect(augmented.evaluation.predictions).toHaveLength(test);
    expect(augmented.evaluation.accuracy).toBeGreaterThanOrEqual(0.6);
    const prediction = await fx.engine.predict(SPEC, fx.files[25]!.file);
    const total = prediction.top.reduce((a, p) => a + p.probability, 0);
    expect(total).toBeCloseTo(1, 5);
    // One head is kept (the last); everything else was freed.
    const kept = tf.memory().numTensors - before;
    expect(kept).toBe(4);
  });

  it('refuses bad augmentation settings with a sentence', async () => {
    const fx = createFixture(3);
    await fx.engine.importDataset(fx.files, 0);
    await expect(
      fx.engine.extract(SPEC, undefined, { ...DEFAULT_AUGMENTATION, zoom: 1.5 }),
    ).rejects.toThrow(/Zoom must be/);
  });
});
