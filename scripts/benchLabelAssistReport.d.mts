// Types of benchLabelAssistReport.mjs for the TypeScript tests that import it.
export interface Spread {
  mean: number;
  min: number;
  max: number;
  n: number;
}
export declare function spread(values: readonly (number | null | undefined)[]): Spread | null;
export declare function labelsToReach(
  curve: readonly { added: number; accuracy: number }[],
  target: number,
): number | null;
export declare function summariseLabelAssist(
  raw: unknown,
  options: unknown,
): Record<string, unknown>;
export declare function printLabelAssist(report: unknown): void;
