// The engine with a backend chooser: 'auto' measures once per backbone and extracts with the warm
// backbone the measurement handed over; a forced backend is never second-guessed.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/engine';
import { backboneFromModel, type Backbone } from '../../../src/ml/backbones/backbone';
import type { BackendChooser } from '../../../src/ml/backends/backendChoice';
import { openGraftDb } from '../../../src/storage/db';
import { createFeatureCache } from '../../../src/storage/featureCache';
import type { BackboneSpec, BackendMeasurement } from '../../../src/shared/engine';
import type { DroppedFile } from '../../../src/shared/dataset';
import { encodePng } from '../../helpers/png';
import { createMemoryWeightsStore } from '../../helpers/memoryWeightsStore';

const SIZE = 8;
const SPEC: BackboneSpec = { kind: 'builtin', id: 'vgg16', inputSize: SIZE };

function tinyBackbone(): Promise<Backbone> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [SIZE, SIZE, 3], filters: 4, kernelSize: 3, padding: 'same' }),
      tf.layers.globalAveragePooling2d({}),
    ],
  });
  return backboneFromModel(model, {
    name: 'tiny',
    inputSize: SIZE,
    preprocess: 'unit',
    featureLayer: null,
    weights: { kind: 'generated', seed: 1 },
  });
}

function files(count: number): DroppedFile[] {
  return Array.from({ length: count }, (_, i) => {
    const rgb = new Uint8Array(SIZE * SIZE * 3).map((_, k) => (k * 7 + i * 31) % 256);
    return {
      file: new Blob([new Uint8Array(encodePng(SIZE, SIZE, rgb))]),
      path: `c${i % 2}/${i}.png`,
    };
  });
}

const measurement: BackendMeasurement = {
  backend: 'cpu',
  msPerImage: 3,
  batch: 2,
  timings: [],
  measuredAt: 0,
  remembered: false,
};

let dbs = 0;
function engineWith(chooser: BackendChooser) {
  const loads: string[] = [];
  const decoded: number[] = [];
  const dbName = `engine-choice-${dbs++}`;
  const engine = createEngine({
    initBackend: async () => {
      await tf.setBackend('cpu');
      return { name: 'cpu', detail: 'CPU (static guess)', software: false };
    },
    decode: async (_blob, size) => {
      decoded.push(size);
      return new Uint8ClampedArray(size * size * 4).fill(128);
    },
    openCache: async () => createFeatureCache(await openGraftDb(dbName)),
    loadBackbone: async () => {
      loads.push('engine');
      return tinyBackbone();
    },
    weights: createMemoryWeightsStore(),
    chooser,
  });
  return { engine, loads, decoded };
}

function fakeChooser(fail = false) {
  const calls: string[] = [];
  const chooser: BackendChooser = {
    async choose(spec) {
      calls.push(JSON.stringify(spec));
      if (fail) throw new Error('no backend could run the backbone');
      return {
        status: {
          name: 'cpu',
          detail: 'CPU, 3.0 ms/image',
          software: false,
          measured: measurement,
        },
        backbone: await tinyBackbone(),
      };
    },
    measureAll: async () => measurement,
  };
  return { chooser, calls };
}

describe('engine backend choice', () => {
  it("'auto' measures once per backbone and extracts with the handed-over backbone", async () => {
    const { chooser, calls } = fakeChooser();
    const { engine, loads } = engineWith(chooser);
    await engine.startBackend('auto');
    const status = await engine.chooseBackend(SPEC);
    expect(status.detail).toBe('CPU, 3.0 ms/image');
    expect(status.measured?.batch).toBe(2);
    await engine.importDataset(files(6), 0);
    const before = tf.memory().numTensors;
    const result = await engine.extract(SPEC);
    expect(result.computed).toBe(6);
    expect(loads).toEqual([]); // the measured backbone was adopted, not loaded again
    expect(calls).toHaveLength(1); // remembered for the rest of the session
    expect(tf.memory().numTensors).toBe(before);
    expect((await engine.readFeatures(SPEC)).images).toBe(6);
  });

  it('a forced backend is used as asked, with no measurement', async () => {
    const { chooser, calls } = fakeChooser();
    const { engine, loads } = engineWith(chooser);
    expect((await engine.startBackend('cpu')).detail).toBe('CPU (static guess)');
    expect((await engine.chooseBackend(SPEC)).measured).toBeUndefined();
    await engine.importDataset(files(3), 0);
    await engine.extract(SPEC);
    expect(calls).toEqual([]);
    expect(loads).toEqual(['engine']);
  });

  it('a failed measurement fails the call with its reason, and the next call measures again', async () => {
    const { chooser, calls } = fakeChooser(true);
    const { engine } = engineWith(chooser);
    await engine.startBackend('auto');
    await expect(engine.chooseBackend(SPEC)).rejects.toThrow(/no backend could run/);
    await expect(engine.chooseBackend(SPEC)).rejects.toThrow(/no backend could run/);
    expect(calls).toHaveLength(2);
  });
});
