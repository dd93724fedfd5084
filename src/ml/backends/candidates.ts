// Which backends are worth timing the backbone on, decided from the probes alone (adapter info and
// WebGL renderer, no backend started): a backend that cannot win is ruled out before it costs
// anything. Timing a software GPU (SwiftShader, llvmpipe) took seconds per candidate at first use
// and it never won against WASM on the same CPU (30-90x slower, docs/benchmarks.md), and plain-JS CPU is
// slower than every other backend. Pure, so the rules are tested on made-up machines.
import { BACKENDS, type BackendName } from '../../shared/backbone';
import type { Probe } from './probe';

export interface ProbedBackend {
  readonly name: BackendName;
  readonly probe: Probe;
}

export interface RuledOut {
  readonly name: BackendName;
  /** 'unavailable': it cannot start here; 'hopeless': it could, but cannot win. */
  readonly why: 'unavailable' | 'hopeless';
  /** Software rasteriser behind a GPU backend (reported like a timed backend's `software`). */
  readonly software: boolean;
  /** Why it is not timed, in words shown beside it ("software GPU (SwiftShader): ..."). */
  readonly reason: string;
}

export interface Candidates {
  /** Backends to time the backbone on, in the static order (WebGPU, WebGL, WASM, CPU). */
  readonly candidates: readonly BackendName[];
  readonly ruledOut: readonly RuledOut[];
}

const isGpu = (name: BackendName) => name === 'webgpu' || name === 'webgl';

/**
 * The backends that could win for `probed` (in any order; the result follows BACKENDS):
 * - one whose probe failed cannot run at all;
 * - a software GPU is ruled out when WASM is available: both run on the same CPU, WASM far faster;
 * - plain-JS CPU is ruled out when a hardware GPU or WASM is a candidate. Only when software GPUs
 *   are all that is left does it stay (it can beat them: 3.4 s vs 10 s per VGG16 image on WebGPU
 *   SwiftShader here), and the measurement decides.
 */
export function chooseCandidates(probed: readonly ProbedBackend[]): Candidates {
  const byName = new Map(probed.map((p) => [p.name, p.probe]));
  const ok = (name: BackendName) => byName.get(name)?.ok === true;
  const software = (name: BackendName) => {
    const p = byName.get(name);
    return p?.ok === true && p.software;
  };
  const wasm = ok('wasm');
  const fastNonCpu = BACKENDS.some((b) => b !== 'cpu' && ok(b) && !(isGpu(b) && software(b)));

  const candidates: BackendName[] = [];
  const ruledOut: RuledOut[] = [];
  for (const name of BACKENDS) {
    const p = byName.get(name);
    if (!p) continue;
    if (!p.ok) {
      ruledOut.push({
        name,
        why: 'unavailable',
        software: false,
        reason: `not available here: ${p.reason}`,
      });
    } else if (isGpu(name) && p.software && wasm) {
      ruledOut.push({
        name,
        why: 'hopeless',
        software: true,
        reason: `software GPU (${p.label}): WASM on the same CPU is far faster, not timed`,
      });
    } else if (name === 'cpu' && fastNonCpu) {
      ruledOut.push({
        name,
        why: 'hopeless',
        software: false,
        reason: 'plain JavaScript: slower than the other backends here, not timed',
      });
    } else {
      candidates.push(name);
    }
  }
  return { candidates, ruledOut };
}
