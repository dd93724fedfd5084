// Node has only the CPU backend; what can be checked here is that the choice ends on a backend
// that computes, and that the unavailable ones are passed over rather than fatal.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/ml/backends/backends';
import type { BackendDeps } from '../../../../src/ml/backends/backends';
import type { Probe } from '../../../../src/ml/backends/probe';
import type { BackendName } from '../../../../src/shared/backbone';

async function onePlusOne(): Promise<number> {
  const t = tf.add(tf.scalar(1), tf.scalar(1));
  const v = (await t.data())[0]!;
  t.dispose();
  return v;
}

describe('initBackend in Node', () => {
  it("starts 'cpu' when asked", async () => {
    const choice = await initBackend('cpu');
    expect(choice).toEqual({ name: 'cpu', detail: 'CPU (plain JavaScript)', software: false });
    expect(tf.getBackend()).toBe('cpu');
    expect(await onePlusOne()).toBe(2);
  });

  it("'auto' passes over what Node lacks and lands on a working backend", async () => {
    const choice = await initBackend('auto');
    expect(choice.name).toBe(tf.getBackend());
    expect(choice.name).toBe('cpu');
    expect(await onePlusOne()).toBe(2);
  });

  it('falls through from a forced backend that cannot start here', async () => {
    const choice = await initBackend('webgpu');
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});

describe('initBackend choice', () => {
  /** Fake machine: which backends exist, which are software, which fail to start. */
  function machine(spec: Partial<Record<BackendName, 'hw' | 'sw' | 'broken' | 'absent'>>) {
    const started: BackendName[] = [];
    const deps: BackendDeps = {
      probe(name): Probe {
        const kind = spec[name] ?? 'absent';
        if (kind === 'absent') return { ok: false, reason: 'absent' };
        const sw = kind === 'sw';
        return { ok: true, software: sw, label: sw ? 'SwiftShader' : '' };
      },
      async start(name) {
        started.push(name);
        if (spec[name] === 'broken') throw new Error('lost device');
        return name === 'wasm' ? 'SIMD, 4 threads' : '';
      },
    };
    return { deps, started };
  }

  it('prefers a hardware GPU', async () => {
    const m = machine({ webgpu: 'hw', webgl: 'hw', wasm: 'hw', cpu: 'hw' });
    expect(await initBackend('auto', m.deps)).toEqual({
      name: 'webgpu',
      detail: 'WebGPU',
      software: false,
    });
    expect(m.started).toEqual(['webgpu']);
  });

  it('auto skips software GPUs for WASM', async () => {
    const m = machine({ webgpu: 'sw', webgl: 'sw', wasm: 'hw', cpu: 'hw' });
    expect(await initBackend('auto', m.deps)).toEqual({
      name: 'wasm',
      detail: 'WASM (SIMD, 4 threads)',
      software: false,
    });
    expect(m.started).toEqual(['wasm']);
  });

  it('auto still prefers a software GPU to plain JS when WASM fails', async () => {
    const m = machine({ webgpu: 'sw', webgl: 'hw', wasm: 'broken', cpu: 'hw' });
    // A hardware WebGL comes before everything software.
    expect((await initBackend('auto', m.deps)).name).toBe('webgl');
    const m2 = machine({ webgpu: 'sw', wasm: 'broken', cpu: 'hw' });
    expect(await initBackend('auto', m2.deps)).toEqual({
      name: 'webgpu',
      detail: 'WebGPU (SwiftShader, software)',
      software: true,
    });
    expect(m2.started).toEqual(['wasm', 'webgpu']);
  });

  it('a forced software GPU is used, and a forced broken one falls through', async () => {
    const m = machine({ webgpu: 'sw', wasm: 'hw', cpu: 'hw' });
    expect((await initBackend('webgpu', m.deps)).software).toBe(true);
    const m2 = machine({ webgl: 'broken', webgpu: 'sw', wasm: 'hw', cpu: 'hw' });
    expect((await initBackend('webgl', m2.deps)).name).toBe('wasm');
    expect(m2.started).toEqual(['webgl', 'wasm']);
  });

  it('says why each failed when none starts', async () => {
    const m = machine({ wasm: 'broken', cpu: 'broken' });
    await expect(initBackend('auto', m.deps)).rejects.toThrow(
      /webgpu: absent; webgl: absent; wasm: lost device; cpu: lost device/,
    );
  });
});
