// Types of benchFineTuneReport.mjs for the TypeScript tests that import it. The page's result is
// typed where it is made (src/engine/benchFineTune.ts, src/bench/fineTuneCost.ts).
export declare const FINE_TUNE_BACKENDS: readonly string[];

export declare function fineTuneCases(
  mobilenetUrl: string | null,
  options?: { vectors?: number; vggVectors?: number; timedEpochs?: number },
): {
  label: string;
  backbone: string | { builtin: 'vgg16' | 'mobilenetv2'; size: number };
  backends: readonly string[];
  vectors: number;
  timedEpochs: number;
}[];

export interface FineTuneFigures {
  case: string;
  backbone: string;
  input_size: number;
  trained_from: string;
  tail_input: number[];
  trainable_params: number;
  images_per_epoch: number;
  batch: number;
  ms_per_image: Record<string, number | null>;
  wasm_speedup_vs_cpu: number | null;
  wasm_speedup_vs_webgl: number | null;
  webgl_speedup_vs_cpu: number | null;
  samples_ms_per_image: Record<string, (number | null)[]>;
  warm_up_epoch_ms_per_image: Record<string, number | null>;
  backends: Record<string, string>;
  tensor_leak: Record<string, number>;
  errors: Record<string, string>;
  seconds: number | null;
}

export declare function fineTuneFigures(results: readonly unknown[]): FineTuneFigures[];

export declare function softwareWebgl(figures: readonly FineTuneFigures[]): boolean;

export declare function printFineTuneTable(figures: readonly FineTuneFigures[]): void;
