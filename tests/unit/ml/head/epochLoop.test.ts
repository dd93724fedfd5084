// The epoch loop on its own: a one-weight-matrix model on six examples, with scripted validation
// losses so that the test decides which epoch is best. Which epoch it keeps, what it puts back,
// which examples each epoch sees, when it stops, and that it leaves no tensor behind.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runEpochs, type EpochLoopArgs } from '../../../../src/ml/head/epochLoop';
import type { TrainEvent } from '../../../../src/shared/training';
import { useCpu } from '../../../helpers/tfBackend';

beforeAll(useCpu);

const EXAMPLES = 6; // two batches of 4 and 2

/**
 * Example i is the single value i, of class i % 2; the model is x times a 1x2 matrix. Validation
 * reads the scripted loss of the epoch just run; the weights are recorded at each epoch's event.
 */
function scripted(
  valLosses: readonly number[],
  overrides: Partial<EpochLoopArgs<tf.Tensor2D>> = {},
) {
  const w = tf.variable(tf.tensor2d([[0.5, -0.5]]));
  const optimizer = tf.train.sgd(0.1);
  const seen: number[][] = []; // the examples of each step, in order
  const weightsAfterEpoch: number[][] = [[...w.dataSync()]];
  const events: TrainEvent[] = [];
  let epoch = 0;
  const args: EpochLoopArgs<tf.Tensor2D> = {
    train: {
      vectors: Array.from({ length: EXAMPLES }, (_, i) => Float32Array.of(i)),
      labels: Array.from({ length: EXAMPLES }, (_, i) => i % 2),
    },
    inputShape: [1],
    numClasses: 2,
    config: { epochs: valLosses.length, batchSize: 4, patience: 0, seed: 1 },
    shuffleSalt: 5,
    optimizer,
    variables: [w],
    logits: (x) => {
      seen.push([...x.dataSync()]);
      return tf.matMul(x as tf.Tensor2D, w);
    },
    validate: () => Promise.resolve({ loss: valLosses[epoch++]!, accuracy: 1 }),
    weights: {
      snapshot: () => w.clone(),
      restore: (saved) => w.assign(saved),
      dispose: (saved) => saved.dispose(),
    },
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'epoch') weightsAfterEpoch.push([...w.dataSync()]);
    },
    batchEventIntervalMs: 0,
    ...overrides,
  };
  const cleanup = () => {
    w.dispose();
    optimizer.dispose();
  };
  return {
    run: () => runEpochs(args),
    weights: () => [...w.dataSync()],
    weightsAfterEpoch,
    seen,
    events,
    cleanup,
  };
}

let cleanups: (() => void)[] = [];
function loop(valLosses: readonly number[], overrides: Partial<EpochLoopArgs<tf.Tensor2D>> = {}) {
  const made = scripted(valLosses, overrides);
  cleanups.push(made.cleanup);
  return made;
}
afterEach(() => {
  cleanups.forEach((cleanup) => cleanup());
  cleanups = [];
});

describe('runEpochs', () => {
  it('keeps the epoch with the lowest validation loss and puts its weights back', async () => {
    const model = loop([0.9, 0.4, 0.6]);
    const result = await model.run();
    expect(result).toMatchObject({ bestEpoch: 2, stopReason: 'completed' });
    expect(result.history).toHaveLength(3);
    expect(model.weightsAfterEpoch[3]).not.toEqual(model.weightsAfterEpoch[2]); // epoch 3 trained on
    expect(model.weights()).toEqual(model.weightsAfterEpoch[2]);
  });

  it('visits every example once an epoch, in a seeded order that changes between epochs', async () => {
    const model = loop([1, 1]);
    await model.run();
    expect(model.seen.map((batch) => batch.length)).toEqual([4, 2, 4, 2]);
    const [first, second] = [model.seen.slice(0, 2).flat(), model.seen.slice(2).flat()];
    expect([...first].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...second].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(first).not.toEqual(second);
    const again = loop([1, 1]);
    await again.run();
    expect(again.seen).toEqual(model.seen);
  });

  it('gives the weights back as they came when no epoch beats the start loss', async () => {
    const model = loop([0.8, 0.7], { startLoss: 0.5 });
    const result = await model.run();
    expect(result.bestEpoch).toBe(0);
    expect(model.weights()).toEqual(model.weightsAfterEpoch[0]);
  });

  it('stops after `patience` epochs without a better loss, with an ETA of zero', async () => {
    const model = loop([0.5, 0.6, 0.7, 0.4], {
      config: { epochs: 4, batchSize: 4, patience: 2, seed: 1 },
    });
    const result = await model.run();
    expect(result).toMatchObject({ bestEpoch: 1, stopReason: 'early-stopped' });
    expect(result.history).toHaveLength(3);
    expect(model.events.filter((e) => e.type === 'epoch').at(-1)).toMatchObject({
      etaSeconds: 0,
      bestEpoch: 1,
    });
    expect(model.weights()).toEqual(model.weightsAfterEpoch[1]);
  });

  it('without validation keeps the last epoch', async () => {
    const model = loop([NaN, NaN], { validate: null });
    const result = await model.run();
    expect(result.bestEpoch).toBe(2);
    expect(model.weights()).toEqual(model.weightsAfterEpoch[2]);
  });

  it('stopped before the first batch: no epoch, no event, the weights as they came', async () => {
    const model = loop([0.5], { shouldStop: () => true });
    expect(await model.run()).toEqual({ history: [], bestEpoch: 0, stopReason: 'stopped-by-user' });
    expect(model.weights()).toEqual(model.weightsAfterEpoch[0]);
    expect(model.events).toEqual([]);
  });

  it('leaves no tensor behind: batches, step scalars and set-aside weights are all freed', async () => {
    const model = loop([0.5, 0.4, 0.6]);
    const before = tf.memory().numTensors;
    await model.run();
    expect(tf.memory().numTensors).toBe(before);
  });
});
