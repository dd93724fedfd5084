// Label assist's suggestions (issue #29): the pool's photos through the backbone once (features
// cached by content hash, so a photo labelled later is never extracted again), then the trained head
// on the cached features. "Accept at or above P%" is estimated from the head's predictions on the
// dataset's validation and test images (estimatePrecisionAt), never from the suggestions, which
// have no labels to check against.
import type { ContentHash } from '../shared/brand';
import type { BackboneSpec } from '../shared/engine';
import type {
  AcceptPreview,
  LabelChange,
  LabelDecision,
  Suggestion,
  SuggestionList,
} from '../shared/labelAssist';
import { statusesOf } from '../data/labelPool';
import { extractionBatchFor } from '../ml/backends/batchSize';
import { predictProbabilities } from '../ml/head/evaluate';
import { orderSuggestions, uncertainty } from '../ml/labelAssist/order';
import {
  countAtOrAbove,
  estimatePrecisionAt,
  type HeldOutPrediction,
} from '../ml/labelAssist/calibration';
import { extractFeatures } from './extract';
import { settingsIdOf, type EngineContext, type TrainedModel } from './context';
import type { LabelPool } from './labelPoolOps';

interface Computed {
  readonly trained: TrainedModel;
  readonly suggestions: readonly (Suggestion & {
    readonly key: string;
    readonly probabilities: Float32Array;
  })[];
  readonly heldOut: readonly HeldOutPrediction[];
}

function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

const checkThreshold = (threshold: number) => {
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1)
    throw new RangeError('The threshold is a percentage from 0 to 100.');
};

export function createLabelSuggestOps(ctx: EngineContext, pool: LabelPool) {
  const { state, compute } = ctx;
  let last: Computed | null = null;

  /** The suggestions still about photos without a label (decisions made since drop out). */
  function open(computed: Computed) {
    const status = statusesOf(state.unlabeled.pool);
    return computed.suggestions.filter((s) => status.get(s.id)?.kind !== 'labelled');
  }

  function list(computed: Computed | null, unavailable: string | null): SuggestionList {
    const items = computed ? open(computed) : [];
    const strip = ({ id, path, suggested, probability, uncertainty }: Suggestion): Suggestion => ({
      id,
      path,
      suggested,
      probability,
      uncertainty,
    });
    return {
      uncertain: orderSuggestions(items, 'uncertain').map(strip),
      confident: orderSuggestions(items, 'confident').map(strip),
      heldOut: computed?.heldOut.length ?? 0,
      unavailable,
    };
  }

  async function compute_(spec: BackboneSpec): Promise<Computed | string> {
    const trained = state.trained;
    if (!trained) return 'Train a model first: its suggestions appear here.';
    if (trained.fineTuned)
      return 'Suggestions use the trained head on saved features; a fine-tuned model needs its own pass. Press Train to get suggestions again.';
    const [model, status, cache] = await Promise.all([
      compute.ensureBackbone(spec),
      compute.backendFor(spec),
      ctx.getCache(),
    ]);
    const { featureShape } = model.info;
    if (featureShape.join() !== trained.head.featureShape.join())
      return `The model was trained on ${trained.backboneInfo.name} features: press Train for ${model.info.name}.`;
    const settingsId = settingsIdOf(model.info);
    const statuses = statusesOf(state.unlabeled.pool);
    const photos = state.unlabeled.pool.photos.filter(
      (p) => statuses.get(p.id)?.kind !== 'labelled',
    );
    const missing = new Set(
      await cache.missing(
        settingsId,
        photos.map((p) => p.id),
      ),
    );
    const jobs = photos
      .filter((p) => missing.has(p.id) && state.unlabeled.blobs.has(p.id))
      .map((p) => ({ id: p.id, path: p.path, blob: state.unlabeled.blobs.get(p.id)! }));
    if (jobs.length > 0) {
      await ctx.withFallback(() =>
        extractFeatures({
          jobs,
          alreadyCached: photos.length - jobs.length,
          backbone: model,
          settingsId,
          cache,
          decode: ctx.deps.decode,
          batchSize: extractionBatchFor(status, model.info.inputSize),
        }),
      );
    }
    const features = await cache.getMany(
      settingsId,
      photos.map((p) => p.id),
    );
    const have = photos.filter((p) => features.has(p.id));
    const names = trained.classNames;
    const probabilities = await predictProbabilities(
      trained.head,
      have.map((p) => features.get(p.id)!.values),
      featureShape,
    );
    const suggestions = have.map((p, i) => {
      const probs = probabilities[i]!;
      const top = argMax(probs);
      return {
        id: p.id,
        key: p.id,
        path: p.path,
        suggested: names[top]!,
        probability: probs[top]!,
        uncertainty: uncertainty(probs),
        probabilities: probs,
      };
    });
    // Held out: validation and test images of the dataset now (labels made here included).
    const sets = await ctx.loadFeatureSets(model.info);
    const classNames = ctx.requireDataset().manifest.classes.map((c) => c.name);
    const vectors = [...sets.val.vectors, ...sets.test.vectors];
    const labels = [...sets.val.labels, ...sets.test.labels];
    const heldProbs = await predictProbabilities(trained.head, vectors, featureShape);
    const heldOut = heldProbs.map((probs, i) => {
      const top = argMax(probs);
      return { confidence: probs[top]!, correct: names[top] === classNames[labels[i]!] };
    });
    return { trained, suggestions, heldOut };
  }

  function current(): Computed {
    if (!last || last.trained !== state.trained)
      throw new Error('There are no suggestions from the model trained last yet.');
    return last;
  }

  function preview(threshold: number): AcceptPreview {
    checkThreshold(threshold);
    const computed = current();
    const count = countAtOrAbove(
      open(computed).map((s) => s.probability),
      threshold,
    );
    const { support, precision, low, high } = estimatePrecisionAt(computed.heldOut, threshold);
    return { threshold, count, support, precision, low, high };
  }

  return {
    /**
     * Suggestions for every photo of the pool still without a label, by the model trained last;
     * extracts the pool photos whose features are not cached yet.
     */
    async labelSuggestions(spec: BackboneSpec): Promise<SuggestionList> {
      const computed = await compute_(spec);
      if (typeof computed === 'string') {
        last = null;
        return list(null, computed);
      }
      last = computed;
      return list(computed, null);
    },

    /** The last suggestions again, less the photos decided since. */
    labelSuggestionList(): SuggestionList {
      return list(last && last.trained === state.trained ? last : null, null);
    },

    /** How many suggestions are at or above `threshold` (0..1) and how often they are right. */
    labelAcceptPreview: preview,

    /** Labels every open suggestion at or above `threshold` with its suggested class. */
    async acceptSuggestions(threshold: number): Promise<LabelChange> {
      checkThreshold(threshold);
      const chosen = open(current()).filter((s) => s.probability >= threshold);
      const decisions: LabelDecision[] = chosen.map((s) => ({
        kind: 'label',
        id: s.id as ContentHash,
        className: s.suggested,
        source: 'threshold',
        probability: s.probability,
      }));
      return pool.decideAll(decisions);
    },
  };
}
