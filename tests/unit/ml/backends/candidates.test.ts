// Ruling out from the probes alone: which backends are worth timing the backbone on, on made-up
// machines (this one: SwiftShader WebGPU and WebGL beside WASM; a laptop; a browser without WASM).
import { describe, expect, it } from 'vitest';
import { chooseCandidates, type ProbedBackend } from '../../../../src/ml/backends/candidates';
import type { Probe } from '../../../../src/ml/backends/probe';
import type { BackendName } from '../../../../src/shared/backbone';

const gpu = (label: string, software = false): Probe => ({ ok: true, software, label });
const plain: Probe = { ok: true, software: false, label: '' };
const absent = (reason: string): Probe => ({ ok: false, reason });

function machine(probes: Partial<Record<BackendName, Probe>>): ProbedBackend[] {
  return Object.entries(probes).map(([name, probe]) => ({ name: name as BackendName, probe }));
}

const reasons = (r: ReturnType<typeof chooseCandidates>) =>
  Object.fromEntries(r.ruledOut.map((o) => [o.name, [o.why, o.reason]]));

describe('chooseCandidates', () => {
  it('this machine: software WebGPU and WebGL beside WASM, so only WASM is timed', () => {
    const r = chooseCandidates(
      machine({
        webgpu: gpu('SwiftShader', true),
        webgl: gpu('SwiftShader', true),
        wasm: plain,
        cpu: plain,
      }),
    );
    expect(r.candidates).toEqual(['wasm']);
    expect(r.ruledOut.map((o) => o.name)).toEqual(['webgpu', 'webgl', 'cpu']);
    const why = reasons(r);
    expect(why['webgpu']).toEqual([
      'hopeless',
      expect.stringMatching(/software GPU \(SwiftShader\)/),
    ]);
    expect(why['cpu']).toEqual(['hopeless', expect.stringMatching(/plain JavaScript/)]);
    expect(r.ruledOut.find((o) => o.name === 'webgl')!.software).toBe(true);
  });

  it('a laptop with a real GPU: both GPU backends and WASM compete, plain JS does not', () => {
    const r = chooseCandidates(
      machine({
        webgpu: gpu('Intel Iris Xe'),
        webgl: gpu('ANGLE (Intel)'),
        wasm: plain,
        cpu: plain,
      }),
    );
    expect(r.candidates).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(r.ruledOut.map((o) => o.name)).toEqual(['cpu']);
  });

  it('a real GPU without WASM (a CSP that forbids it): the GPU alone', () => {
    const r = chooseCandidates(
      machine({
        webgpu: gpu('Apple M2'),
        webgl: gpu('Apple M2'),
        wasm: absent('blocked'),
        cpu: plain,
      }),
    );
    expect(r.candidates).toEqual(['webgpu', 'webgl']);
    expect(reasons(r)['wasm']).toEqual(['unavailable', 'not available here: blocked']);
  });

  it('only software GPUs and plain JS: all of them are timed (plain JS can beat software WebGPU)', () => {
    const r = chooseCandidates(
      machine({
        webgpu: gpu('llvmpipe', true),
        webgl: absent('no WebGL context'),
        wasm: absent('not in a browser'),
        cpu: plain,
      }),
    );
    expect(r.candidates).toEqual(['webgpu', 'cpu']);
    expect(r.ruledOut.every((o) => o.why === 'unavailable')).toBe(true);
  });

  it('plain JS alone (Node) is the only candidate', () => {
    const r = chooseCandidates(
      machine({
        webgpu: absent('no navigator.gpu'),
        webgl: absent('not available here'),
        wasm: absent('not in a browser'),
        cpu: plain,
      }),
    );
    expect(r.candidates).toEqual(['cpu']);
  });

  it('follows the static order whatever order the probes come in', () => {
    const r = chooseCandidates(
      machine({ cpu: plain, wasm: plain, webgl: gpu('ANGLE (NVIDIA)'), webgpu: gpu('NVIDIA') }),
    );
    expect(r.candidates).toEqual(['webgpu', 'webgl', 'wasm']);
  });
});
