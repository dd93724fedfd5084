// Turns the benchmark page's raw measurements into the report: the ratios the targets are stated in,
// a table for people and one JSON object for machines. Pure functions (tested in tests/unit/perf).

const MB = 2 ** 20;
const round = (x, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const mb = (bytes, digits = 1) =>
  bytes === null || bytes === undefined ? null : round(bytes / MB, digits);

/** Images per second of a run, whole pipeline: import (read, hash, sniff) + extract (decode, infer, write). */
export const pipelineRate = (run) => run.images / (run.importSeconds + run.extractSeconds);

/**
 * The backend choice at first use (src/bench/choice.ts): its length, where that went (probing and
 * starting the candidates, loading and warming the backbone, timed passes), what was timed and
 * ruled out, and the ETA it showed once the backbone was warm against the time that was really left.
 */
export function choiceFigures(choice) {
  const timing = choice.events.filter((e) => e.event.stage === 'timing');
  const loaded = timing.find((e) => e.event.step === 'timing');
  const last = timing.at(-1)?.event;
  return {
    seconds: round(choice.seconds, 2),
    probed_s: round(timing[0]?.at, 2),
    backbone_warm_s: round(loaded?.at, 2),
    timed_s: loaded ? round(choice.seconds - loaded.at, 2) : null,
    eta_when_warm_s: round(loaded?.event.etaSeconds ?? NaN, 2),
    timed: [...new Set(timing.map((e) => e.event.backend))],
    ruled_out: last?.ruledOut ?? [],
    chosen: choice.chosen.detail,
  };
}

export function derive({ result, naive, rss, machine, seconds }) {
  const chosen = result.chosen.name;
  const timings = result.backends?.timings ?? result.chosen.measured?.timings ?? [];
  const backends = Object.fromEntries(
    timings.map((t) => [
      t.name,
      {
        ms_per_image: round(t.msPerImage, 1),
        batch: t.batch,
        passes: t.passes,
        probe_ms: round(t.probeMs, 1),
        ...(t.note ? { note: t.note } : {}),
      },
    ]),
  );
  const measured = timings.filter((t) => t.msPerImage !== null);
  const fastest = measured.reduce((a, b) => (b.msPerImage < a.msPerImage ? b : a), measured[0]);

  const extract = pipelineRate(result.large);
  const rawMs = mean(result.raw.map((r) => r.msPerImage));
  const raw = 1000 / rawMs;
  const cache = result.cached.images / result.cached.seconds;
  const macs = result.multiplyAdds;
  const gflops = (2 * macs) / (rawMs / 1000) / 1e9;
  const matmul = Math.max(...result.matmul.map((m) => m.gflops));
  const head = (kind) => result.heads.find((h) => h.head === kind);
  const small = result.small;
  const large = result.large;
  const runs = [result.warm, small, large];
  const tensorLeak =
    runs.reduce((n, run) => n + run.tensorsAfter - run.tensorsBefore, 0) +
    result.training.tensorLeak;
  // Resident memory of the renderer process (the page, the engine worker and its WASM threads: JS
  // heaps, WASM heap, decoded images), after a garbage collection, when each run had finished.
  const heapGrowth = rss.small && rss.large ? (rss.large - rss.small) / MB : null;
  const naiveRate = naive.imagesPerSecond;
  const threads = chosen === 'wasm' ? result.wasmThreads : null;

  const report = {
    backend: chosen,
    backend_detail: result.chosen.detail,
    static_first_guess: result.staticBackend.name,
    backbone: result.backbone.name,
    weights: result.backbone.weights.kind,
    input_size: result.backbone.inputSize,
    images: large.images,
    feature_shape: result.backbone.featureShape,
    backends,
    auto_is_fastest: fastest ? fastest.name === chosen : null,
    choose_seconds: round(result.chooseSeconds, 1),
    backend_choice_s: round(result.chooseSeconds, 2),
    backend_choice: result.choice ? choiceFigures(result.choice) : null,
    extract_img_per_s: round(extract, 2),
    raw_img_per_s: round(raw, 2),
    raw_batch: result.raw[0].batch,
    pipeline_efficiency: round(extract / raw, 3),
    backend_busy_fraction: round(large.inferenceSeconds / large.extractSeconds, 3),
    rate_by_tenth: large.rateByTenth.map((r) => round(r, 2)),
    naive_img_per_s: round(naiveRate, 4),
    naive_backend: naive.backend,
    naive_images: naive.images,
    naive_longest_main_thread_task_ms: round(naive.mainThread.longestTaskMs, 0),
    speedup_vs_naive: round(extract / naiveRate, 1),
    cache_img_per_s: round(cache, 1),
    cache_speedup: round(cache / extract, 1),
    // The second run is import (hashing every file) + the cache check + the read; this is the read.
    cache_read_img_per_s: round(result.cached.images / result.cached.readSeconds, 1),
    // Where the second run's time goes: re-importing (reading and hashing every file), finding
    // nothing to compute, reading the features back.
    cache_import_s: round(result.cached.importSeconds ?? NaN, 2),
    cache_check_s: round(result.cached.checkSeconds ?? NaN, 2),
    cache_read_s: round(result.cached.readSeconds, 2),
    head_epoch_ms: round(head('pooled')?.epochMs, 1),
    head_epoch_ms_flatten: round(head('flatten')?.epochMs, 1),
    head_images: head('pooled')?.images ?? null,
    longest_main_thread_task_ms: round(result.mainThread.longestTaskMs, 0),
    main_thread_long_tasks: result.mainThread.longTasks,
    main_thread_max_timer_lag_ms: round(result.mainThread.maxTimerLagMs, 0),
    tensor_leak: tensorLeak,
    [`heap_growth_mb_${small.images}_vs_${large.images}`]: round(heapGrowth, 1),
    heap_measure: 'renderer process resident memory (page + workers: JS, WASM, images), after gc',
    renderer_rss_mb: { [small.images]: mb(rss.small, 0), [large.images]: mb(rss.large, 0) },
    wasm_heap_mb: {
      [small.images]: mb(small.wasmHeapBytes),
      [large.images]: mb(large.wasmHeapBytes),
    },
    tensor_mb: { [small.images]: mb(small.tensorBytes), [large.images]: mb(large.tensorBytes) },
    first_use_seconds: round(result.warm.importSeconds + result.warm.extractSeconds, 1),
    first_use_images: result.warm.images,
    ms_per_image_at_n: {
      [small.images]: round(1000 / pipelineRate(small), 1),
      [large.images]: round(1000 / pipelineRate(large), 1),
    },
    eta_error_percent: Object.fromEntries(
      large.etaErrors.map((e) => [e.atFraction, round(e.errorPercent, 1)]),
    ),
    gmacs_per_image: round(macs / 1e9, 3),
    gflops: round(gflops, 1),
    matmul_gflops: round(matmul, 1),
    gflops_vs_matmul: round(gflops / matmul, 2),
    threads,
    machine,
    seconds: round(seconds, 0),
  };
  report.targets = {
    auto_is_fastest: report.auto_is_fastest === true,
    pipeline_efficiency_0_9: report.pipeline_efficiency >= 0.9,
    speedup_vs_naive_10: report.speedup_vs_naive >= 10,
    cache_speedup_50: report.cache_speedup >= 50,
    main_thread_under_100ms: report.longest_main_thread_task_ms < 100,
    no_tensor_leak: tensorLeak === 0,
    gflops_0_6_of_matmul: report.gflops_vs_matmul >= 0.6,
    wasm_all_cores: chosen !== 'wasm' || threads === machine.cores,
    // "Well under a second" for one epoch of the default head on 3,000 cached vectors.
    head_epoch_under_500ms: report.head_epoch_ms < 500,
  };
  return report;
}

const pad = (s, n) => String(s).padEnd(n);

export function printTable(report, result, naive) {
  const rows = [
    ['backend (auto-selected)', `${report.backend_detail}`],
    [
      'backbone',
      `${report.backbone} at ${report.input_size}px, weights: ${report.weights}${report.weights === 'generated' ? ' (random, seeded: real VGG16 weights are not available here)' : ''}`,
    ],
    [
      'arithmetic',
      `${report.gmacs_per_image} G multiply-adds per image (${round(2 * report.gmacs_per_image, 2)} GFLOP)`,
    ],
    ...Object.entries(report.backends).map(([name, b]) => [
      `  ${name}`,
      b.ms_per_image === null
        ? `not timed: ${b.note}`
        : `${b.ms_per_image} ms/image (batch ${b.batch}, ${b.passes} passes, probe ${b.probe_ms} ms)`,
    ]),
    [
      'extraction (files -> IndexedDB)',
      `${report.extract_img_per_s} img/s over ${report.images} images`,
    ],
    ['raw forward pass', `${report.raw_img_per_s} img/s (batch ${report.raw_batch})`],
    [
      'pipeline efficiency',
      `${report.pipeline_efficiency} (backbone busy ${report.backend_busy_fraction} of the extraction time)`,
    ],
    ['img/s by tenth of the run', report.rate_by_tenth.join(' ')],
    [
      'naive (tutorial, main thread)',
      `${report.naive_img_per_s} img/s on ${naive.backend} (${naive.images} images)`,
    ],
    ['speed-up vs naive', `${report.speedup_vs_naive}x`],
    [
      'second run from the cache',
      `${report.cache_img_per_s} img/s (${report.cache_speedup}x); the read alone ${report.cache_read_img_per_s} img/s`,
    ],
    [
      'head epoch, 3000 cached',
      `pooled ${report.head_epoch_ms} ms, flatten ${report.head_epoch_ms_flatten} ms`,
    ],
    [
      'main thread',
      `longest task ${report.longest_main_thread_task_ms} ms, timer lag ${report.main_thread_max_timer_lag_ms} ms`,
    ],
    ['tensor leak', report.tensor_leak],
    ['ms/image at n', JSON.stringify(report.ms_per_image_at_n)],
    ['renderer RSS MB at n', JSON.stringify(report.renderer_rss_mb)],
    [
      'WASM heap / tensor MB at n',
      `${JSON.stringify(report.wasm_heap_mb)} / ${JSON.stringify(report.tensor_mb)}`,
    ],
    ['ETA error % at fraction', JSON.stringify(report.eta_error_percent)],
    [
      'achieved GFLOP/s',
      `${report.gflops} vs matmul ${report.matmul_gflops} (${report.gflops_vs_matmul})`,
    ],
    ['WASM threads', `${report.threads ?? '-'} of ${report.machine.cores} cores`],
    [
      'machine',
      `${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memoryGb} GB, Chromium ${report.machine.chromium}, load ${report.machine.loadAverage.map((l) => l.toFixed(1)).join(' -> ')}`,
    ],
    [
      'targets',
      Object.entries(report.targets)
        .map(([k, v]) => `${v ? 'PASS' : 'FAIL'} ${k}`)
        .join(', '),
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  console.log('');
  for (const [k, v] of rows) console.log(`${pad(k, width)}${v}`);
  console.log('GFLOP counts 2 per multiply-add for both the backbone and the matrix multiply.');
  console.log(
    `Backend chosen by on-device measurement in ${report.choose_seconds} s; ${result.chosen.measured?.remembered ? 'remembered' : 'measured in this run'}.`,
  );
}
