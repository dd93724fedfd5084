// The extraction estimate before Train (issue 25): it names the backbone selected, counts what the
// cache holds, and uses the speed measured on the last extraction when there was one.
import { describe, expect, it } from 'vitest';
import { describeCost, extractionCost } from '../../../src/ui/CostEstimate/describeCost';

const wasm = 'WASM (SIMD, 2 threads)';

describe('describeCost', () => {
  it('nothing cached, at the benchmark speed', () => {
    expect(
      describeCost(
        'VGG16',
        { total: 300, cached: 0 },
        { secondsPerImage: 3.8, basis: 'benchmark', backendDetail: wasm },
      ),
    ).toBe(
      'Extracting 300 new images with VGG16 takes about 19 min on WASM (SIMD, 2 threads), from a one-batch benchmark.',
    );
  });

  it('counts the cache: only the images still to extract cost time', () => {
    const rate = { secondsPerImage: 1.7, basis: 'extraction', backendDetail: wasm } as const;
    expect(extractionCost({ total: 300, cached: 280 }, rate)).toEqual({
      toExtract: 20,
      seconds: 34,
    });
    expect(describeCost('mobilenet-v2-0.35', { total: 300, cached: 280 }, rate)).toBe(
      'Extracting 20 new images with mobilenet-v2-0.35 (280 of 300 saved already) takes about 34 s on WASM (SIMD, 2 threads), at the speed of the last extraction here.',
    );
    expect(describeCost('mobilenet-v2-0.35', { total: 300, cached: 300 }, rate)).toBe(
      "All 300 images' features for mobilenet-v2-0.35 are saved: nothing to extract.",
    );
  });

  it('says so when no speed is known yet, and while the cache is being counted', () => {
    expect(describeCost('VGG16', { total: 18, cached: 0 }, null)).toBe(
      'Extracting 18 new images with VGG16: its speed here is measured on the first batch.',
    );
    expect(describeCost('VGG16', null, null)).toBe(
      'Counting the features already saved for VGG16…',
    );
  });
});
