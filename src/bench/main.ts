// Entry of bench.html: exposes the benchmark to the driver (scripts/bench.mjs) as window.graftBench.
import { withEngine } from '../bridge/engine';
import type { BackboneSpec } from '../shared/engine';
import { runBenchmark, type BenchOptions } from './run';
import { timeBackendChoice } from './choice';
import type { AccuracyOptions } from './accuracy';
import type { HygieneOptions } from './hygiene';
import type { LabelAssistOptions } from './labelAssist';
import type { FineTuneCase } from './fineTuneCost';

const api = {
  run: (options: BenchOptions) => runBenchmark(options),
  /** The backend choice alone, after the static start (a fresh profile measures; see choice.ts). */
  choice: async (spec: BackboneSpec) => {
    await withEngine((e) => e.startBackend('auto'));
    return timeBackendChoice(spec);
  },
  /** npm run bench:accuracy: test accuracy over split seeds and settings on real photos. */
  accuracy: async (options: AccuracyOptions) => (await import('./accuracy')).runAccuracy(options),
  /** npm run bench:hygiene: the data doctor's checks against injected faults on real photos. */
  hygiene: async (options: HygieneOptions) => (await import('./hygiene')).runHygiene(options),
  /** npm run bench:label-assist: uncertainty vs random labelling order on real photos. */
  labelAssist: async (options: LabelAssistOptions) =>
    (await import('./labelAssist')).runLabelAssist(options),
  /** Fine-tuning's ms per training image per epoch on WebGL, WASM and CPU (npm run bench). */
  fineTuneCost: async (cases: FineTuneCase[]) =>
    (await import('./fineTuneCost')).runFineTuneCost(cases),
  /** The engine itself, for one-off measurements from the driver (see scripts/bench.mjs). */
  withEngine,
  /** Separate page load: the naive baseline runs TensorFlow.js on this page's own main thread. */
  naive: async (spec: BackboneSpec, maxImages: number, maxMs: number) => {
    const { runNaive } = await import('./naive');
    return runNaive(spec, maxImages, maxMs);
  },
};

declare global {
  interface Window {
    graftBench?: typeof api;
  }
}

window.graftBench = api;
document.body.dataset['ready'] = 'true';
