// The benchmark's report: ratios and targets derived from the page's raw measurements.
import { describe, expect, it } from 'vitest';
import { derive, pipelineRate } from '../../../scripts/benchReport.mjs';

const run = (images: number, extractSeconds: number, tensors = 60) => ({
  images,
  importSeconds: 0.1 * (images / 100),
  extractSeconds,
  computed: images,
  tensorsBefore: tensors,
  tensorsAfter: tensors,
  tensorBytes: 58 * 2 ** 20,
  wasmHeapBytes: 200 * 2 ** 20,
  inferenceSeconds: extractSeconds * 0.97,
  etaErrors: [{ atFraction: 0.25, errorPercent: 4.2 }],
  rateByTenth: [8.3, 8.4],
});

const timing = (name: string, msPerImage: number | null, note?: string) => ({
  name,
  detail: name,
  software: name.startsWith('web'),
  msPerImage,
  batch: msPerImage === null ? 0 : 8,
  passes: 3,
  probeMs: 5,
  ...(note ? { note } : {}),
});

function inputs() {
  return {
    result: {
      spec: { kind: 'builtin', id: 'vgg16', inputSize: 96 },
      backbone: {
        name: 'VGG16',
        inputSize: 96,
        featureShape: [3, 3, 512],
        weights: { kind: 'generated' },
      },
      staticBackend: { name: 'wasm', detail: 'WASM', software: false },
      chosen: { name: 'wasm', detail: 'WASM (SIMD, 2 threads), 112 ms/image', software: false },
      chooseSeconds: 8,
      warm: run(10, 1),
      small: run(100, 11.9),
      large: run(1000, 119),
      raw: [
        { backend: 'wasm', batch: 8, passes: 5, msPerImage: 110, samples: [] },
        { backend: 'wasm', batch: 8, passes: 5, msPerImage: 114, samples: [] },
      ],
      cached: {
        images: 1000,
        seconds: 1.2,
        importSeconds: 0.7,
        checkSeconds: 0.1,
        readSeconds: 0.4,
      },
      training: { seconds: 5, epochs: 3, tensorLeak: 0 },
      mainThread: { longestTaskMs: 0, longTasks: 0, maxTimerLagMs: 40 },
      heads: [
        {
          head: 'pooled',
          images: 3000,
          featureShape: [3, 3, 512],
          epochMs: 300,
          firstEpochMs: 1000,
        },
        {
          head: 'flatten',
          images: 3000,
          featureShape: [3, 3, 512],
          epochMs: 8000,
          firstEpochMs: 8000,
        },
      ],
      matmul: [
        { n: 1024, gflops: 55, backend: 'wasm' },
        { n: 2048, gflops: 48, backend: 'wasm' },
      ],
      multiplyAdds: 2.819e9,
      wasmThreads: 2,
      backends: {
        backend: 'wasm',
        msPerImage: 111,
        batch: 8,
        measuredAt: 0,
        remembered: false,
        timings: [timing('webgpu', 17000), timing('wasm', 111), timing('cpu', 4000)],
      },
    },
    naive: {
      backend: 'webgl',
      images: 4,
      seconds: 10.8,
      imagesPerSecond: 0.37,
      firstImageMs: 5000,
      mainThread: { longestTaskMs: 900 },
    },
    rss: { small: 600 * 2 ** 20, large: 605 * 2 ** 20 },
    machine: {
      cpu: 'test',
      cores: 2,
      memoryGb: 24,
      chromium: '1',
      crossOriginIsolated: true,
      loadAverage: [1, 1],
    },
    seconds: 300,
  };
}

describe('derive', () => {
  it('states every target the issue names, from this run only', () => {
    const r = derive(inputs());
    expect(pipelineRate({ images: 1000, importSeconds: 1, extractSeconds: 119 })).toBeCloseTo(
      8.333,
      3,
    );
    expect(r['extract_img_per_s']).toBe(8.33);
    expect(r['raw_img_per_s']).toBe(8.93); // mean of the raw passes before and after: 112 ms
    expect(r['pipeline_efficiency']).toBe(0.933);
    expect(r['speedup_vs_naive']).toBe(22.5);
    expect(r['cache_speedup']).toBe(100);
    expect([r['cache_import_s'], r['cache_check_s'], r['cache_read_s']]).toEqual([0.7, 0.1, 0.4]);
    expect(r['gflops']).toBe(50.3); // 2 * 2.819 GMAC / 0.112 s
    expect(r['matmul_gflops']).toBe(55);
    expect(r['heap_growth_mb_100_vs_1000']).toBe(5);
    expect(r['ms_per_image_at_n']).toEqual({ 100: 120, 1000: 120 });
    expect(r['backends']).toMatchObject({
      webgpu: { ms_per_image: 17000 },
      wasm: { ms_per_image: 111 },
    });
    expect(r['threads']).toBe(2);
    expect(Object.values(r.targets).every(Boolean)).toBe(true);
  });

  it('fails the targets a slow or leaky run misses', () => {
    const i = inputs();
    i.result.large.tensorsAfter += 3;
    i.result.chosen = { name: 'webgpu', detail: 'WebGPU', software: true };
    i.result.mainThread.longestTaskMs = 180;
    i.result.wasmThreads = 1;
    i.result.heads[0] = { ...i.result.heads[0]!, epochMs: 1170 };
    const r = derive(i);
    expect(r['tensor_leak']).toBe(3);
    expect(r.targets['no_tensor_leak']).toBe(false);
    expect(r.targets['auto_is_fastest']).toBe(false); // wasm measured fastest
    expect(r.targets['main_thread_under_100ms']).toBe(false);
    expect(r.targets['head_epoch_under_500ms']).toBe(false);
    expect(r.targets['wasm_all_cores']).toBe(true); // not on WASM: nothing to say
  });
});
