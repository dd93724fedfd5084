// npm run bench's fine-tuning part: which cases it times (src/bench/fineTuneCost.ts runs them in the
// engine worker), and the page's raw timings turned into the report: ms per training image per
// epoch on each backend and their ratios, a table for people and a JSON object for machines. Pure
// functions apart from the case list, which looks for ../shared/assets (tested in tests/unit/scripts).

const round = (x, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

/** Backends compared, in the order they run: WebGL (a software GPU on a machine without one), WASM, CPU. */
export const FINE_TUNE_BACKENDS = ['webgl', 'wasm', 'cpu'];

/**
 * The cases: the real MobileNetV2 0.35 (a descriptor URL staged into the build; generated weights of
 * the built-in one when ../shared/assets is absent), and VGG16 with generated weights at 32 px, whose
 * block5 (7M weights) the CPU backend trains at seconds per image, so it gets fewer images.
 */
export function fineTuneCases(
  mobilenetUrl,
  { vectors = 16, vggVectors = 4, timedEpochs = 1 } = {},
) {
  const backends = FINE_TUNE_BACKENDS;
  return [
    mobilenetUrl
      ? {
          label: 'MobileNetV2 0.35 (Teachable Machine, real weights), 224 px',
          backbone: mobilenetUrl,
          backends,
          vectors,
          timedEpochs,
        }
      : {
          label: 'MobileNetV2 0.35 (generated weights: ../shared/assets absent), 224 px',
          backbone: { builtin: 'mobilenetv2', size: 224 },
          backends,
          vectors,
          timedEpochs,
        },
    {
      label: 'VGG16 (generated weights), 32 px',
      backbone: { builtin: 'vgg16', size: 32 },
      backends,
      vectors: vggVectors,
      timedEpochs,
    },
  ];
}

const ratio = (slow, fast) => (slow && fast ? round(slow / fast, 1) : null);

/** One case's figures: ms per image per backend, the ratios between them, what each backend was. */
export function fineTuneFigures(results) {
  return results.map((r) => {
    const ok = r.timings.filter((t) => !('error' in t));
    const ms = Object.fromEntries(ok.map((t) => [t.backend, round(t.msPerImage)]));
    return {
      case: r.label,
      backbone: r.backbone,
      input_size: r.inputSize,
      trained_from: r.from,
      tail_input: r.tailInput,
      trainable_params: r.trainableParams,
      images_per_epoch: r.vectors,
      batch: Math.min(r.batchSize, r.vectors),
      ms_per_image: ms,
      wasm_speedup_vs_cpu: ratio(ms.cpu, ms.wasm),
      wasm_speedup_vs_webgl: ratio(ms.webgl, ms.wasm),
      webgl_speedup_vs_cpu: ratio(ms.cpu, ms.webgl),
      samples_ms_per_image: Object.fromEntries(
        ok.map((t) => [t.backend, t.samples.map((x) => round(x))]),
      ),
      warm_up_epoch_ms_per_image: Object.fromEntries(
        ok.map((t) => [t.backend, round(t.firstEpochMsPerImage)]),
      ),
      backends: Object.fromEntries(ok.map((t) => [t.backend, t.detail])),
      tensor_leak: Object.fromEntries(ok.map((t) => [t.backend, t.tensorLeak])),
      errors: Object.fromEntries(
        r.timings.filter((t) => 'error' in t).map((t) => [t.backend, t.error]),
      ),
      seconds: round(r.seconds),
    };
  });
}

/** A software GPU (SwiftShader, llvmpipe) says so in its detail: the WebGL figure is then a CPU's. */
export const softwareWebgl = (figures) =>
  figures.some((f) => /software/i.test(f.backends.webgl ?? ''));

export function printFineTuneTable(figures) {
  console.log('');
  console.log(
    'Fine-tuning the last block: ms per training image per epoch (after a warm-up epoch)',
  );
  for (const f of figures) {
    const cells = FINE_TUNE_BACKENDS.map((b) =>
      f.ms_per_image[b] === undefined
        ? `${b} failed: ${f.errors[b] ?? 'not run'}`
        : `${b} ${f.ms_per_image[b]}`,
    );
    console.log(`  ${f.case}, from ${f.trained_from}, ${f.images_per_epoch} images per epoch:`);
    console.log(`    ${cells.join(' | ')}`);
    console.log(
      `    WASM ${f.wasm_speedup_vs_cpu ?? '-'}x faster than CPU, ${f.wasm_speedup_vs_webgl ?? '-'}x than WebGL; WebGL ${f.webgl_speedup_vs_cpu ?? '-'}x faster than CPU (${f.seconds} s)`,
    );
  }
  for (const [b, detail] of Object.entries(figures[0]?.backends ?? {}))
    console.log(`  ${b}: ${detail}`);
  if (softwareWebgl(figures))
    console.log(
      '  WebGL here runs on a software GPU (SwiftShader): a real GPU would be far faster.',
    );
}
