import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createFixture, fixtureConfig, SPEC } from '../../helpers/engineFixtures';

const config = fixtureConfig(10);

describe('engine: k-fold estimate', () => {
  it('tests every imported image once over the cached features', async () => {
    const fx = createFixture(10);
    await fx.engine.startBackend('cpu');
    await fx.engine.importDataset(fx.files, 0);
    await expect(fx.engine.crossValidate(SPEC, config, 5)).rejects.toThrow(/No features/);
    await fx.engine.extract(SPEC);
    const before = tf.memory().numTensors;
    const folds: number[] = [];
    const result = await fx.engine.crossValidate(SPEC, config, 5, (done) => folds.push(done));
    expect(folds).toEqual([1, 2, 3, 4, 5]);
    expect(result.foldSizes).toEqual([6, 6, 6, 6, 6]);
    expect(result.perClass.map((r) => r.support)).toEqual([10, 10, 10]);
    expect(result.accuracy.mean).toBeGreaterThan(0.8);
    expect(tf.memory().numTensors).toBe(before);
  });
});
