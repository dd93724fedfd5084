// Turns the accuracy benchmark's raw figures (src/bench/accuracy.ts) into its report: mean and
// sample standard deviation of test accuracy over split seeds per setting, the seconds each took, a
// table for people and one JSON object for machines. Pure functions (tests/unit/perf).

const round = (x, digits) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

/** Mean and sample standard deviation (n - 1); sd is 0 for one value. */
export function meanSd(xs) {
  const n = xs.length;
  if (n === 0) return { mean: NaN, sd: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  return { mean, sd };
}

export function deriveAccuracy({ result, context }) {
  const settings = Object.fromEntries(
    Object.entries(result.settings).map(([id, f]) => {
      const { mean, sd } = meanSd(f.accuracies);
      return [
        id,
        {
          mean: round(100 * mean, 2),
          sd: round(100 * sd, 2),
          seconds: round(f.extractSeconds + f.trainSeconds, 1),
          extract_seconds: round(f.extractSeconds, 1),
          train_seconds: round(f.trainSeconds, 1),
          seeds: f.accuracies.length,
          per_seed: f.accuracies.map((a) => round(100 * a, 1)),
          test_images: f.tested[0] ?? null,
          train_vectors: f.trainExamples[0] ?? null,
          backend: f.backend,
        },
      ];
    }),
  );
  const best = Object.entries(settings).reduce(
    (a, [id, s]) => (a === null || s.mean > settings[a].mean ? id : a),
    null,
  );
  return {
    ...settings,
    context: {
      backbone: result.backbone,
      weights: result.weights,
      dataset: context.dataset,
      images: result.images,
      seeds: context.seeds,
      backend: result.backend,
      base_extract_seconds: round(result.baseExtractSeconds, 1),
      best,
      ...context.machine,
    },
  };
}

export function printAccuracyTable(report) {
  const { context, ...settings } = report;
  const rows = Object.entries(settings).map(([id, s]) => [
    id === context.best ? `${id} *` : id,
    `${s.mean.toFixed(1)} ± ${s.sd.toFixed(1)}`,
    s.per_seed.map((a) => a.toFixed(1)).join(' '),
    String(s.train_vectors),
    s.extract_seconds.toFixed(1),
    s.train_seconds.toFixed(1),
    s.backend,
  ]);
  const head = [
    'setting',
    'test acc % (mean ± sd)',
    'per seed',
    'train vectors',
    'extract s',
    'train s',
    'on',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log('');
  console.log(
    `${context.backbone} (${context.weights}) on ${context.dataset}, ${context.images} images, seeds ${context.seeds.join(',')}, ${context.backend}`,
  );
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
  console.log(
    `originals' features: ${context.base_extract_seconds} s, shared by every setting; each setting's extract s is only what the cache lacked when it ran (settings run in the order listed). * best mean.`,
  );
}
