// Types of benchAccuracyReport.mjs for the TypeScript tests that import it. The page's result is
// typed where it is made (src/bench/accuracy.ts); here it is passed through as a plain object.
export declare function meanSd(xs: readonly number[]): { mean: number; sd: number };

export interface SettingReport {
  mean: number | null;
  sd: number | null;
  seconds: number | null;
  extract_seconds: number | null;
  train_seconds: number | null;
  seeds: number;
  per_seed: (number | null)[];
  test_images: number | null;
  train_vectors: number | null;
  backend: string;
}

export declare function deriveAccuracy(inputs: {
  result: unknown;
  context: { dataset: string; seeds: readonly number[]; machine: Record<string, unknown> };
}): Record<string, SettingReport> & { context: Record<string, unknown> & { best: string | null } };

export declare function printAccuracyTable(report: unknown): void;
