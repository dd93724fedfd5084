// The fine-tuning cost as the panel says it before anything starts.
import { describe, expect, it } from 'vitest';
import { describeEstimate } from '../../../src/ui/FineTune/describeEstimate';

const estimate = {
  toCompute: 300,
  cached: 0,
  bytesPerImage: 10_976,
  newBytes: 3_292_800,
  extractSeconds: 41.6,
  trainExamples: 240,
  batchSize: 16,
  secondsPerEpoch: 6.2,
  epochs: 10,
  backend: 'webgl',
};

describe('describeEstimate', () => {
  it('says the storage, the extraction and the epoch time, and that one batch was measured', () => {
    expect(describeEstimate(estimate)).toBe(
      '300 frozen-part outputs to compute and save (3.1 MB, about 42 s on WEBGL); then about 6 s per epoch on 240 vectors, up to 10 epochs. Measured on one batch of 16.',
    );
  });

  it('says when everything is saved, and when the backend cannot train', () => {
    const text = describeEstimate({
      ...estimate,
      toCompute: 0,
      cached: 300,
      newBytes: 0,
      secondsPerEpoch: null,
      backend: 'wasm',
    });
    expect(text).toMatch(
      /^All 300 frozen-part outputs are saved already; training cannot run here: WASM/,
    );
    expect(text).toMatch(/\?backend=webgl/);
  });

  it('says small amounts in KB rather than rounding them to 0.0 MB', () => {
    expect(describeEstimate({ ...estimate, toCompute: 6, newBytes: 6 * 8192 })).toMatch(
      /^6 frozen-part outputs to compute and save \(48 KB, /,
    );
  });
});
