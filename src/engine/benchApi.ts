// Measurements only the benchmark asks for (npm run bench), run in the engine worker on the real
// backend and backbone: the backbone on every backend, the raw forward pass at the extraction batch,
// a large matrix multiply (the backend's practical ceiling), one epoch of each head, and the
// backbone's arithmetic. Each says what it measured; none changes what the app does.
import * as tf from '@tensorflow/tfjs';
import type { BackboneSpec, BackendMeasurement, BackendStatus } from '../shared/engine';
import { DEFAULT_TRAIN_CONFIG, type HeadKind } from '../shared/training';
import type { Backbone } from '../ml/backbones/backbone';
import type { BackendChooser } from '../ml/backends/backendChoice';
import { median } from '../ml/backends/backendBenchmark';
import { wasmThreadCount } from '../ml/backends/backends';
import { ARCHITECTURES } from '../ml/backbones/builtinBackbones';
import { parseDescriptor, resolveModelUrl } from '../ml/backbones/descriptor';
import { countMultiplyAdds } from '../ml/backbones/flops';
import { mulberry32 } from '../ml/backbones/generatedWeights';
import { trainHead } from '../ml/head/train';
import { measureFineTuneCost, type FineTuneCostOptions } from './benchFineTune';

export interface BenchDeps {
  /** The engine's own backbone for `spec`, on the backend and at the batch extraction uses. */
  readonly modelFor: (
    spec: BackboneSpec,
  ) => Promise<{ backbone: Backbone; status: BackendStatus; batch: number }>;
  readonly chooser: BackendChooser | null;
  /** A fresh copy of `spec`'s backbone on the active backend (the engine's loader). */
  readonly loadBackbone: (spec: BackboneSpec) => Promise<Backbone>;
}

export interface PassTiming {
  readonly backend: string;
  readonly batch: number;
  readonly passes: number;
  readonly msPerImage: number;
  /** Every pass, ms per image: the spread says how steady the machine was. */
  readonly samples: readonly number[];
}

export interface HeadTiming {
  readonly head: HeadKind;
  readonly images: number;
  readonly featureShape: readonly number[];
  /** Median epoch (after the first, which also pools the features once). */
  readonly epochMs: number;
  readonly firstEpochMs: number;
}

async function timeUntil<T>(
  run: () => Promise<T>,
  minMs: number,
  minRuns: number,
): Promise<number[]> {
  const times: number[] = [];
  let spent = 0;
  while (times.length < minRuns || spent < minMs) {
    const start = performance.now();
    await run();
    const ms = performance.now() - start;
    times.push(ms);
    spent += ms;
  }
  return times;
}

async function readTensor(y: tf.Tensor): Promise<void> {
  await y.data();
  y.dispose();
}

/** Multiply-adds of the backbone for one image, from its layers (loads the topology only). */
async function multiplyAddsOf(spec: BackboneSpec): Promise<number> {
  let model: tf.LayersModel;
  let featureLayer: string | null;
  if (spec.kind === 'builtin') {
    const arch = ARCHITECTURES[spec.id];
    model = arch.build(spec.inputSize);
    featureLayer = arch.featureLayer;
  } else if (spec.kind === 'imported') {
    return NaN; // counted from the stored model only on demand; the benchmark uses descriptors
  } else {
    const descriptor = parseDescriptor(await (await fetch(spec.url)).json());
    const modelJson = (await (await fetch(resolveModelUrl(spec.url, descriptor))).json()) as {
      modelTopology: tf.io.ModelJSON['modelTopology'];
    };
    model = await tf.models.modelFromJSON({ modelTopology: modelJson.modelTopology });
    featureLayer = descriptor.featureLayer;
  }
  try {
    return countMultiplyAdds(model, featureLayer);
  } finally {
    model.dispose();
  }
}

export function createBenchApi(deps: BenchDeps) {
  return {
    /** The backbone timed on every available backend (software GPUs and plain JS included). */
    backends(spec: BackboneSpec): Promise<BackendMeasurement> {
      if (!deps.chooser) throw new Error('No backend chooser in this engine');
      return deps.chooser.measureAll(spec);
    },

    /** Raw forward passes of pre-made tensors, on the extraction backend and batch. */
    async rawForward(spec: BackboneSpec, minMs = 3000): Promise<PassTiming> {
      const { backbone, status, batch } = await deps.modelFor(spec);
      const size = backbone.info.inputSize;
      const x = tf.randomUniform([batch, size, size, 3], -120, 150, 'float32', 7) as tf.Tensor4D;
      try {
        await readTensor(backbone.extract(x)); // warm for this shape
        const times = await timeUntil(() => readTensor(backbone.extract(x)), minMs, 3);
        const samples = times.map((ms) => ms / batch);
        return {
          backend: status.name,
          batch,
          passes: times.length,
          msPerImage: median(samples),
          samples,
        };
      } finally {
        x.dispose();
      }
    },

    /** GFLOP/s (2 per multiply-add) of an n x n by n x n matrix product on the active backend. */
    async matmul(n: number, minMs = 1500): Promise<{ n: number; gflops: number; backend: string }> {
      const a = tf.randomUniform([n, n], -1, 1, 'float32', 3);
      const b = tf.randomUniform([n, n], -1, 1, 'float32', 4);
      try {
        const run = () => readTensor(tf.matMul(a, b));
        await run();
        const times = await timeUntil(run, minMs, 3);
        return { n, gflops: (2 * n ** 3) / median(times) / 1e6, backend: tf.getBackend() };
      } finally {
        tf.dispose([a, b]);
      }
    },

    /** Epoch time of a head trained on `images` feature maps held in memory, as read from the cache. */
    async headEpoch(
      head: HeadKind,
      featureShape: readonly number[],
      images: number,
      epochs = 3,
    ): Promise<HeadTiming> {
      const size = featureShape.reduce((a, b) => a * b, 1);
      const rand = mulberry32(5);
      const set = (n: number) => ({
        vectors: Array.from({ length: n }, () => Float32Array.from({ length: size }, rand)),
        labels: Array.from({ length: n }, (_, i) => i % 5),
      });
      const train = set(images);
      const val = set(Math.ceil(images / 8));
      const stamps: number[] = [performance.now()];
      const { head: trained } = await trainHead({
        train,
        val,
        featureShape,
        numClasses: 5,
        config: { ...DEFAULT_TRAIN_CONFIG, head, epochs, patience: 0 },
        onEvent: (e) => {
          if (e.type === 'epoch') stamps.push(performance.now());
        },
      });
      trained.dispose();
      const epochMs = stamps.slice(1).map((t, i) => t - stamps[i]!);
      return {
        head,
        images,
        featureShape,
        firstEpochMs: epochMs[0] ?? NaN,
        epochMs: median(epochMs.slice(1).length ? epochMs.slice(1) : epochMs),
      };
    },

    multiplyAdds: multiplyAddsOf,

    /** Fine-tuning's ms per training image per epoch on each backend named (benchFineTune.ts). */
    fineTuneCost(spec: BackboneSpec, options: FineTuneCostOptions) {
      return measureFineTuneCost(spec, deps.loadBackbone, options);
    },

    /**
     * Tensors and bytes alive in the worker, the WASM heap's size and the WASM threads in use;
     * `collect` first runs a full garbage collection where the browser exposes one (--expose-gc).
     */
    memory(collect = false) {
      if (collect) (globalThis as { gc?: () => void }).gc?.();
      const { numTensors, numBytes } = tf.memory();
      // The registry, not tf.findBackend: that would start a backend that is not running yet.
      const registry = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
      const wasm = (registry['wasm'] as { wasm?: { HEAPU8?: Uint8Array } } | undefined)?.wasm;
      return {
        numTensors,
        numBytes,
        wasmHeapBytes: wasm?.HEAPU8?.buffer.byteLength ?? 0,
        wasmThreads: wasmThreadCount(),
        backend: tf.getBackend(),
      };
    },
  };
}

export type BenchApi = ReturnType<typeof createBenchApi>;
