// npm run bench's fine-tuning cost: ms per training image per epoch of the app's own fineTune()
// (the backbone's last block and the default head, SGD, batches of 16) on each backend asked for,
// one after the other in this worker, so that the machine's load is alike for all of them and
// their ratios hold. Each backend loads its own copy of the backbone (weights on that backend),
// runs one epoch to warm up (a GPU backend compiles its shaders for these shapes, WASM and CPU
// allocate and JIT), then times the next ones. The inputs are seeded random frozen-part outputs:
// the arithmetic, and so the speed, does not depend on what they hold.
import * as tf from '@tensorflow/tfjs';
import type { BackendName, BuiltinBackboneId } from '../shared/backbone';
import type { BackboneSpec } from '../shared/engine';
import { DEFAULT_TRAIN_CONFIG } from '../shared/training';
import type { Backbone } from '../ml/backbones/backbone';
import { mulberry32 } from '../ml/backbones/generatedWeights';
import { median } from '../ml/backends/backendBenchmark';
import { activateBackend } from '../ml/backends/backends';
import { DEFAULT_FINE_TUNE } from '../ml/finetune/fineTune';
import { fineTuneEpochMs } from '../ml/finetune/epochTimes';
import { FINE_TUNE_FROM } from '../ml/finetune/tail';
import { createHead } from '../ml/head/head';
import { errorMessage } from '../shared/text';

export interface FineTuneCostOptions {
  readonly backends: readonly BackendName[];
  /** Training vectors per epoch (the app's batch is 16: 16 is one step, 32 two). */
  readonly vectors: number;
  /** Epochs timed after the warm-up epoch. */
  readonly timedEpochs: number;
}

export type FineTuneTiming =
  | {
      readonly backend: BackendName;
      /** As the app names it: 'WebGL (SwiftShader, software)', 'WASM (SIMD, 2 threads)'. */
      readonly detail: string;
      readonly msPerImage: number;
      /** Every timed epoch, ms per image: the spread says how steady the machine was. */
      readonly samples: readonly number[];
      /** The warm-up epoch, ms per image (shader compilation, allocation). */
      readonly firstEpochMsPerImage: number;
      /** Tensors left behind by loading, training and disposing (should be 0). */
      readonly tensorLeak: number;
    }
  | { readonly backend: BackendName; readonly error: string };

export interface FineTuneCost {
  readonly backbone: string;
  readonly inputSize: number;
  /** The first trained layer, and the tail's input (the frozen part's output) for one image. */
  readonly from: string;
  readonly tailInput: readonly number[];
  readonly trainableParams: number;
  readonly vectors: number;
  readonly batchSize: number;
  readonly timings: readonly FineTuneTiming[];
}

const CLASSES = 5;

function trainableOf(spec: BackboneSpec, backbone: Backbone) {
  const named =
    spec.kind === 'builtin'
      ? FINE_TUNE_FROM[spec.id as BuiltinBackboneId]
      : backbone.trainableLayers;
  if (!named || !backbone.splitAt)
    throw new Error(`${backbone.info.name} names no layers to fine-tune (trainableLayers)`);
  return named;
}

/** One backend: load, split, warm-up epoch, timed epochs; everything disposed after. */
async function timeOn(
  spec: BackboneSpec,
  load: (spec: BackboneSpec) => Promise<Backbone>,
  options: FineTuneCostOptions,
) {
  const before = tf.memory().numTensors;
  const backbone = await load(spec);
  const { tail } = backbone.splitAt!(trainableOf(spec, backbone));
  const head = createHead(DEFAULT_TRAIN_CONFIG.head, backbone.info.featureShape, CLASSES, 1);
  const shape = {
    backbone: backbone.info.name,
    inputSize: backbone.info.inputSize,
    from: tail.layerNames[0]!,
    tailInput: [...tail.inputShape],
    trainableParams: tail.variables.reduce((n, v) => n + v.size, 0),
  };
  const rand = mulberry32(11);
  const width = shape.tailInput.reduce((a, b) => a * b, 1);
  const train = {
    vectors: Array.from({ length: options.vectors }, () =>
      Float32Array.from({ length: width }, rand),
    ),
    labels: Array.from({ length: options.vectors }, (_, i) => i % CLASSES),
  };
  let epochMs: number[];
  try {
    epochMs = await fineTuneEpochMs(tail, head, train, 1 + options.timedEpochs);
  } finally {
    head.dispose();
    tail.dispose();
    backbone.dispose();
  }
  const perImage = epochMs.map((ms) => ms / options.vectors);
  return {
    shape,
    firstEpochMsPerImage: perImage[0]!,
    samples: perImage.slice(1),
    tensorLeak: tf.memory().numTensors - before,
  };
}

/** Times `spec`'s fine-tuning on each of `options.backends`, then makes the active one active again. */
export async function measureFineTuneCost(
  spec: BackboneSpec,
  load: (spec: BackboneSpec) => Promise<Backbone>,
  options: FineTuneCostOptions,
): Promise<FineTuneCost> {
  const previous = tf.getBackend() as BackendName;
  const timings: FineTuneTiming[] = [];
  let shape: Awaited<ReturnType<typeof timeOn>>['shape'] | null = null;
  try {
    for (const backend of options.backends) {
      try {
        const { detail } = await activateBackend(backend);
        const t = await timeOn(spec, load, options);
        shape ??= t.shape;
        timings.push({
          backend,
          detail,
          msPerImage: median(t.samples),
          samples: t.samples,
          firstEpochMsPerImage: t.firstEpochMsPerImage,
          tensorLeak: t.tensorLeak,
        });
      } catch (e) {
        timings.push({ backend, error: errorMessage(e) });
      }
    }
  } finally {
    await activateBackend(previous);
  }
  if (!shape) {
    const why = timings.map((t) => ('error' in t ? `${t.backend}: ${t.error}` : '')).join('; ');
    throw new Error(`Fine-tuning could not be timed on any backend: ${why}`);
  }
  return { ...shape, vectors: options.vectors, batchSize: DEFAULT_FINE_TUNE.batchSize, timings };
}
