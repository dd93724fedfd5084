import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { ExtractEvent } from '../../../src/shared/events';
import { createFixture, fixtureConfig, INPUT, SPEC } from '../../helpers/engineFixtures';

const config = fixtureConfig(40, { patience: 0 });

describe('engine: import, extract, train, evaluate, predict', () => {
  it('computes each feature once, trains well on separable classes, and leaks no tensors', async () => {
    const fx = createFixture(10);
    const { engine } = fx;
    await engine.startBackend('cpu');
    const { manifest, problems } = await engine.importDataset(fx.files, 0);
    expect(manifest.classes.map((c) => c.name)).toEqual(['class-0', 'class-1', 'class-2']);
    expect(problems).toEqual([]);
    await engine.loadBackbone(SPEC);

    const before = tf.memory().numTensors;
    const events: ExtractEvent[] = [];
    const first = await engine.extract(SPEC, (e) => events.push(e));
    expect(first).toMatchObject({ total: 30, cached: 0, computed: 30, failed: [] });
    expect(events[0]).toEqual({ type: 'extract-start', total: 30, cached: 0, toCompute: 30 });
    expect(events.at(-1)).toMatchObject({ type: 'extract-progress', done: 30, total: 30 });
    expect(tf.memory().numTensors).toBe(before);
    // Each image was read once: decoding got the format and size import found in its header.
    expect(fx.decodeHints).toHaveLength(30);
    for (const hint of fx.decodeHints) {
      expect(hint).toEqual({ format: 'png', plan: { kind: 'full', pixels: INPUT * INPUT } });
    }

    const decodesSoFar = fx.decodeCalls;
    const second = await engine.extract(SPEC);
    expect(second).toMatchObject({ cached: 30, computed: 0 });
    expect(fx.decodeCalls).toBe(decodesSoFar); // nothing decoded again

    const outcome = await engine.train(SPEC, config);
    expect(outcome.result.history.length).toBeGreaterThan(0);
    expect(outcome.evaluation.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(outcome.evaluation.predictions.length).toBe(
      manifest.classes.reduce((n, c) => n + c.counts.test, 0),
    );
    const afterTrain = tf.memory().numTensors;

    // Training again replaces the head and frees the old one; predicting allocates nothing that stays.
    await engine.train(SPEC, config);
    expect(tf.memory().numTensors).toBe(afterTrain);
    const prediction = await engine.predict(SPEC, fx.files[25]!.file);
    expect(prediction.top).toHaveLength(3);
    expect(prediction.top[0]!.classIndex).toBe(2);
    expect(tf.memory().numTensors).toBe(afterTrain);
  });

  it('reports an undecodable image by path, leaves it out, and trains on the rest', async () => {
    const fx = createFixture(6);
    const { manifest } = await fx.engine.importDataset(fx.files, 0);
    // Corrupt a test-split image, so leaving it out is visible in the evaluation.
    const victim = manifest.images.find((i) => i.split === 'test')!;
    fx.corrupt.add(fx.files.find((f) => f.path === victim.path)!.file);
    const result = await fx.engine.extract(SPEC);
    expect(result.computed).toBe(17);
    expect(result.failed).toEqual([{ path: victim.path, detail: 'could not decode image' }]);
    const outcome = await fx.engine.train(SPEC, { ...config, epochs: 2 });
    const evaluated = outcome.evaluation.predictions.map((p) => p.id);
    expect(evaluated).toHaveLength(manifest.images.filter((i) => i.split === 'test').length - 1);
    expect(evaluated).not.toContain(victim.id);
  });

  it('cancel stops extraction promptly, keeps what was written, and the next run resumes', async () => {
    const fx = createFixture(20);
    await fx.engine.importDataset(fx.files, 0);
    await fx.engine.loadBackbone(SPEC);
    fx.decodeDelayMs = 100; // two batches of 32: cancel lands while the first decodes
    const progress: number[] = [];
    const run = fx.engine.extract(SPEC, (e) => {
      if (e.type === 'extract-progress') progress.push(e.done);
    });
    await new Promise((r) => setTimeout(r, 50));
    const cancelledAt = performance.now();
    fx.engine.cancel();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - cancelledAt).toBeLessThan(1000);

    fx.decodeDelayMs = 0;
    const resumed = await fx.engine.extract(SPEC);
    expect(resumed.cached).toBeGreaterThan(0);
    expect(resumed.cached + resumed.computed).toBe(60);
  });

  it('refuses to extract before a dataset is imported, with a message', async () => {
    const fx = createFixture(1);
    await expect(fx.engine.extract(SPEC)).rejects.toThrow('Import a dataset first.');
  });
});
