// npm run bench's fine-tuning part: the engine worker times the app's fineTune() on WebGL, WASM and
// the CPU backend for each backbone asked for (engine/benchFineTune.ts), one after the other in the
// same run, so that their ratios hold on a machine whose load changes. The driver
// (scripts/bench.mjs) derives the ratios and prints them.
import type { Remote } from 'comlink';
import { withEngine } from '../bridge/engine';
import type { BenchApi } from '../engine/benchApi';
import type { FineTuneCost, FineTuneCostOptions } from '../engine/benchFineTune';
import type { BackboneSpec } from '../shared/engine';
import { log } from './run';

export interface FineTuneCase extends FineTuneCostOptions {
  /** For people: 'MobileNetV2 0.35 (real weights), 224 px'. */
  readonly label: string;
  /** Descriptor URL (resolved against this page), or a built-in backbone at `size`. */
  readonly backbone: string | { readonly builtin: 'vgg16' | 'mobilenetv2'; readonly size: number };
}

export type FineTuneCaseResult = FineTuneCost & {
  readonly label: string;
  readonly seconds: number;
};

function specOf(c: FineTuneCase): BackboneSpec {
  if (typeof c.backbone === 'string') {
    // The worker resolves a relative URL against its own script's URL, not this page's.
    return { kind: 'descriptor', url: new URL(c.backbone, location.href).href };
  }
  return { kind: 'builtin', id: c.backbone.builtin, inputSize: c.backbone.size };
}

export async function runFineTuneCost(
  cases: readonly FineTuneCase[],
): Promise<FineTuneCaseResult[]> {
  // The engine's own start (as the app's first use); the cases switch backends and switch back.
  await withEngine((e) => e.startBackend('auto'));
  const results: FineTuneCaseResult[] = [];
  for (const c of cases) {
    log(`fine-tuning ${c.label}: ${c.vectors} images per epoch on ${c.backends.join(', ')}`);
    const started = performance.now();
    const { backends, vectors, timedEpochs } = c;
    const cost = await withEngine((e) =>
      (e.benchmark as unknown as Remote<BenchApi>).fineTuneCost(specOf(c), {
        backends,
        vectors,
        timedEpochs,
      }),
    );
    for (const t of cost.timings) {
      log(
        'error' in t
          ? `  ${t.backend}: ${t.error}`
          : `  ${t.detail}: ${t.msPerImage.toFixed(1)} ms per image per epoch (warm-up epoch ${t.firstEpochMsPerImage.toFixed(0)})`,
      );
    }
    results.push({ ...cost, label: c.label, seconds: (performance.now() - started) / 1000 });
  }
  return results;
}
