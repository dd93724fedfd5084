// The hygiene benchmark (npm run bench:hygiene) in the page, through the app's real path: the
// engine worker, its backend, IndexedDB. Per seed: seeded faults on the real photos
// (hygieneFaults.ts), import, extraction, then Check data with diagnostics; the scores against the
// injected truth (hygieneScore.ts) and the checks' own times go back to the driver.
import { withEngine } from '../bridge/engine';
import type { BackboneSpec } from '../shared/engine';
import { DEFAULT_DATA_CHECK, type DataCheckReport } from '../shared/doctor';
import { DEFAULT_TRAIN_CONFIG } from '../shared/training';
import { loadDataset } from './accuracy';
import { DEFAULT_FAULTS, injectFaults, type FaultPlan } from './hygieneFaults';
import { scoreHygiene, type HygieneScores } from './hygieneScore';
import { log } from './run';

export interface HygieneOptions {
  /** Descriptor URL (relative to the page). */
  readonly backbone: string;
  /** URL of a JSON list of the dataset's file paths, relative to the page. */
  readonly dataset: string;
  readonly seeds: readonly number[];
  readonly faults?: FaultPlan;
  /** Near-duplicate threshold to score with (default the app's). */
  readonly threshold?: number;
}

export interface HygieneSeed {
  readonly seed: number;
  readonly images: number;
  readonly extractSeconds: number;
  readonly seconds: DataCheckReport['seconds'];
  readonly scores: HygieneScores;
}

export interface HygieneResult {
  readonly backbone: string;
  readonly backend: string;
  readonly threshold: number;
  readonly seeds: readonly HygieneSeed[];
}

const now = () => performance.now() / 1000;

export async function runHygiene(options: HygieneOptions): Promise<HygieneResult> {
  const spec: BackboneSpec = {
    kind: 'descriptor',
    url: new URL(options.backbone, location.href).href,
  };
  const photos = await loadDataset(options.dataset);
  const chosen = await withEngine((e) => e.chooseBackend(spec));
  log(`${photos.length} photos; backend: ${chosen.detail}`);
  const info = await withEngine((e) => e.loadBackbone(spec));
  const threshold = options.threshold ?? DEFAULT_DATA_CHECK.duplicateThreshold;
  const seeds: HygieneSeed[] = [];
  for (const seed of options.seeds) {
    const faults = await injectFaults(photos, options.faults ?? DEFAULT_FAULTS, seed);
    await withEngine((e) => e.importDataset(faults.files, seed));
    let t = now();
    await withEngine((e) => e.extract(spec));
    const extractSeconds = now() - t;
    t = now();
    const report = await withEngine((e) =>
      e.checkData(spec, DEFAULT_TRAIN_CONFIG, {
        ...DEFAULT_DATA_CHECK,
        duplicateThreshold: threshold,
        diagnostics: true,
      }),
    );
    const scores = scoreHygiene(report, faults);
    log(
      `seed ${seed}: ${report.images} images, check ${(now() - t).toFixed(1)} s; ` +
        `mislabeled P ${scores.mislabeled.precision.toFixed(2)} R ${scores.mislabeled.recall.toFixed(2)}; ` +
        `duplicates R ${scores.duplicates.recall.toFixed(2)}; outliers R ${scores.outliers.recall.toFixed(2)}`,
    );
    seeds.push({ seed, images: report.images, extractSeconds, seconds: report.seconds, scores });
  }
  return { backbone: info.name, backend: chosen.name, threshold, seeds };
}
