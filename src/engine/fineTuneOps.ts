// Fine-tuning in the app: after a head has trained, the backbone's last block is trained with it on
// the frozen part's outputs (VGG16: block4_pool), which are extracted once and cached like any other
// feature (their own key: the frozen layer's name), so a second fine-tuning run costs no backbone
// passes (fineTuneData.ts). With augmentation, the training images' K views and the test images'
// mirror images go through the frozen part too. The result replaces the trained model; predictions
// then run frozen part -> block -> head.
import * as tf from '@tensorflow/tfjs';
import type { BackboneSpec, FineTuneEstimate, TrainOutcome } from '../shared/engine';
import { BACKENDS } from '../shared/backbone';
import type { BackendLostEvent, ExtractEvent } from '../shared/events';
import type { RunSettings, TrainEvent } from '../shared/training';
import type { AugmentConfig } from '../shared/augment';
import { augmentProblem } from '../shared/augment';
import type { Tail } from '../ml/finetune/tail';
import {
  convolutionGradientProblem,
  DEFAULT_FINE_TUNE,
  fineTune,
  type FineTuneConfig,
} from '../ml/finetune/fineTune';
import { evaluateHead } from '../ml/head/evaluate';
import { readUnlessLost } from '../ml/backends/deviceLoss';
import { extractFrozen, loadFrozenSets, splitBackbone } from './fineTuneData';
import { measureFineTune } from './fineTuneCost';
import type { EngineContext } from './context';
import { heldOutFloor } from './floor';

/** Tail outputs for frozen-part vectors, in batches, copied off the device. */
export async function throughTail(tail: Tail, vectors: readonly Float32Array[], batch = 32) {
  const size = tail.inputShape.reduce((a, b) => a * b, 1);
  const out: Float32Array[] = [];
  for (let start = 0; start < vectors.length; start += batch) {
    const chunk = vectors.slice(start, start + batch);
    const x = new Float32Array(chunk.length * size);
    chunk.forEach((v, i) => x.set(v, i * size));
    const y = tf.tidy(() => tail.apply(tf.tensor(x, [chunk.length, ...tail.inputShape])));
    try {
      const values = (await readUnlessLost(y)) as Float32Array;
      const width = values.length / chunk.length;
      for (let i = 0; i < chunk.length; i++) out.push(values.slice(i * width, (i + 1) * width));
    } finally {
      y.dispose();
    }
  }
  return out;
}

function checked(augment: AugmentConfig | undefined) {
  const problem = augment && augmentProblem(augment);
  if (problem) throw new Error(problem);
  return augment;
}

export function createFineTuneOps(ctx: EngineContext) {
  const { state } = ctx;
  return {
    /**
     * Fine-tunes the last block of the backbone (a built-in one, or one whose descriptor names its
     * trainable layers) together with the head trained last, on the images and, with `augment`,
     * their augmented views; evaluates with test-time flip when `augment` asks for it.
     */
    async fineTune(
      spec: BackboneSpec,
      onEvent?: (event: TrainEvent | ExtractEvent | BackendLostEvent) => void,
      config: FineTuneConfig = DEFAULT_FINE_TUNE,
      augment?: AugmentConfig,
    ): Promise<TrainOutcome> {
      const { manifest } = ctx.requireDataset();
      checked(augment);
      const trained = state.trained;
      if (!trained || trained.fineTuned)
        throw new Error('Train a head first (a new one), then fine-tune it.');
      const problem = convolutionGradientProblem();
      if (problem) throw new Error(problem);
      const startedAt = performance.now();
      return ctx.cancellable(async (signal) => {
        const split = await splitBackbone(ctx, spec);
        const { model, frozen, tail } = split;
        let kept = false;
        try {
          await extractFrozen(ctx, split, augment, onEvent, signal);
          const { train, val, test, flipped } = await loadFrozenSets(ctx, split, augment);
          const result = await fineTune({
            tail,
            head: trained.head,
            train,
            val,
            config,
            onEvent,
            shouldStop: () => signal.aborted,
          });
          const testFeatures = await throughTail(tail, test.vectors);
          const views = flipped ? [await throughTail(tail, flipped)] : [];
          const evaluation = await evaluateHead(
            trained.head,
            { ...test, vectors: testFeatures },
            model.info.featureShape,
            manifest.classes.length,
            views,
          );
          const confidenceFloor = await heldOutFloor(
            trained.head,
            { ...val, vectors: await throughTail(tail, val.vectors) },
            evaluation,
            model.info.featureShape,
          );
          ctx.setTrained({ ...trained, fineTuned: { frozen, tail } });
          state.testTimeFlip = flipped !== null;
          kept = true;
          const run: RunSettings = {
            backbone: model.info.name,
            inputSize: model.info.inputSize,
            head: trained.head.kind,
            optimizer: 'sgd',
            learningRate: config.learningRate,
            augmentViews: augment?.views ?? 0,
            testTimeFlip: state.testTimeFlip,
            fineTuned: true,
            trainExamples: train.vectors.length,
            seconds: (performance.now() - startedAt) / 1000,
            // What the kernels ran on, read from tfjs itself: fine-tuning never moves elsewhere.
            backend: BACKENDS.find((b) => b === tf.getBackend()),
          };
          return { result, evaluation, backbone: model.info, run, confidenceFloor };
        } finally {
          if (!kept) tail.dispose();
        }
      });
    },

    /** Why fine-tuning cannot run on the backend in use, or null when it can. */
    fineTuneProblem(): string | null {
      return convolutionGradientProblem();
    },

    /**
     * Computes and caches the frozen-part outputs fine-tuning will need, on the backend in use: the
     * accuracy benchmark times this extraction apart from the training.
     */
    async prepareFineTune(
      spec: BackboneSpec,
      augment?: AugmentConfig,
      onEvent?: (event: ExtractEvent) => void,
    ): Promise<{ computed: number; total: number }> {
      checked(augment);
      ctx.requireDataset();
      return ctx.cancellable(async (signal) => {
        const split = await splitBackbone(ctx, spec);
        try {
          return await extractFrozen(ctx, split, augment, onEvent, signal);
        } finally {
          split.tail.dispose();
        }
      });
    },

    /** What fine-tuning would cost now: storage, extraction and epoch time, measured on one batch. */
    async estimateFineTune(
      spec: BackboneSpec,
      augment?: AugmentConfig,
      config: FineTuneConfig = DEFAULT_FINE_TUNE,
    ): Promise<FineTuneEstimate> {
      checked(augment);
      ctx.requireDataset();
      const trained = state.trained;
      if (!trained) throw new Error('Train a head first, then fine-tune it.');
      const split = await splitBackbone(ctx, spec);
      try {
        return await measureFineTune(ctx, split, trained.head, augment, config);
      } finally {
        split.tail.dispose();
      }
    },
  };
}
