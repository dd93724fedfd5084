// Remembered backend choices: what is kept per device, backbone and size, and what is refused on read.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openGraftDb, STORES } from '../../../src/storage/db';
import {
  createBackendChoiceStore,
  restoreBackendChoice,
} from '../../../src/storage/backendChoices';
import { choiceKey, measuredStatus } from '../../../src/ml/backends/backendChoice';
import type { BackendMeasurement } from '../../../src/shared/engine';

const measurement: BackendMeasurement = {
  backend: 'wasm',
  msPerImage: 112.4,
  batch: 6,
  timings: [
    {
      name: 'webgpu',
      detail: 'WebGPU (SwiftShader, software)',
      software: true,
      msPerImage: null,
      batch: 0,
      passes: 0,
      probeMs: 531,
      note: 'probe 112x slower than the fastest: cannot win, backbone not run',
    },
    {
      name: 'wasm',
      detail: 'WASM (SIMD, 2 threads)',
      software: false,
      msPerImage: 112.4,
      batch: 6,
      passes: 3,
      probeMs: 4.7,
    },
  ],
  measuredAt: 1_795_912_850_332,
  remembered: false,
};

let n = 0;
const freshStore = async () => {
  const db = await openGraftDb(`choices-${n++}`);
  return { db, store: createBackendChoiceStore(db) };
};

describe('backend choice store', () => {
  it('remembers per device, backbone and input size, and says it was remembered', async () => {
    const { store } = await freshStore();
    const key = choiceKey('device A', { kind: 'builtin', id: 'vgg16', inputSize: 224 });
    expect(key).toEqual({ device: 'device A', backbone: 'builtin:vgg16', inputSize: 224 });
    await store.put(key, measurement);
    expect(await store.get(key)).toEqual({ ...measurement, remembered: true });
    expect(await store.get({ ...key, inputSize: 150 })).toBeNull();
    expect(await store.get({ ...key, device: 'device B' })).toBeNull();
    const descriptor = choiceKey('device A', { kind: 'descriptor', url: 'http://x/m.json' });
    expect(descriptor).toEqual({
      device: 'device A',
      backbone: 'descriptor:http://x/m.json',
      inputSize: 0,
    });
    expect(await store.get(descriptor)).toBeNull();
  });

  it('reads a damaged or foreign record as not measured, so it is measured again', async () => {
    const { db, store } = await freshStore();
    const key = { device: 'd', backbone: 'b', inputSize: 1 };
    await db.put(STORES.backendChoices, {
      ...key,
      backend: 'tpu',
      msPerImage: 1,
      batch: 1,
      timings: [],
      measuredAt: 1,
    });
    expect(await store.get(key)).toBeNull();
    const good = { ...key, backend: 'wasm', msPerImage: 5, batch: 2, timings: [], measuredAt: 3 };
    expect(restoreBackendChoice(good)?.backend).toBe('wasm');
    expect(restoreBackendChoice({ ...good, msPerImage: 0 })).toBeNull();
    expect(restoreBackendChoice({ ...good, batch: 0 })).toBeNull();
    expect(restoreBackendChoice({ ...good, timings: [{ name: 'wasm' }] })).toBeNull();
    expect(restoreBackendChoice('wasm')).toBeNull();
  });
});

describe('measured status', () => {
  it('shows the speed next to the backend', () => {
    const status = measuredStatus(
      { name: 'wasm', detail: 'WASM (SIMD, 2 threads)', software: false },
      measurement,
    );
    expect(status.detail).toBe('WASM (SIMD, 2 threads), 112 ms/image');
    expect(status.measured).toBe(measurement);
    expect(
      measuredStatus(
        { name: 'webgpu', detail: 'WebGPU', software: false },
        { ...measurement, msPerImage: 38.2 },
      ).detail,
    ).toBe('WebGPU, 38 ms/image');
  });
});
