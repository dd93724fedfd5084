// A speed ratio, so not part of `npm test` (a busy machine would fail it): `npm run bench:head`.
// Fine-tuning the last block on WASM (with ml/backends/wasmConvGradients.ts) against tfjs's
// plain-JavaScript CPU backend, where it ran before: ms per training image per epoch of the real
// fineTune() (tail and a pooled head, SGD, batches of 16), both backends in one run so that the
// machine's load cancels out of the ratio. WebGL has no Node backend: `npm run bench` has none of
// this either (see the report of issue #26).
import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { FINE_TUNE_FROM, splitForFineTuning, type Tail } from '../../src/ml/finetune/tail';
import { DEFAULT_FINE_TUNE } from '../../src/ml/finetune/fineTune';
import { fineTuneEpochMs } from '../../src/ml/finetune/epochTimes';
import { createHead } from '../../src/ml/head/head';
import { buildMobileNetV2 } from '../../src/ml/backbones/mobilenetv2';
import { buildVgg16 } from '../../src/ml/backbones/vgg16';
import { generateWeights } from '../../src/ml/backbones/generatedWeights';
import { useCpu, useWasm } from '../helpers/tfBackend';
import { seeded } from '../helpers/backendCompare';

/**
 * ms per training vector of the second of two epochs (the first allocates and warms up); one batch
 * each, so that the CPU backend's epochs end on a busy machine.
 */
async function msPerImageEpoch(tail: Tail, featureShape: number[], vectors: number) {
  const size = tail.inputShape.reduce((a, b) => a * b, 1);
  const train = {
    vectors: Array.from({ length: vectors }, (_, i) => seeded([size], i + 1, 0, 1)),
    labels: Array.from({ length: vectors }, (_, i) => i % 3),
  };
  const before = tf.memory().numTensors;
  const head = createHead('pooled', featureShape, 3, 1);
  const snapshot = tail.snapshot(); // each backend starts from the same weights
  let epochMs: number[];
  try {
    epochMs = await fineTuneEpochMs(tail, head, train, 2);
  } finally {
    tail.restore(snapshot);
    tf.dispose(snapshot);
    head.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
  expect(epochMs).toHaveLength(2);
  return { msPerImage: epochMs[1]! / vectors, firstEpochMs: epochMs[0]! };
}

const CASES = [
  {
    // The backbone of the README's fine-tuning figures (a Teachable Machine MobileNetV2 0.35).
    name: 'MobileNetV2 0.35, 224 px, block_16_expand..out_relu',
    build: () => buildMobileNetV2(224, 0.35),
    from: FINE_TUNE_FROM.mobilenetv2,
    to: null,
    vectors: 16,
  },
  {
    // The CPU backend's filter gradient is about 5 s per 2x2x512 image and convolution here, so
    // VGG16 is measured at its smallest input, on one batch of 2.
    name: 'VGG16, 32 px, block5_conv1..block5_pool',
    build: () => buildVgg16(32),
    from: FINE_TUNE_FROM.vgg16,
    to: 'block5_pool',
    vectors: 2,
  },
] as const;

test.each(CASES)(
  'fine-tuning $name: ms per training image per epoch, WASM against the CPU backend',
  { timeout: 1_200_000 },
  async ({ name, build, from, to, vectors }) => {
    await useWasm();
    const model = build();
    generateWeights(model, 5);
    const { tail } = splitForFineTuning(model, from, to);
    const featureShape = (model.getLayer(tail.layerNames.at(-1)!).outputShape as number[]).slice(1);
    const wasm = await msPerImageEpoch(tail, featureShape, vectors);
    await useCpu();
    const cpu = await msPerImageEpoch(tail, featureShape, vectors);
    await useWasm();
    tail.dispose();
    model.dispose();
    const round = (x: number) => Math.round(x * 10) / 10;
    console.log(
      `fine-tuning ${name}, ${vectors} vectors, batch ${DEFAULT_FINE_TUNE.batchSize}: ` +
        `WASM ${round(wasm.msPerImage)} ms, CPU ${round(cpu.msPerImage)} ms per image per epoch ` +
        `(first epochs ${Math.round(wasm.firstEpochMs)} and ${Math.round(cpu.firstEpochMs)} ms)`,
    );
    const ratio = cpu.msPerImage / wasm.msPerImage;
    console.log(JSON.stringify({ case: name, fine_tune_wasm_speedup_vs_cpu: round(ratio) }));
    // Several times faster is the point; the exact ratio depends on the machine.
    expect(ratio).toBeGreaterThan(3);
  },
);
