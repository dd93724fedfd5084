// The accuracy benchmark's report: mean and sample standard deviation over seeds, seconds per
// setting, the best setting named, and a JSON object whose keys are the settings.
import { describe, expect, it, vi } from 'vitest';
import {
  deriveAccuracy,
  meanSd,
  printAccuracyTable,
} from '../../../scripts/benchAccuracyReport.mjs';

const figures = (accuracies: number[], extractSeconds: number, trainSeconds: number) => ({
  accuracies,
  tested: accuracies.map(() => 30),
  trainExamples: accuracies.map(() => 240),
  extractSeconds,
  trainSeconds,
  backend: 'wasm',
});

describe('accuracy report', () => {
  it('takes the sample standard deviation', () => {
    expect(meanSd([0.8, 0.9, 1])).toEqual({ mean: 0.9, sd: expect.closeTo(0.1, 12) });
    expect(meanSd([0.5])).toEqual({ mean: 0.5, sd: 0 });
    expect(Number.isNaN(meanSd([]).mean)).toBe(true);
  });

  it('reports each setting in percent with its seconds, and names the best', () => {
    const report = deriveAccuracy({
      result: {
        backbone: 'MobileNetV2 0.35',
        weights: 'url abc',
        images: 300,
        backend: 'wasm',
        baseExtractSeconds: 60,
        settings: {
          head: figures([0.9, 0.8], 0, 10),
          flip: figures([0.9, 0.9], 12, 11),
        },
      },
      context: { dataset: 'flowers-dev', seeds: [1, 2], machine: { load_average: [1, 2] } },
    });
    expect(report['head']).toMatchObject({ mean: 85, sd: 7.07, seconds: 10, per_seed: [90, 80] });
    expect(report['flip']).toMatchObject({ mean: 90, sd: 0, seconds: 23, extract_seconds: 12 });
    expect(report.context).toMatchObject({ best: 'flip', seeds: [1, 2], base_extract_seconds: 60 });
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    printAccuracyTable(report);
    const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
    log.mockRestore();
    expect(printed).toMatch(/flip \*\s+90\.0 ± 0\.0/);
    expect(printed).toMatch(/head\s+85\.0 ± 7\.1/);
  });
});
