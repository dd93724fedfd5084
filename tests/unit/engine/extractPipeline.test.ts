// The extraction pipeline's pacing: one warm-up pass before the first batch (not repeated once the
// backbone is warm), an ETA that matches the time really left, and no tensor left behind.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchesOf, extractFeatures, type ExtractionJob } from '../../../src/engine/extract';
import { noteWarm } from '../../../src/ml/backbones/infer';
import { backboneFromModel, type Backbone } from '../../../src/ml/backbones/backbone';
import type { FeatureCache, StoredFeature } from '../../../src/storage/featureCache';
import type { ContentHash, FeatureSettingsId } from '../../../src/shared/brand';
import type { ExtractEvent } from '../../../src/shared/events';

const SIZE = 8;
const settingsId = 'test' as FeatureSettingsId;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Blocks the thread, like a WASM forward pass does. */
function busy(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * A tiny backbone that takes `msPerImage` per image (spent by `spend`: really waiting, or moving a
 * test's clock) and counts its passes by batch size.
 */
async function slowBackbone(msPerImage: number, spend: (ms: number) => void = busy) {
  const model = tf.sequential({
    layers: [tf.layers.globalAveragePooling2d({ inputShape: [SIZE, SIZE, 3] })],
  });
  const inner = await backboneFromModel(model, {
    name: 'slow',
    inputSize: SIZE,
    preprocess: 'unit',
    featureLayer: null,
    weights: { kind: 'generated', seed: 1 },
  });
  const passes: number[] = [];
  const backbone: Backbone = {
    info: inner.info,
    extract(batch) {
      passes.push(batch.shape[0]);
      spend(msPerImage * batch.shape[0]);
      return inner.extract(batch);
    },
    dispose: () => inner.dispose(),
  };
  return { backbone, passes };
}

function memoryCache() {
  const saved: StoredFeature[] = [];
  const cache = {
    async putMany(_id: FeatureSettingsId, features: readonly StoredFeature[]) {
      saved.push(...features);
    },
  } as unknown as FeatureCache;
  return { cache, saved };
}

const jobs = (n: number): ExtractionJob[] =>
  Array.from({ length: n }, (_, i) => ({
    id: i.toString(16).padStart(64, '0') as ContentHash,
    path: `c/${i}.png`,
    blob: new Blob([String(i)]),
  }));

const decode = async (_blob: Blob, size: number) => new Uint8ClampedArray(size * size * 4).fill(99);

describe('batchesOf', () => {
  const sizes = (n: number, max: number) =>
    batchesOf(
      Array.from({ length: n }, (_, i) => i),
      max,
    ).map((b) => b.length);

  it('splits into as few batches as the limit allows, all of one size but the last', () => {
    expect(sizes(18, 16)).toEqual([9, 9]); // not 16 + 2: one shape to compile
    expect(sizes(10, 4)).toEqual([4, 4, 2]);
    expect(sizes(9, 8)).toEqual([5, 4]);
    expect(sizes(1000, 32)).toEqual([...Array<number>(31).fill(32), 8]);
    expect(sizes(7, 8)).toEqual([7]);
    expect(sizes(0, 8)).toEqual([]);
  });

  it('keeps every job once, in order', () => {
    const items = Array.from({ length: 23 }, (_, i) => i);
    expect(batchesOf(items, 6).flat()).toEqual(items);
  });
});

describe('extractFeatures pacing', () => {
  it('warms the backbone up once per batch size, before timing starts', async () => {
    const { backbone, passes } = await slowBackbone(0);
    const { cache, saved } = memoryCache();
    const before = tf.memory().numTensors;
    const args = { backbone, cache, settingsId, decode, batchSize: 4, alreadyCached: 0 };
    await extractFeatures({ ...args, jobs: jobs(10) });
    expect(passes).toEqual([4, 4, 4, 2]); // warm-up at 4, then 4 + 4 + 2
    await extractFeatures({ ...args, jobs: jobs(6) });
    expect(passes.slice(4)).toEqual([3, 3, 3]); // a new size is warmed up too
    await extractFeatures({ ...args, jobs: jobs(8) });
    expect(passes.slice(7)).toEqual([4, 4]); // warm already
    expect(saved).toHaveLength(24);
    expect(tf.memory().numTensors).toBe(before);
    backbone.dispose();
  });

  it('runs a job of one batch without a warm-up: there is no later ETA for it to make honest', async () => {
    const { backbone, passes } = await slowBackbone(0);
    const { cache, saved } = memoryCache();
    await extractFeatures({
      backbone,
      cache,
      settingsId,
      decode,
      batchSize: 8,
      alreadyCached: 0,
      jobs: jobs(5),
    });
    expect(passes).toEqual([5]);
    expect(saved).toHaveLength(5);
    backbone.dispose();
  });

  it('skips the warm-up when the benchmark already ran that batch size', async () => {
    const { backbone, passes } = await slowBackbone(0);
    noteWarm(backbone, 5);
    await extractFeatures({
      backbone,
      ...memoryCache(),
      settingsId,
      decode,
      batchSize: 5,
      alreadyCached: 0,
      jobs: jobs(10),
    });
    expect(passes).toEqual([5, 5]);
    backbone.dispose();
  });

  it('lets queued writes land while it runs, so they never pile up behind the backbone', async () => {
    const { backbone, passes } = await slowBackbone(2);
    noteWarm(backbone, 2);
    const saved: StoredFeature[] = [];
    const backlog: number[] = [];
    const cache = {
      async putMany(_id: FeatureSettingsId, features: readonly StoredFeature[]) {
        // Like IndexedDB: the transaction completes in a later task, not a microtask.
        await new Promise((resolve) => setTimeout(resolve, 0));
        saved.push(...features);
      },
    } as unknown as FeatureCache;
    const counting: Backbone = {
      ...backbone,
      extract(batch) {
        backlog.push(passes.reduce((a, b) => a + b, 0) - saved.length);
        return backbone.extract(batch);
      },
    };
    await extractFeatures({
      backbone: counting,
      cache,
      settingsId,
      decode,
      batchSize: 2,
      alreadyCached: 0,
      jobs: jobs(40),
    });
    expect(saved).toHaveLength(40);
    expect(Math.max(...backlog)).toBeLessThanOrEqual(3 * 2);
    backbone.dispose();
  });

  it('gives an ETA close to the time really left, early on too', async () => {
    // Time moves only inside the backbone, 40 ms an image: the ETA is checked against the time the
    // work took, whatever else the machine is doing.
    let now = 0;
    const clock = { now: () => now, setTimer: () => null, clearTimer: () => {} };
    const { backbone } = await slowBackbone(40, (ms) => (now += ms));
    noteWarm(backbone, 2);
    const events: { at: number; event: ExtractEvent }[] = [];
    await extractFeatures({
      clock,
      backbone,
      ...memoryCache(),
      settingsId,
      decode,
      batchSize: 2,
      alreadyCached: 4,
      jobs: jobs(20),
      onEvent: (event) => events.push({ at: now, event }),
    });
    const end = now;
    const progress = events.flatMap(({ at, event }) =>
      event.type === 'extract-progress' ? [{ at, ...event }] : [],
    );
    // A third of the way in; counting saved rather than processed images would say 50% too long.
    const early = progress.find((p) => p.done - 4 >= 6)!;
    const left = (end - early.at) / 1000;
    expect(early.total).toBe(24);
    expect(Math.abs(early.etaSeconds - left) / left).toBeLessThan(0.2);
    expect(progress.at(-1)).toMatchObject({ done: 24, total: 24, etaSeconds: 0 });
    backbone.dispose();
  });
});
