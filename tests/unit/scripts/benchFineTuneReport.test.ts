// npm run bench's fine-tuning part: the page's timings per backend turned into ms per image and the
// ratios between backends; a backend that failed is named with its error, never given a figure.
import { describe, expect, it } from 'vitest';
import {
  fineTuneCases,
  fineTuneFigures,
  softwareWebgl,
} from '../../../scripts/benchFineTuneReport.mjs';

const timing = (backend: string, msPerImage: number, detail = backend) => ({
  backend,
  detail,
  msPerImage,
  samples: [msPerImage + 0.04, msPerImage],
  firstEpochMsPerImage: 2 * msPerImage,
  tensorLeak: 0,
});

const result = (timings: unknown[]) => ({
  label: 'MobileNetV2 0.35, 224 px',
  backbone: 'MobileNetV2 0.35',
  inputSize: 224,
  from: 'block_16_expand',
  tailInput: [7, 7, 56],
  trainableParams: 180_000,
  vectors: 16,
  batchSize: 16,
  seconds: 42.04,
  timings,
});

describe('fine-tuning cost report', () => {
  it('gives ms per image on each backend and the ratios between them', () => {
    const [f] = fineTuneFigures([
      result([
        timing('webgl', 600, 'WebGL (SwiftShader, software)'),
        timing('wasm', 120),
        timing('cpu', 3000),
      ]),
    ]);
    expect(f!.ms_per_image).toEqual({ webgl: 600, wasm: 120, cpu: 3000 });
    expect(f!.wasm_speedup_vs_cpu).toBe(25);
    expect(f!.wasm_speedup_vs_webgl).toBe(5);
    expect(f!.webgl_speedup_vs_cpu).toBe(5);
    expect(f!.warm_up_epoch_ms_per_image).toEqual({ webgl: 1200, wasm: 240, cpu: 6000 });
    expect(f!.samples_ms_per_image['wasm']).toEqual([120, 120]);
    expect(f!.errors).toEqual({});
    expect(softwareWebgl([f!])).toBe(true);
  });

  it('names a backend that failed and gives no ratio with it', () => {
    const [f] = fineTuneFigures([
      result([
        { backend: 'webgl', error: 'failed to initialise' },
        timing('wasm', 120),
        timing('cpu', 3000),
      ]),
    ]);
    expect(f!.ms_per_image).toEqual({ wasm: 120, cpu: 3000 });
    expect(f!.errors).toEqual({ webgl: 'failed to initialise' });
    expect(f!.wasm_speedup_vs_webgl).toBeNull();
    expect(f!.webgl_speedup_vs_cpu).toBeNull();
    expect(f!.wasm_speedup_vs_cpu).toBe(25);
    expect(softwareWebgl([f!])).toBe(false);
  });

  it('times the real MobileNetV2 when its descriptor is staged, the generated one otherwise', () => {
    const [real, vgg] = fineTuneCases('/bench-assets/m/descriptor.json');
    expect(real!.backbone).toBe('/bench-assets/m/descriptor.json');
    expect(real!.backends).toEqual(['webgl', 'wasm', 'cpu']);
    expect(vgg!.backbone).toEqual({ builtin: 'vgg16', size: 32 });
    const [generated] = fineTuneCases(null);
    expect(generated!.backbone).toEqual({ builtin: 'mobilenetv2', size: 224 });
    expect(generated!.label).toMatch(/generated weights/);
  });
});
