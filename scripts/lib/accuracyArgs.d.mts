// Types of accuracyArgs.mjs for the TypeScript tests that import it.
export declare const SETTINGS: readonly string[];
export declare const DEFAULT_SETTINGS: readonly string[];
export declare const DEFAULT_SEEDS: number;

export interface AccuracyArgs {
  backbone: string | null;
  dataset: string | null;
  seeds: number;
  settings: readonly string[];
  size: number | null;
  port: number;
  fineTuneEpochs: number | null;
}

export declare function parseAccuracyArgs(argv: readonly string[]): AccuracyArgs;
