import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHead, type Head } from '../../../../src/ml/head/head';
import { trainHead, type FeatureSet } from '../../../../src/ml/head/train';
import type { HeadKind, OptimizerKind, TrainEvent } from '../../../../src/shared/training';
import { blobs, config, shiftedLabels } from '../../../helpers/headFixtures';
import { useCpu } from '../../../helpers/tfBackend';

beforeAll(useCpu);

/** Mean softmax cross-entropy and accuracy of `head` on raw features, computed independently of train.ts. */
async function lossOn(head: Head, set: FeatureSet): Promise<{ loss: number; accuracy: number }> {
  const size = head.featureShape.reduce((a, b) => a * b, 1);
  const flat = new Float32Array(set.vectors.length * size);
  set.vectors.forEach((v, i) => flat.set(v, i * size));
  const probs = tf.tidy(() =>
    head.predictProbabilities(tf.tensor(flat, [set.vectors.length, ...head.featureShape])),
  );
  const p = (await probs.data()) as Float32Array;
  probs.dispose();
  const c = head.numClasses;
  let loss = 0;
  let correct = 0;
  set.labels.forEach((label, i) => {
    const row = Array.from(p.subarray(i * c, (i + 1) * c));
    loss -= Math.log(row[label]!);
    if (row.indexOf(Math.max(...row)) === label) correct++;
  });
  return { loss: loss / set.labels.length, accuracy: correct / set.labels.length };
}

describe('trainHead learns separable features', () => {
  const cases: [HeadKind, number[], OptimizerKind][] = [
    ['pooled', [16], 'adam'],
    ['flatten', [16], 'adam'],
    ['pooled', [2, 2, 8], 'adam'],
    ['flatten', [2, 2, 8], 'adam'],
    ['pooled', [2, 2, 8], 'sgd'],
  ];
  it.each(cases)('%s head on %j with %s', async (head, shape, optimizer) => {
    const start = tf.memory().numTensors;
    const [train, val] = blobs(shape, 3, [20, 6], 1) as [FeatureSet, FeatureSet];
    const cfg = config({
      head,
      optimizer,
      learningRate: optimizer === 'sgd' ? 0.02 : 0.01,
      patience: 0,
    });
    const untrained = createHead(head, shape, 3, cfg.seed); // the same init trainHead starts from
    const initial = await lossOn(untrained, train);
    untrained.dispose();

    const { head: trained, result } = await trainHead({
      train,
      val,
      featureShape: shape,
      numClasses: 3,
      config: cfg,
    });
    const last = result.history.at(-1)!;
    expect(result.history).toHaveLength(cfg.epochs);
    expect(last.accuracy).toBeGreaterThan(0.9);
    expect(last.loss).toBeLessThan(0.25 * initial.loss);
    const final = await lossOn(trained, train);
    expect(final.accuracy).toBeGreaterThan(0.9);
    expect(final.loss).toBeLessThan(0.25 * initial.loss);
    expect(last.valAccuracy).toBeGreaterThan(0.9);
    trained.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('trainHead is reproducible', () => {
  const [train, val] = blobs([2, 2, 8], 3, [12, 4], 2, 2) as [FeatureSet, FeatureSet];
  const run = async (seed: number) => {
    const { head, result } = await trainHead({
      train,
      val,
      featureShape: [2, 2, 8],
      numClasses: 3,
      config: config({ seed, epochs: 3, batchSize: 8, head: 'flatten' }),
    });
    const probs = await lossOn(head, val);
    head.dispose();
    return { history: result.history, probs };
  };

  it('gives identical histories for the same seed and different ones for another seed', async () => {
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(b.history).toEqual(a.history);
    expect(b.probs).toEqual(a.probs);
    expect(c.history.map((m) => m.loss)).not.toEqual(a.history.map((m) => m.loss));
  });
});

describe('trainHead keeps the best epoch', () => {
  it('stops early when validation loss rises and restores the best epoch', async () => {
    const start = tf.memory().numTensors;
    const [train] = blobs([16], 3, [10], 3) as [FeatureSet];
    // The validation labels disagree with training: the better the fit, the worse the val loss.
    const val = shiftedLabels(train, 3);
    const epochs: TrainEvent[] = [];
    const { head, result } = await trainHead({
      train,
      val,
      featureShape: [16],
      numClasses: 3,
      config: config({ epochs: 30, patience: 2 }),
      onEvent: (e) => e.type === 'epoch' && epochs.push(e),
    });
    expect(result.stopReason).toBe('early-stopped');
    expect(result.bestEpoch).toBeLessThan(result.history.length);
    expect(result.history).toHaveLength(result.bestEpoch + 2);
    const bestValLoss = result.history[result.bestEpoch - 1]!.valLoss;
    expect(Math.min(...result.history.map((m) => m.valLoss))).toBe(bestValLoss);
    const restored = await lossOn(head, val);
    expect(restored.loss).toBeCloseTo(bestValLoss, 5);
    expect(Math.abs(restored.loss - result.history.at(-1)!.valLoss)).toBeGreaterThan(1e-3);
    expect(epochs).toHaveLength(result.history.length);
    expect(epochs.at(-1)).toMatchObject({ bestEpoch: result.bestEpoch, etaSeconds: 0 });
    head.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('keeps the last epoch and reports NaN validation metrics without a validation set', async () => {
    const [train] = blobs([16], 3, [6], 4) as [FeatureSet];
    const { head, result } = await trainHead({
      train,
      val: { vectors: [], labels: [] },
      featureShape: [16],
      numClasses: 3,
      config: config({ epochs: 3, patience: 1 }),
    });
    expect(result).toMatchObject({ bestEpoch: 3, stopReason: 'completed' });
    expect(
      result.history.every((m) => Number.isNaN(m.valLoss) && Number.isNaN(m.valAccuracy)),
    ).toBe(true);
    head.dispose();
  });

  it('stops within one batch when asked, keeping the best epoch so far', async () => {
    const start = tf.memory().numTensors;
    const [train, val] = blobs([2, 2, 8], 3, [8, 4], 5) as [FeatureSet, FeatureSet];
    const batchesPerEpoch = Math.ceil(24 / 8);
    const stopAfter = 2 * batchesPerEpoch + 2; // in the middle of epoch 3
    let batchEvents = 0;
    let stopRequested = false;
    const { head, result } = await trainHead({
      train,
      val,
      featureShape: [2, 2, 8],
      numClasses: 3,
      config: config({ epochs: 10, batchSize: 8 }),
      batchEventIntervalMs: 0,
      onEvent: (e) => {
        if (e.type !== 'batch') return;
        batchEvents++;
        if (batchEvents === stopAfter) stopRequested = true;
      },
      shouldStop: () => stopRequested,
    });
    expect(result.stopReason).toBe('stopped-by-user');
    expect(batchEvents).toBe(stopAfter); // not one batch more
    expect(result.history).toHaveLength(2);
    expect([1, 2]).toContain(result.bestEpoch);
    const restored = await lossOn(head, val);
    expect(restored.loss).toBeCloseTo(result.history[result.bestEpoch - 1]!.valLoss, 5);
    head.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('returns the untrained head, bestEpoch 0, when stopped before the first batch', async () => {
    const start = tf.memory().numTensors;
    const [train] = blobs([16], 3, [4], 6) as [FeatureSet];
    const { head, result } = await trainHead({
      train,
      val: train,
      featureShape: [16],
      numClasses: 3,
      config: config(),
      shouldStop: () => true,
    });
    expect(result).toEqual({ history: [], bestEpoch: 0, stopReason: 'stopped-by-user' });
    head.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('trainHead events', () => {
  const [train, val] = blobs([16], 3, [16, 4], 7) as [FeatureSet, FeatureSet]; // 48 train vectors: 6 batches of 8

  it('throttles batch events but always sends the last batch of each epoch', async () => {
    const events: TrainEvent[] = [];
    const { head } = await trainHead({
      train,
      val,
      featureShape: [16],
      numClasses: 3,
      config: config({ epochs: 3, batchSize: 8 }),
      batchEventIntervalMs: 1e9,
      onEvent: (e) => events.push(e),
    });
    head.dispose();
    const batches = events.filter((e) => e.type === 'batch');
    expect(batches.map((e) => [e.epoch, e.batch, e.batches])).toEqual([
      [1, 1, 6], // the first is sent at once
      [1, 6, 6],
      [2, 6, 6],
      [3, 6, 6],
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'batch',
      'batch',
      'epoch',
      'batch',
      'epoch',
      'batch',
      'epoch',
    ]);
  });

  it('sends every batch with no interval, and epoch events with bestEpoch and an ETA', async () => {
    const events: TrainEvent[] = [];
    const { head } = await trainHead({
      train,
      val,
      featureShape: [16],
      numClasses: 3,
      config: config({ epochs: 2, batchSize: 8, patience: 0 }),
      batchEventIntervalMs: 0,
      onEvent: (e) => events.push(e),
    });
    head.dispose();
    expect(events.filter((e) => e.type === 'batch')).toHaveLength(12);
    const epochEvents = events.filter((e) => e.type === 'epoch');
    expect(epochEvents.map((e) => e.metrics.epoch)).toEqual([1, 2]);
    expect(epochEvents[0]!.etaSeconds).toBeGreaterThan(0);
    expect(epochEvents[1]!.etaSeconds).toBe(0);
    expect(epochEvents.every((e) => e.bestEpoch >= 1 && e.bestEpoch <= e.metrics.epoch)).toBe(true);
  });
});

describe('trainHead input checks', () => {
  it('rejects vectors of the wrong length without leaking the head', async () => {
    const start = tf.memory().numTensors;
    const [train] = blobs([16], 3, [2], 8) as [FeatureSet];
    await expect(
      trainHead({ train, val: train, featureShape: [17], numClasses: 3, config: config() }),
    ).rejects.toThrow(/values/);
    await expect(
      trainHead({
        train: { vectors: train.vectors, labels: train.labels.map(() => 3) },
        val: { vectors: [], labels: [] },
        featureShape: [16],
        numClasses: 3,
        config: config(),
      }),
    ).rejects.toThrow(/label/);
    expect(tf.memory().numTensors).toBe(start);
  });
});
