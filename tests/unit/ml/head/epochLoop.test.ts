// The epoch loop on its own, with scripted validation losses: which epoch it keeps, what it puts
// back, when it stops, and what it says on the way. What a step trains is trainHead's and
// fineTune's (their own tests).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEpochs, type EpochLoopArgs } from '../../../../src/ml/head/epochLoop';
import type { TrainEvent } from '../../../../src/shared/training';
import { useCpu } from '../../../helpers/headFixtures';

beforeAll(useCpu);

/**
 * A "model" whose weights are one number: each step adds 1; validation reads the scripted loss of
 * the epoch just run. Snapshots are plain copies, counted so the test sees none left behind.
 */
function scripted(valLosses: readonly number[], overrides: Partial<EpochLoopArgs<number>> = {}) {
  const state = { weight: 0, live: 0, epoch: 0, steps: [] as number[][] };
  const events: TrainEvent[] = [];
  const args: EpochLoopArgs<number> = {
    examples: 6,
    config: { epochs: valLosses.length, batchSize: 4, patience: 0, seed: 1 },
    shuffleSalt: 5,
    trainStep: (indices) => {
      state.weight += 1;
      state.steps.push([...indices]);
      return { loss: tf.scalar(0.5), correct: tf.scalar(indices.length) };
    },
    hasValidation: true,
    validate: () => Promise.resolve({ loss: valLosses[state.epoch++]!, accuracy: 1 }),
    weights: {
      snapshot: () => (state.live++, state.weight),
      restore: (saved) => (state.weight = saved),
      dispose: () => state.live--,
    },
    onEvent: (e) => events.push(e),
    batchEventIntervalMs: 0,
    ...overrides,
  };
  return { state, events, run: () => runEpochs(args) };
}

describe('runEpochs', () => {
  it('keeps the epoch with the lowest validation loss and puts its weights back', async () => {
    const { state, run } = scripted([0.9, 0.4, 0.6]);
    const result = await run();
    expect(result.bestEpoch).toBe(2);
    expect(result.stopReason).toBe('completed');
    expect(state.weight).toBe(4); // two batches an epoch: the weights as epoch 2 left them
    expect(state.live).toBe(0);
  });

  it('visits every example once an epoch, in a seeded order that changes between epochs', async () => {
    const { state, run } = scripted([1, 1]);
    await run();
    const [a, b, c, d] = state.steps as [number[], number[], number[], number[]];
    expect([...a, ...b].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...c, ...d].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...a, ...b]).not.toEqual([...c, ...d]);
    const again = scripted([1, 1]);
    await again.run();
    expect(again.state.steps).toEqual(state.steps);
  });

  it('gives the weights back as they came when no epoch beats the start loss', async () => {
    const { state, run } = scripted([0.8, 0.7], { startLoss: 0.5 });
    const result = await run();
    expect(result.bestEpoch).toBe(0);
    expect(state.weight).toBe(0);
    expect(state.live).toBe(0);
  });

  it('stops after `patience` epochs without a better loss, with an ETA of zero', async () => {
    const { events, run } = scripted([0.5, 0.6, 0.7, 0.4], {
      config: { epochs: 4, batchSize: 4, patience: 2, seed: 1 },
    });
    const result = await run();
    expect(result).toMatchObject({ bestEpoch: 1, stopReason: 'early-stopped' });
    expect(result.history).toHaveLength(3);
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.at(-1)).toMatchObject({ etaSeconds: 0, bestEpoch: 1 });
  });

  it('without validation keeps the last epoch', async () => {
    const { state, run } = scripted([NaN, NaN], { hasValidation: false });
    const result = await run();
    expect(result.bestEpoch).toBe(2);
    expect(state.weight).toBe(4);
  });

  it('stopped before the first batch: no epoch, the weights as they came, nothing left', async () => {
    const { state, events, run } = scripted([0.5], { shouldStop: () => true });
    expect(await run()).toEqual({ history: [], bestEpoch: 0, stopReason: 'stopped-by-user' });
    expect(state.weight).toBe(0);
    expect(state.live).toBe(0);
    expect(events).toEqual([]);
  });

  it('reads and frees every step’s scalars', async () => {
    const before = tf.memory().numTensors;
    await scripted([0.5, 0.4]).run();
    expect(tf.memory().numTensors).toBe(before);
  });
});
