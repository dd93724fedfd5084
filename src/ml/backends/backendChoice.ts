// The measured backend choice, wired to tfjs: probes every backend without starting it, rules out
// those that cannot win (candidates.ts), starts the rest, runs the backbone warm at its extraction
// batch (backendBenchmark.ts decides), reports its progress, and remembers the winner per device,
// backbone and input size, so the measurement runs once per combination.
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../shared/backbone';
import type { BackboneSpec, BackendMeasurement, BackendStatus } from '../../shared/engine';
import type { BackendChoiceKey, BackendChoiceStore } from '../../shared/stores';
import type { BackendChoiceEvent } from '../../shared/events';
import type { Backbone } from '../backbones/backbone';
import { measureBackends, type TimedModel } from './backendBenchmark';
import { activateBackend, probedBackends } from './backends';
import { chooseCandidates } from './candidates';
import { deviceSignature } from './probe';
import { batchSizeFor, deviceLimits, type ImageCost } from './batchSize';
import { noteWarm } from '../backbones/infer';

/** A backbone on one backend with its pre-made inputs; `release` hands the backbone over. */
export interface LoadedModel extends TimedModel {
  release(): Backbone;
}

/** One forward pass of `run`'s result, waited for; ms. */
async function timeOnce(run: () => tf.Tensor): Promise<number> {
  const start = performance.now();
  const y = run();
  await y.data();
  y.dispose();
  return performance.now() - start;
}

/**
 * Activation memory of one image: the engine's bytes at the pass's peak minus before, and the largest
 * single output. Shapes do not depend on the backend, so this is measured once per benchmark.
 */
async function profileImageCost(run: () => tf.Tensor): Promise<ImageCost> {
  const before = tf.memory().numBytes;
  const info = await tf.profile(async () => {
    await timeOnce(run);
  });
  let largest = 0;
  for (const kernel of info.kernels) {
    for (const shape of kernel.outputShapes) {
      largest = Math.max(largest, shape.reduce((a, b) => a * b, 1) * 4);
    }
  }
  return { peakBytes: Math.max(0, info.peakBytes - before), largestTensorBytes: largest };
}

/** Wraps a backbone loaded on the active backend; runs its first pass (warm-up) before returning. */
export async function loadTimedModel(
  backbone: Backbone,
  backend: BackendName,
  shared: { cost?: ImageCost },
): Promise<LoadedModel> {
  const size = backbone.info.inputSize;
  // Pre-made inputs in the preprocessed range (caffe-like), one per batch size, on this backend.
  const inputs = new Map<number, tf.Tensor4D>();
  const input = (n: number) => {
    let x = inputs.get(n);
    if (!x) {
      x = tf.randomUniform([n, size, size, 3], -120, 150, 'float32', 7) as tf.Tensor4D;
      inputs.set(n, x);
    }
    return x;
  };
  let owned = true;
  const dispose = () => {
    for (const x of inputs.values()) x.dispose();
    inputs.clear();
    if (owned) backbone.dispose();
  };
  let warmUpMs: number;
  try {
    // The first pass compiles shaders (GPU) or packs weights (XNNPACK): a warm-up, never timed.
    const start = performance.now();
    if (shared.cost) await timeOnce(() => backbone.extract(input(1)));
    else shared.cost = await profileImageCost(() => backbone.extract(input(1)));
    warmUpMs = performance.now() - start;
  } catch (e) {
    dispose();
    throw e;
  }
  const cost = shared.cost;
  return {
    warmUpMs,
    pass: async (batch) => {
      const ms = await timeOnce(() => backbone.extract(input(batch)));
      noteWarm(backbone, batch);
      return ms;
    },
    batchFor: (msPerImage) => batchSizeFor(backend, { ...cost, msPerImage }, deviceLimits()),
    dispose,
    release() {
      owned = false;
      dispose();
      return backbone;
    },
  };
}

/** ms of one warm 3x3 convolution (28x28x128 -> 128, 0.23 GFLOP): a quick look at a backend's speed. */
export async function probeConvolution(): Promise<number> {
  const x = tf.randomUniform([1, 28, 28, 128], -1, 1, 'float32', 1) as tf.Tensor4D;
  const w = tf.randomUniform([3, 3, 128, 128], -0.05, 0.05, 'float32', 2) as tf.Tensor4D;
  try {
    const once = () => timeOnce(() => tf.conv2d(x, w, 1, 'same'));
    await once();
    return Math.min(await once(), await once());
  } finally {
    x.dispose();
    w.dispose();
  }
}

export function formatMs(ms: number): string {
  return ms >= 100 ? String(Math.round(ms)) : ms.toPrecision(2);
}

/** What the UI shows: the backend, its measured speed, and the measurement behind it. */
export function measuredStatus(
  started: { name: BackendName; detail: string; software: boolean },
  m: BackendMeasurement,
): BackendStatus {
  return {
    name: started.name,
    detail: `${started.detail}, ${formatMs(m.msPerImage)} ms/image`,
    software: started.software,
    measured: m,
  };
}

/** Which backbone the measurement is for; weights do not change the speed, architecture and size do. */
export function choiceKey(device: string, spec: BackboneSpec): BackendChoiceKey {
  const backbone =
    spec.kind === 'builtin'
      ? `builtin:${spec.id}`
      : spec.kind === 'imported'
        ? `imported:${spec.id}`
        : `descriptor:${spec.url}`;
  return { device, backbone, inputSize: spec.inputSize ?? 0 };
}

export interface ChooserDeps {
  readonly loadBackbone: (spec: BackboneSpec) => Promise<Backbone>;
  /** Where choices are remembered; null (or a failure) just means measuring every time. */
  readonly openStore: () => Promise<BackendChoiceStore | null>;
}

export interface BackendChooser {
  /**
   * For 'auto': the remembered fastest backend for `spec` on this device, else a fresh measurement
   * (remembered for next time). Leaves that backend active; hands over the backbone it measured with
   * (warm at the batches it ran) when it measured, else null. `onProgress` hears a measurement's
   * progress (probing, each backend timed with the time left, the backend chosen); a remembered
   * choice sends nothing.
   */
  choose(
    spec: BackboneSpec,
    onProgress?: (event: BackendChoiceEvent) => void,
  ): Promise<{ status: BackendStatus; backbone: Backbone | null }>;
  /** Times the backbone on every available backend (the benchmark), then restores the active one. */
  measureAll(spec: BackboneSpec): Promise<BackendMeasurement>;
}

export function createBackendChooser(deps: ChooserDeps): BackendChooser {
  async function measure(
    spec: BackboneSpec,
    mode: 'choose' | 'all',
    onProgress?: (event: BackendChoiceEvent) => void,
  ) {
    const shared: { cost?: ImageCost } = {};
    const probed = await probedBackends();
    // The benchmark times every backend that can start; the choice only those that could win.
    const { candidates, ruledOut } =
      mode === 'choose'
        ? chooseCandidates(probed)
        : { candidates: probed.filter((p) => p.probe.ok).map((p) => p.name), ruledOut: [] };
    const hopeless = ruledOut.filter((r) => r.why === 'hopeless').map((r) => r.name);
    return measureBackends<LoadedModel>(
      {
        backends: candidates,
        ruledOut,
        activate: activateBackend,
        probe: probeConvolution,
        load: async () =>
          loadTimedModel(await deps.loadBackbone(spec), tf.getBackend() as BackendName, shared),
      },
      {
        mode,
        onProgress: (p) =>
          onProgress?.({
            type: 'backend-choice',
            stage: 'timing',
            ...p,
            ruledOut: hopeless,
          }),
      },
    );
  }

  return {
    async choose(spec, onProgress) {
      const key = choiceKey(await deviceSignature(), spec);
      const store = await deps.openStore().catch(() => null);
      const remembered = await store?.get(key).catch(() => null);
      if (remembered) {
        try {
          return {
            status: measuredStatus(await activateBackend(remembered.backend), remembered),
            backbone: null,
          };
        } catch {
          // That backend no longer starts here (a GPU went away): measure again.
        }
      }
      onProgress?.({ type: 'backend-choice', stage: 'probing' });
      const { measurement, winner } = await measure(spec, 'choose', onProgress);
      await store?.put(key, measurement).catch(() => undefined);
      const status = measuredStatus(await activateBackend(measurement.backend), measurement);
      onProgress?.({ type: 'backend-choice', stage: 'chosen', status });
      return { status, backbone: winner.release() };
    },

    async measureAll(spec) {
      const previous = tf.getBackend() as BackendName;
      try {
        const { measurement, winner } = await measure(spec, 'all');
        winner.dispose();
        return measurement;
      } finally {
        await activateBackend(previous);
      }
    },
  };
}
