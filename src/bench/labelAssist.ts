// The label-assist benchmark (npm run bench:label-assist) in the page. Per split seed, through the
// app's real path (engine worker, its backend, IndexedDB): import the real photos, extract their
// features once, then simulate labelling with hidden labels in the worker, on the cached features
// with the app's head and training (engine/labelAssistBench.ts). The test split is never labelled.
import { callback, withEngine } from '../bridge/engine';
import type { LabelAssistRequest, LabelAssistRuns } from '../engine/labelAssistBench';
import type { SimResult } from '../engine/labelAssistSim';
import type { BackboneSpec } from '../shared/engine';
import { loadDataset } from './accuracy';
import { log } from './run';

export interface LabelAssistOptions extends Omit<LabelAssistRequest, 'seed'> {
  /** Descriptor URL (relative to the page). */
  readonly backbone: string;
  /** URL of a JSON list of the dataset's file paths (`class/file.jpg`), relative to the page. */
  readonly dataset: string;
  readonly seeds: readonly number[];
}

export interface LabelAssistResult {
  readonly backbone: string;
  readonly backend: string;
  readonly images: number;
  readonly extractSeconds: number;
  readonly seeds: readonly (LabelAssistRuns & { readonly seed: number })[];
}

function requestFor(o: LabelAssistOptions, seed: number): LabelAssistRequest {
  const { startPerClass, budget, runs, calibrateAfter, thresholds } = o;
  return { seed, startPerClass, budget, runs, calibrateAfter, thresholds };
}

export async function runLabelAssist(options: LabelAssistOptions): Promise<LabelAssistResult> {
  const url = new URL(options.backbone, location.href).href;
  const spec: BackboneSpec = { kind: 'descriptor', url };
  const files = await loadDataset(options.dataset);
  const chosen = await withEngine((e) => e.chooseBackend(spec));
  const info = await withEngine((e) => e.loadBackbone(spec));
  log(`${files.length} photos; backend: ${chosen.detail}`);
  let extractSeconds = 0;
  const seeds: (LabelAssistRuns & { seed: number })[] = [];
  for (const seed of options.seeds) {
    await withEngine((e) => e.importDataset(files, seed));
    const t = performance.now();
    await withEngine((e) => e.extract(spec));
    extractSeconds += (performance.now() - t) / 1000;
    const onRun = callback((key: string, r: SimResult) =>
      log(
        `seed ${seed} ${key}: ${r.curve.map((p) => `${p.added}:${(100 * p.accuracy).toFixed(0)}`).join(' ')}`,
      ),
    );
    const runs = await withEngine((e) =>
      e.simulateLabelling(spec, requestFor(options, seed), onRun),
    );
    log(`seed ${seed}: every training label known: ${(100 * runs.allLabels).toFixed(1)}%`);
    seeds.push({ ...runs, seed });
  }
  return {
    backbone: info.name,
    backend: chosen.detail,
    images: files.length,
    extractSeconds,
    seeds,
  };
}
