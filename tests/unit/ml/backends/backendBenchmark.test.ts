// The measured backend choice, on fake devices: what is timed, what wins, what is skipped, and what
// is left running. Times come from the fakes, so every outcome is exact.
import { describe, expect, it } from 'vitest';
import {
  measureBackends,
  median,
  timeBackbone,
  type MeasureDeps,
  type TimedModel,
} from '../../../../src/ml/backends/backendBenchmark';
import type { BackendName } from '../../../../src/shared/backbone';
import type { RuledOut } from '../../../../src/ml/backends/candidates';
import type { TimingProgress } from '../../../../src/ml/backends/backendBenchmark';

interface FakeDevice {
  /** ms of the probe convolution. */
  readonly probe: number;
  /** ms per image of the backbone at batch 1, and at the batch it settles on. */
  readonly single: number;
  readonly batched?: number;
  readonly batch?: number;
  readonly fails?: 'start' | 'load';
  /** ms the backbone takes to load, and its untimed first pass (default: one single pass). */
  readonly load?: number;
  readonly warm?: number;
}

/** A machine of fake backends on a fake clock that loads and passes move forward. */
function fakeMachine(devices: Partial<Record<BackendName, FakeDevice>>, ruledOut: RuledOut[] = []) {
  let active: BackendName | null = null;
  let clock = 0;
  let probes = 0;
  const loaded: BackendName[] = [];
  const disposed: BackendName[] = [];
  const passes: { backend: BackendName; batch: number }[] = [];
  const deps: MeasureDeps<TimedModel & { backend: BackendName }> = {
    backends: Object.keys(devices) as BackendName[],
    ruledOut,
    now: () => clock,
    async activate(name) {
      if (devices[name]!.fails === 'start') throw new Error('lost device');
      active = name;
      return { name, detail: `${name} detail`, software: name === 'webgpu' };
    },
    async probe() {
      probes++;
      return devices[active!]!.probe;
    },
    async load() {
      const name = active!;
      const d = devices[name]!;
      if (d.fails === 'load') throw new Error('out of memory');
      loaded.push(name);
      const warmUpMs = d.warm ?? d.single;
      clock += (d.load ?? 0) + warmUpMs;
      return {
        backend: name,
        warmUpMs,
        async pass(batch: number) {
          passes.push({ backend: name, batch });
          const ms = batch === 1 ? d.single : batch * (d.batched ?? d.single);
          clock += ms;
          return ms;
        },
        batchFor: () => d.batch ?? 1,
        dispose: () => disposed.push(name),
      };
    },
  };
  return {
    deps,
    loaded,
    disposed,
    passes,
    active: () => active,
    now: () => clock,
    probes: () => probes,
  };
}

describe('measureBackends', () => {
  it('picks the fastest backbone time, not the fastest probe, and leaves it active and loaded', async () => {
    const m = fakeMachine({
      webgpu: { probe: 2, single: 80, batched: 20, batch: 16 }, // wins once batched
      wasm: { probe: 1, single: 40, batched: 38, batch: 4 },
    });
    const { measurement, winner } = await measureBackends(m.deps, { mode: 'choose' });
    expect(measurement.backend).toBe('webgpu');
    expect(measurement.msPerImage).toBe(20);
    expect(measurement.batch).toBe(16);
    expect(m.active()).toBe('webgpu');
    expect(winner.backend).toBe('webgpu');
    expect(m.disposed).toEqual(['wasm']); // the loser is freed, the winner kept for extraction
    expect(measurement.timings.map((t) => t.name)).toEqual(['webgpu', 'wasm']);
    expect(measurement.remembered).toBe(false);
  });

  it('never runs the backbone on a backend whose probe says it cannot win (a software GPU)', async () => {
    const m = fakeMachine({
      webgpu: { probe: 560, single: 9000 },
      webgl: { probe: 110, single: 2200 },
      wasm: { probe: 5, single: 45, batched: 44, batch: 8 },
      cpu: { probe: 30, single: 1700 }, // within 8x: timed
    });
    const { measurement } = await measureBackends(m.deps, { mode: 'choose' });
    expect(measurement.backend).toBe('wasm');
    expect(m.loaded.sort()).toEqual(['cpu', 'wasm']);
    const gpu = measurement.timings.find((t) => t.name === 'webgpu')!;
    expect(gpu.msPerImage).toBeNull();
    expect(gpu.probeMs).toBe(560);
    expect(gpu.note).toMatch(/112x slower/);
  });

  it("'all' times the backbone everywhere, and one slow pass is enough for a slow backend", async () => {
    const m = fakeMachine({
      webgpu: { probe: 560, single: 9000 },
      wasm: { probe: 5, single: 45, batched: 44, batch: 8 },
    });
    const { measurement } = await measureBackends(m.deps, { mode: 'all' });
    expect(measurement.timings.map((t) => [t.name, t.msPerImage, t.batch, t.passes])).toEqual([
      ['webgpu', 9000, 1, 1],
      ['wasm', 44, 8, 5],
    ]);
    expect(m.passes.filter((p) => p.backend === 'webgpu')).toHaveLength(1);
  });

  it('reports a backend that cannot start or cannot load the backbone, and carries on', async () => {
    const m = fakeMachine({
      webgpu: { probe: 1, single: 10, fails: 'start' },
      webgl: { probe: 1, single: 10, fails: 'load' },
      wasm: { probe: 2, single: 45 },
    });
    const { measurement } = await measureBackends(m.deps, { mode: 'choose' });
    expect(measurement.backend).toBe('wasm');
    const notes = Object.fromEntries(measurement.timings.map((t) => [t.name, t.note]));
    expect(notes['webgpu']).toMatch(/could not start: lost device/);
    expect(notes['webgl']).toMatch(/out of memory/);
  });

  it('one candidate: no probe convolution, one timed pass, ruled-out ones reported', async () => {
    const m = fakeMachine({ wasm: { probe: 1, single: 40, batched: 30, batch: 4, load: 500 } }, [
      { name: 'webgpu', why: 'hopeless', software: true, reason: 'software GPU (SwiftShader)' },
      { name: 'cpu', why: 'hopeless', software: false, reason: 'plain JavaScript' },
    ]);
    const { measurement } = await measureBackends(m.deps, { mode: 'choose' });
    expect(m.probes()).toBe(0);
    // WASM batches are no faster per image: the single image is the measurement.
    expect(m.passes.map((p) => p.batch)).toEqual([1]);
    expect([measurement.msPerImage, measurement.batch]).toEqual([40, 4]);
    expect(measurement.timings.map((t) => [t.name, t.msPerImage, t.note ?? ''])).toEqual([
      ['webgpu', null, 'software GPU (SwiftShader)'],
      ['wasm', 40, ''],
      ['cpu', null, 'plain JavaScript'],
    ]);
    expect(measurement.timings[0]!.software).toBe(true);

    // A GPU alone is timed at its extraction batch: the single image, one untimed pass, one timed.
    const gpu = fakeMachine({ webgpu: { probe: 1, single: 40, batched: 10, batch: 8 } });
    const alone = await measureBackends(gpu.deps, { mode: 'choose' });
    expect(gpu.passes.map((p) => p.batch)).toEqual([1, 8, 8]);
    expect(alone.measurement.msPerImage).toBe(10);
  });

  it('reports which backend is timed, n of m, and a time left that reaches 0 and is exact on a steady device', async () => {
    const m = fakeMachine({
      wasm: { probe: 1, single: 40, load: 200 }, // batch 1: 3 timed passes of 40 ms
      webgl: { probe: 2, single: 100, batched: 100, batch: 4, load: 300 }, // 100, 400 untimed, 2 x 400
    });
    const events: { at: number; p: TimingProgress }[] = [];
    await measureBackends(m.deps, {
      mode: 'choose',
      onProgress: (p) => events.push({ at: m.now(), p }),
    });
    const end = m.now();
    expect(end).toBe(200 + 40 + 3 * 40 + 300 + 100 + 100 + 400 + 2 * 400);
    expect(events.map((e) => [e.p.backend, e.p.step, e.p.index, e.p.count])).toEqual([
      ['wasm', 'loading', 1, 2],
      ['wasm', 'timing', 1, 2],
      ['wasm', 'timing', 1, 2],
      ['wasm', 'timing', 1, 2],
      ['wasm', 'timing', 1, 2],
      ['webgl', 'loading', 2, 2],
      ['webgl', 'timing', 2, 2],
      ['webgl', 'timing', 2, 2],
      ['webgl', 'timing', 2, 2],
      ['webgl', 'timing', 2, 2],
      ['webgl', 'timing', 2, 2],
    ]);
    // Nothing is known before the first backbone has loaded; after that there is always a figure.
    expect(events[0]!.p.etaSeconds).toBeNull();
    expect(events.slice(1).every((e) => e.p.etaSeconds !== null)).toBe(true);
    // Between candidates, the next one is priced from the last one's whole time and the probes.
    expect(events[5]!.p.etaSeconds).toBeCloseTo((2 * 360) / 1000, 6);
    // Once the last backend has loaded, its rest is priced from its own passes: exact here.
    for (const e of events.slice(6)) expect(e.p.etaSeconds! * 1000).toBeCloseTo(end - e.at, 6);
    expect(events.at(-1)!.p.etaSeconds).toBe(0);
    // Time left never grows while one backend is timed.
    for (let i = 2; i < events.length; i++) {
      if (events[i]!.p.backend === events[i - 1]!.p.backend && events[i - 1]!.p.step === 'timing')
        expect(events[i]!.p.etaSeconds!).toBeLessThanOrEqual(events[i - 1]!.p.etaSeconds!);
    }
  });

  it('fails with every reason when no backend can run the backbone', async () => {
    const m = fakeMachine({ wasm: { probe: 1, single: 1, fails: 'load' } });
    await expect(measureBackends(m.deps, { mode: 'choose' })).rejects.toThrow(/out of memory/);
  });
});

describe('timeBackbone', () => {
  const options = { minMs: 1000, minPasses: 2, maxPasses: 6, slowPassMs: 4000 };

  it('warms up at the new batch size, then times until enough time went in', async () => {
    const batches: number[] = [];
    const model: TimedModel = {
      pass: async (batch) => {
        batches.push(batch);
        return batch === 1 ? 50 : batch * 30;
      },
      batchFor: (ms) => Math.floor(500 / ms),
      dispose: () => undefined,
    };
    const timed = await timeBackbone(model, options);
    // 1 image (50 ms) -> batch 10; one untimed pass at 10; then 300 ms passes until 1000 ms.
    expect(batches).toEqual([1, 10, 10, 10, 10, 10]);
    expect(timed).toEqual({ msPerImage: 30, batch: 10, passes: 4 });
  });

  it('stops at maxPasses on a fast backend', async () => {
    const model: TimedModel = { pass: async () => 1, batchFor: () => 1, dispose: () => undefined };
    expect((await timeBackbone(model, options)).passes).toBe(6);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
