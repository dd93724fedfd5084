// Types of benchReport.mjs for the TypeScript tests that import it. The page's result is typed where
// it is made (src/bench/run.ts); here it is passed through as a plain object.
export declare const pipelineRate: (run: {
  images: number;
  importSeconds: number;
  extractSeconds: number;
}) => number;

export interface BenchInputs {
  result: unknown;
  naive: unknown;
  rss: { small?: number; large?: number };
  machine: { cores: number; [key: string]: unknown };
  seconds: number;
}

export declare function derive(inputs: BenchInputs): Record<string, unknown> & {
  targets: Record<string, boolean>;
};

export declare function printTable(report: unknown, result: unknown, naive: unknown): void;

export declare function choiceFigures(choice: unknown): Record<string, unknown>;
