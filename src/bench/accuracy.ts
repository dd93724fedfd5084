// The accuracy benchmark (npm run bench:accuracy), in the page through the app's real path: the
// engine worker, its backend, IndexedDB. For each split seed and each setting (head only,
// augmentation, test-time flip, fine-tuning, combinations) it imports the real photos, extracts what
// the cache lacks, trains and evaluates, and keeps each test accuracy and the time the setting took.
// The feature cache is shared across settings and seeds, as in the app: a view computed once is
// never computed again, and each setting's time includes only the extraction it triggered.
import { withEngine } from '../bridge/engine';
import { DEFAULT_AUGMENTATION, type AugmentConfig } from '../shared/augment';
import type { BackboneSpec, BackendPreference } from '../shared/engine';
import type { DroppedFile } from '../shared/dataset';
import { DEFAULT_TRAIN_CONFIG } from '../shared/training';
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
}

export interface SettingFigures {
  readonly accuracies: number[];
  readonly tested: number[];
  readonly trainExamples: number[];
  /** Wall time over all seeds: extraction it triggered, then training and evaluation. */
  extractSeconds: number;
  trainSeconds: number;
  /** Backend the training ran on (fine-tuning needs convolution gradients, which WASM lacks). */
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

async function loadDataset(indexUrl: string): Promise<DroppedFile[]> {
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
  let backend: BackendPreference = chosen.name;
  const augmentOf = (id: AccuracySettingId): AugmentConfig | undefined => {
    const s = ACCURACY_SETTINGS[id];
    return s.views === 0 && !s.flip
      ? undefined
      : { ...DEFAULT_AUGMENTATION, views: s.views, testTimeFlip: s.flip };
  };
  const canFineTune = (await withEngine((e) => e.fineTuneProblem())) === null;
  const plain = options.settings.filter((id) => !ACCURACY_SETTINGS[id].fineTune);
  const tuned = options.settings.filter((id) => ACCURACY_SETTINGS[id].fineTune);

  for (const seed of options.seeds) {
    await withEngine((e) => e.importDataset(files, seed));
    let t = now();
    await withEngine((e) => e.extract(spec));
    baseExtractSeconds += now() - t;
    for (const id of plain) {
      const f = figures(id, chosen.name);
      const augment = augmentOf(id);
      t = now();
      if (augment) await withEngine((e) => e.extract(spec, undefined, augment));
      f.extractSeconds += now() - t;
      t = now();
      const outcome = await withEngine((e) => e.train(spec, config, undefined, augment));
      f.trainSeconds += now() - t;
      f.accuracies.push(outcome.evaluation.accuracy);
      f.tested.push(outcome.evaluation.predictions.length);
      f.trainExamples.push(outcome.run.trainExamples);
      log(`seed ${seed} ${id}: ${(100 * outcome.evaluation.accuracy).toFixed(1)}%`);
    }
    // Everything fine-tuning reads is extracted here, on the measured backend; where it cannot
    // train convolutions (WASM) the fine-tuning itself runs on the CPU backend below, from the cache.
    for (const id of tuned) {
      const augment = augmentOf(id);
      t = now();
      if (augment) await withEngine((e) => e.extract(spec, undefined, augment));
      await withEngine((e) => e.prepareFineTune(spec, augment));
      figures(id, canFineTune ? chosen.name : 'cpu').extractSeconds += now() - t;
    }
  }
  if (tuned.length > 0 && !canFineTune) {
    log(`${chosen.name} has no convolution gradients: fine-tuning on the CPU backend`);
    backend = (await withEngine((e) => e.startBackend('cpu'))).name;
  }
  for (const seed of tuned.length > 0 ? options.seeds : []) {
    await withEngine((e) => e.importDataset(files, seed));
    for (const id of tuned) {
      const f = figures(id, backend);
      const augment = augmentOf(id);
      const t = now();
      await withEngine((e) => e.train(spec, config, undefined, augment));
      const outcome = await withEngine((e) => e.fineTune(spec, undefined, undefined, augment));
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
