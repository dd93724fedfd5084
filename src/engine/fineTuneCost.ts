// The up-front cost of fine-tuning, measured rather than guessed: one batch through the frozen part
// on the backend in use (times the outputs still to compute), one training step of the tail and a
// throwaway head (times the steps of an epoch), and the bytes the new frozen-part outputs take.
import * as tf from '@tensorflow/tfjs';
import type { AugmentConfig } from '../shared/augment';
import type { FineTuneEstimate } from '../shared/engine';
import { extractionBatchFor } from '../ml/backends/batchSize';
import { convolutionGradientProblem, fineTune, type FineTuneConfig } from '../ml/finetune/fineTune';
import { createHead, type Head } from '../ml/head/head';
import { missingFrozenJobs, type SplitBackbone } from './fineTuneData';
import { batchesOf } from './extract';
import type { EngineContext } from './context';

/** Seconds for one frozen-part pass over a batch of `batch` blank images (after a warm-up pass). */
async function frozenBatchSeconds(split: SplitBackbone, batch: number): Promise<number> {
  const size = split.model.info.inputSize;
  const x = tf.zeros([batch, size, size, 3]) as tf.Tensor4D;
  try {
    let seconds = 0;
    for (let pass = 0; pass < 2; pass++) {
      const started = performance.now();
      const y = split.frozen.extract(x);
      await y.data();
      y.dispose();
      seconds = (performance.now() - started) / 1000;
    }
    return seconds;
  } finally {
    x.dispose();
  }
}

/** Seconds of the second of two training steps on blank inputs (the first compiles and allocates). */
async function trainStepSeconds(split: SplitBackbone, head: Head, config: FineTuneConfig) {
  const width = split.tail.inputShape.reduce((a, b) => a * b, 1);
  const n = 2 * config.batchSize;
  const scratch = createHead(head.kind, split.model.info.featureShape, head.numClasses, 1);
  const ends: number[] = [];
  try {
    await fineTune({
      tail: split.tail, // a copy, disposed by the caller: its weights may move
      head: scratch,
      train: {
        vectors: Array.from({ length: n }, () => new Float32Array(width)),
        labels: Array.from({ length: n }, (_, i) => i % head.numClasses),
      },
      val: { vectors: [], labels: [] },
      config: { ...config, epochs: 1 },
      onEvent: (e) => e.type === 'batch' && ends.push(performance.now()),
    });
  } finally {
    scratch.dispose();
  }
  return (ends[1]! - ends[0]!) / 1000;
}

export async function measureFineTune(
  ctx: EngineContext,
  split: SplitBackbone,
  head: Head,
  augment: AugmentConfig | undefined,
  config: FineTuneConfig,
): Promise<FineTuneEstimate> {
  const { manifest } = ctx.requireDataset();
  const { jobs, cached } = await missingFrozenJobs(ctx, split, augment);
  const bytesPerImage = 4 * split.tail.inputShape.reduce((a, b) => a * b, 1);
  // The batch shape the extraction will run (see batchesOf): a GPU backend compiles its shaders for
  // each new shape, and those compiled here are then the ones fine-tuning uses.
  const batch =
    batchesOf(jobs, extractionBatchFor(split.status, split.model.info.inputSize))[0]?.length ?? 0;
  const extractSeconds =
    jobs.length === 0 ? 0 : ((await frozenBatchSeconds(split, batch)) / batch) * jobs.length;
  const trainImages = manifest.images.filter((i) => i.split === 'train').length;
  const trainExamples = trainImages * (1 + (augment?.views ?? 0));
  // Batches as training will run them: fewer examples than a batch make one smaller batch, whose
  // shapes a GPU backend compiles here once and reuses when training starts.
  const stepConfig = {
    ...config,
    batchSize: Math.max(1, Math.min(config.batchSize, trainExamples)),
  };
  const step = convolutionGradientProblem()
    ? null
    : await trainStepSeconds(split, head, stepConfig);
  return {
    toCompute: jobs.length,
    cached,
    bytesPerImage,
    newBytes: bytesPerImage * jobs.length,
    extractSeconds,
    trainExamples,
    batchSize: stepConfig.batchSize,
    secondsPerEpoch: step === null ? null : step * Math.ceil(trainExamples / stepConfig.batchSize),
    epochs: config.epochs,
    backend: split.status.name,
  };
}
