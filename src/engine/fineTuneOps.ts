// Fine-tuning in the app: after a head has trained, the backbone's last block is trained with it on
// the frozen part's outputs (VGG16: block4_pool), which are extracted once and cached like any other
// feature (their own key: the frozen layer's name), so a second fine-tuning run costs no backbone
// passes. The result replaces the trained model; predictions then run frozen part -> block -> head.
import * as tf from '@tensorflow/tfjs';
import type { BackboneSpec, TrainOutcome } from '../shared/engine';
import type { BackendLostEvent, ExtractEvent } from '../shared/events';
import type { RunSettings, TrainEvent } from '../shared/training';
import type { BuiltinBackboneId } from '../shared/backbone';
import { extractionBatchFor } from '../ml/backends/batchSize';
import { FINE_TUNE_FROM, type Tail } from '../ml/finetune/tail';
import { DEFAULT_FINE_TUNE, fineTune, type FineTuneConfig } from '../ml/finetune/fineTune';
import { evaluateHead } from '../ml/head/evaluate';
import { readUnlessLost } from '../ml/backends/deviceLoss';
import { extractFeatures } from './extract';
import { settingsIdOf, type EngineContext } from './context';

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

export function createFineTuneOps(ctx: EngineContext) {
  const { compute, state } = ctx;
  return {
    /** Fine-tunes the last block of a built-in backbone together with the head trained last. */
    async fineTune(
      spec: BackboneSpec,
      onEvent?: (event: TrainEvent | ExtractEvent | BackendLostEvent) => void,
      config: FineTuneConfig = DEFAULT_FINE_TUNE,
    ): Promise<TrainOutcome> {
      const { manifest, blobs } = ctx.requireDataset();
      if (spec.kind !== 'builtin') {
        throw new Error(
          'Fine-tuning is available for the built-in backbones (VGG16, MobileNetV2).',
        );
      }
      const trained = state.trained;
      if (!trained || trained.fineTuned)
        throw new Error('Train a head first (a new one), then fine-tune it.');
      // tfjs-backend-wasm 4.22 has no convolution gradients: say so before any work starts.
      if (!tf.getKernel('Conv2DBackpropFilter', tf.getBackend())) {
        throw new Error(
          `Fine-tuning needs gradients of convolutions, which the ${tf.getBackend().toUpperCase()} backend of TensorFlow.js does not have. Open the app with ?backend=webgl or ?backend=webgpu (or cpu, slowly) to fine-tune; your trained model and features are kept.`,
        );
      }
      const startedAt = performance.now();
      return ctx.cancellable(async (signal) => {
        const [model, status, cache] = await Promise.all([
          compute.ensureBackbone(spec),
          compute.backendFor(spec),
          ctx.getCache(),
        ]);
        if (!model.splitAt) throw new Error('This backbone cannot be split for fine-tuning.');
        const { frozen, tail } = model.splitAt(FINE_TUNE_FROM[spec.id as BuiltinBackboneId]);
        let kept = false;
        try {
          const settingsId = settingsIdOf(frozen.info);
          const ids = manifest.images.map((i) => i.id);
          const missing = new Set(await cache.missing(settingsId, ids));
          const jobs = manifest.images
            .filter((i) => missing.has(i.id))
            .map((i) => ({ id: i.id, path: i.path, blob: blobs.get(i.id)! }));
          await extractFeatures({
            jobs,
            alreadyCached: ids.length - jobs.length,
            backbone: frozen,
            settingsId,
            cache,
            decode: ctx.deps.decode,
            batchSize: extractionBatchFor(status, model.info.inputSize),
            onEvent,
            signal,
          });
          const features = await cache.getMany(settingsId, ids);
          const set = (split: string) => {
            const images = manifest.images.filter((i) => i.split === split && features.has(i.id));
            return {
              vectors: images.map((i) => features.get(i.id)!.values),
              labels: images.map((i) => i.classIndex),
              ids: images.map((i) => i.id),
            };
          };
          const [train, val, test] = [set('train'), set('val'), set('test')];
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
          const evaluation = await evaluateHead(
            trained.head,
            { ...test, vectors: testFeatures },
            model.info.featureShape,
            manifest.classes.length,
          );
          ctx.setTrained({ ...trained, fineTuned: { frozen, tail } });
          state.testTimeFlip = false;
          kept = true;
          const run: RunSettings = {
            backbone: model.info.name,
            inputSize: model.info.inputSize,
            head: trained.head.kind,
            optimizer: 'sgd',
            learningRate: config.learningRate,
            augmentViews: 0,
            testTimeFlip: false,
            fineTuned: true,
            trainExamples: train.vectors.length,
            seconds: (performance.now() - startedAt) / 1000,
          };
          return { result, evaluation, backbone: model.info, run };
        } finally {
          if (!kept) tail.dispose();
        }
      });
    },
  };
}
