// The accuracy benchmark (npm run bench:accuracy), in the page through the app's real path: the
// engine worker, its backend, IndexedDB. For each split seed and each setting (head only,
// augmentation, test-time flip, fine-tuning, combinations) it imports the real photos, extracts what
// the cache lacks, trains and evaluates, and keeps each test accuracy and the time the setting took.
// The feature cache is shared across settings and seeds, as in the app: a view computed once is
// never computed again, and each setting's time includes only the extraction it triggered.
import { withEngine } from '../bridge/engine';
import { DEFAULT_AUGMENTATION, type AugmentConfig } from '../shared/augment';
import type { BackboneSpec } from '../shared/engine';
import type { DroppedFile } from '../shared/dataset';
import { DEFAULT_TRAIN_CONFIG } from '../shared/training';
import { DEFAULT_FINE_TUNE } from '../ml/finetune/fineTune';
import { ACCURACY_SETTINGS, type AccuracySettingId } from './accuracySettings';
import { log } from './run';

export interface AccuracyOptions {
  /** Descriptor URL (relative to the page). */
  readonly backbone: string;
  readonly size: number | null;
  /** URL of a JSON list of the dataset's file paths (`class/file.jpg`), relative to the page. */
  readonly dataset: string;
  readonly seeds: readonly number[];
  readonly settings: readonly AccuracySettingId[];
  /** Most fine-tuning epochs (early stopping may end sooner); null: the app's default. */
  readonly fineTuneEpochs: number | null;
}

export interface SettingFigures {
  readonly accuracies: number[];
  readonly tested: number[];
  readonly trainExamples: number[];
  /** Wall time over all seeds: extraction it triggered, then training and evaluation. */
  extractSeconds: number;
  trainSeconds: number;
  /** Backend the training ran on (the one measured fastest for the backbone). */
  backend: string;
}

export interface AccuracyResult {
  readonly spec: BackboneSpec;
  readonly backbone: string;
  readonly weights: string;
  readonly images: number;
  readonly backend: string;
  /** Seconds of the originals' extraction, shared by every setting (paid by the first seed). */
  readonly baseExtractSeconds: number;
  readonly settings: Record<string, SettingFigures>;
}

export async function loadDataset(indexUrl: string): Promise<DroppedFile[]> {
  const index = new URL(indexUrl, location.href);
  const paths = (await (await fetch(index)).json()) as string[];
  return Promise.all(
    paths.map(async (path) => {
      const response = await fetch(
        new URL(path.split('/').map(encodeURIComponent).join('/'), index),
      );
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      const blob = await response.blob();
      return { path, file: new File([blob], path.split('/').pop()!, { type: blob.type }) };
    }),
  );
}

const now = () => performance.now() / 1000;

export async function runAccuracy(options: AccuracyOptions): Promise<AccuracyResult> {
  const url = new URL(options.backbone, location.href).href;
  const spec: BackboneSpec = options.size
    ? { kind: 'descriptor', url, inputSize: options.size }
    : { kind: 'descriptor', url };
  const files = await loadDataset(options.dataset);
  log(`${files.length} images, seeds ${options.seeds.join(', ')}`);
  const chosen = await withEngine((e) => e.chooseBackend(spec));
  log(`backend: ${chosen.detail}`);
  const info = await withEngine((e) => e.loadBackbone(spec));
  const config = DEFAULT_TRAIN_CONFIG;
  const fineTune = {
    ...DEFAULT_FINE_TUNE,
    epochs: options.fineTuneEpochs ?? DEFAULT_FINE_TUNE.epochs,
  };
  const settings: Record<string, SettingFigures> = {};
  const figures = (id: AccuracySettingId, backend: string) =>
    (settings[id] ??= {
      accuracies: [],
      tested: [],
      trainExamples: [],
      extractSeconds: 0,
      trainSeconds: 0,
      backend,
    });
  let baseExtractSeconds = 0;
  const augmentOf = (id: AccuracySettingId): AugmentConfig | undefined => {
    const s = ACCURACY_SETTINGS[id];
    return s.views === 0 && !s.flip
      ? undefined
      : { ...DEFAULT_AUGMENTATION, views: s.views, testTimeFlip: s.flip };
  };
  // Every backend trains convolutions (WASM with ml/backends/wasmConvGradients.ts): one that
  // cannot fails the run here rather than leaving the fine-tuning settings out.
  const problem = await withEngine((e) => e.fineTuneProblem());
  if (problem && options.settings.some((id) => ACCURACY_SETTINGS[id].fineTune))
    throw new Error(problem);

  for (const seed of options.seeds) {
    await withEngine((e) => e.importDataset(files, seed));
    let t = now();
    await withEngine((e) => e.extract(spec));
    baseExtractSeconds += now() - t;
    for (const id of options.settings) {
      const f = figures(id, chosen.name);
      const augment = augmentOf(id);
      const tuned = ACCURACY_SETTINGS[id].fineTune;
      t = now();
      if (augment) await withEngine((e) => e.extract(spec, undefined, augment));
      if (tuned) await withEngine((e) => e.prepareFineTune(spec, augment));
      f.extractSeconds += now() - t;
      t = now();
      let outcome = await withEngine((e) => e.train(spec, config, undefined, augment));
      if (tuned) outcome = await withEngine((e) => e.fineTune(spec, undefined, fineTune, augment));
      f.trainSeconds += now() - t;
      f.accuracies.push(outcome.evaluation.accuracy);
      f.tested.push(outcome.evaluation.predictions.length);
      f.trainExamples.push(outcome.run.trainExamples);
      log(`seed ${seed} ${id}: ${(100 * outcome.evaluation.accuracy).toFixed(1)}%`);
    }
  }
  return {
    spec,
    backbone: info.name,
    weights: `${info.weights.kind} ${info.weightsHash.slice(0, 12)}`,
    images: files.length,
    backend: chosen.name,
    baseExtractSeconds,
    settings,
  };
}
