// What bench:label-assist prints, derived from the page's raw runs (src/bench/labelAssist.ts):
// accuracy against labels for random and uncertainty order (mean and range over seeds), the labels
// uncertainty needs to reach random's final accuracy, each retrain interval and measure, and the
// calibration of "right at P%". Apart from the script so that tests can check it without a run.

const round = (x, digits = 4) => (x === null ? null : Number(x.toFixed(digits)));

/** Mean, min and max of the non-null values; null when there are none. */
export function spread(values) {
  const v = values.filter((x) => x !== null && x !== undefined && !Number.isNaN(x));
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean: round(mean), min: round(Math.min(...v)), max: round(Math.max(...v)), n: v.length };
}

/** New labels after which `curve` first reaches `target` accuracy; null when it never does. */
export function labelsToReach(curve, target) {
  const hit = curve.find((p) => p.accuracy >= target - 1e-9);
  return hit ? hit.added : null;
}

/** The seeds' curves of one run, point by point: { added, mean, min, max }. */
function meanCurve(seeds, key) {
  const first = seeds[0].runs[key].curve;
  return first.map(({ added }, i) => ({
    added,
    ...spread(seeds.map((s) => s.runs[key].curve[i].accuracy)),
  }));
}

const accuracyAt = (run, added) => run.curve.find((p) => p.added === added)?.accuracy ?? null;

export function summariseLabelAssist(raw, options) {
  const { seeds } = raw;
  const measure = options.measures[0];
  const randomKey = `random/${options.every}`;
  const headKey = `${measure}/${options.every}`;
  const random = meanCurve(seeds, randomKey);
  const uncertain = meanCurve(seeds, headKey);
  const finalRandom = seeds.map((s) => accuracyAt(s.runs[randomKey], options.budget));
  const toMatch = (key) => seeds.map((s, i) => labelsToReach(s.runs[key].curve, finalRandom[i]));
  const meanTarget = random.at(-1).mean;
  const checkpointEvery = Math.max(...options.everyOptions);
  const checkpoints = [];
  for (let a = checkpointEvery; a <= options.budget; a += checkpointEvery) checkpoints.push(a);
  const meanOverCheckpoints = (key) =>
    spread(
      seeds.map(
        (s) => checkpoints.reduce((n, a) => n + accuracyAt(s.runs[key], a), 0) / checkpoints.length,
      ),
    );
  const intervals = options.everyOptions.map((every) => {
    const key = `${measure}/${every}`;
    const times = seeds.flatMap((s) => s.runs[key].trainSeconds);
    return {
      every,
      retrains: seeds[0].runs[key].trainSeconds.length,
      retrain_seconds: spread(times),
      accuracy_at: Object.fromEntries(
        checkpoints.map((a) => [a, spread(seeds.map((s) => accuracyAt(s.runs[key], a)))]),
      ),
      mean_over_checkpoints: meanOverCheckpoints(key),
    };
  });
  const measures = [...options.measures.map((m) => `${m}/${options.every}`), randomKey].map(
    (key) => ({
      run: key,
      mean_accuracy: spread(
        seeds.map((s) => {
          const c = s.runs[key].curve.filter((p) => p.added > 0);
          return c.reduce((n, p) => n + p.accuracy, 0) / c.length;
        }),
      ),
      final: spread(seeds.map((s) => accuracyAt(s.runs[key], options.budget))),
      labels_to_match_random: toMatch(key),
    }),
  );
  const calibration = [headKey, randomKey].flatMap((key) =>
    seeds[0].runs[key].calibration.map((point, i) => ({
      run: key,
      added: point.added,
      thresholds: point.thresholds.map((t, j) => {
        const checks = seeds.map((s) => s.runs[key].calibration[i].thresholds[j]);
        const inside = checks.filter(
          (c) =>
            c.actual !== null &&
            c.estimate.low !== null &&
            c.actual >= c.estimate.low - 1e-9 &&
            c.actual <= c.estimate.high + 1e-9,
        ).length;
        return {
          threshold: t.estimate.threshold,
          estimated: spread(checks.map((c) => c.estimate.precision)),
          held_out_support: spread(checks.map((c) => c.estimate.support)),
          actual: spread(checks.map((c) => c.actual)),
          suggestions: spread(checks.map((c) => c.suggestions)),
          actual_inside_interval: `${inside}/${checks.filter((c) => c.actual !== null && c.estimate.low !== null).length}`,
        };
      }),
    })),
  );
  const perSeed = toMatch(headKey);
  return {
    backbone: raw.backbone,
    extraction_backend: raw.backend,
    dataset: options.dataset,
    images: raw.images,
    classes: seeds[0].classes,
    seeds: seeds.map((s) => s.seed),
    split: {
      pool: spread(seeds.map((s) => s.pool)),
      val: spread(seeds.map((s) => s.val)),
      test: spread(seeds.map((s) => s.test)),
    },
    start_labels: options.startPerClass * seeds[0].classes,
    budget: options.budget,
    every: options.every,
    measure,
    all_labels_accuracy: spread(seeds.map((s) => s.allLabels)),
    curves: { random, uncertain },
    labels_to_match: {
      random_final: spread(finalRandom),
      per_seed: perSeed,
      on_mean_curves: labelsToReach(
        uncertain.map((p) => ({ added: p.added, accuracy: p.mean })),
        meanTarget,
      ),
    },
    intervals,
    measures,
    calibration,
    extract_seconds: round(raw.extractSeconds, 1),
    context: options.machine,
  };
}

const pct = (s) =>
  s === null
    ? '   -'
    : `${(100 * s.mean).toFixed(1)} [${(100 * s.min).toFixed(0)}-${(100 * s.max).toFixed(0)}]`;

export function printLabelAssist(r) {
  const out = (line = '') => console.log(line);
  out();
  out(`${r.backbone}; ${r.images} photos, ${r.classes} classes; seeds ${r.seeds.join(', ')}`);
  out(`features and heads on ${r.extraction_backend} (engine worker)`);
  out(
    `start: ${r.start_labels} labels (${r.start_labels / r.classes} per class); pool ${r.split.pool.mean}, validation ${r.split.val.mean}, test ${r.split.test.mean}; every label known: ${pct(r.all_labels_accuracy)}%`,
  );
  out();
  out(`Test accuracy % (mean [range] over seeds), retraining every ${r.every} labels`);
  out('new labels   random order        uncertainty order (' + r.measure + ')');
  const step = r.curves.random.length > 14 ? 2 : 1;
  r.curves.random.forEach((p, i) => {
    if (i % step !== 0 && i !== r.curves.random.length - 1) return;
    out(`${String(p.added).padStart(10)}   ${pct(p).padEnd(18)}  ${pct(r.curves.uncertain[i])}`);
  });
  const m = r.labels_to_match;
  const seeds = m.per_seed.map((n) => (n === null ? 'never' : String(n))).join(', ');
  out();
  out(
    `Random order's final accuracy after ${r.budget} new labels: ${pct(m.random_final)}%. ` +
      `Uncertainty order reaches it after ${seeds} new labels (per seed); on the mean curves ` +
      (m.on_mean_curves === null ? 'it does not.' : `after ${m.on_mean_curves}.`),
  );
  out();
  out(
    `Retrain interval (${r.measure}): test accuracy % at ${Object.keys(r.intervals[0].accuracy_at).join(', ')} new labels; seconds per retrain`,
  );
  for (const v of r.intervals) {
    const at = Object.values(v.accuracy_at).map(pct).join('  ');
    out(
      `  every ${String(v.every).padStart(3)}: ${at}   mean ${pct(v.mean_over_checkpoints)}   ${v.retrains} retrains x ${v.retrain_seconds.mean.toFixed(2)} s`,
    );
  }
  out();
  out('Order: mean test accuracy % over the curve, final, new labels to reach random final');
  for (const v of r.measures) {
    const to = v.labels_to_match_random.map((n) => (n === null ? 'never' : n)).join(', ');
    out(
      `  ${v.run.padEnd(20)} ${pct(v.mean_accuracy).padEnd(18)} ${pct(v.final).padEnd(18)} ${to}`,
    );
  }
  out();
  out('Right at P%: estimated on held-out (validation + test) vs actual on the unlabelled pool');
  for (const c of r.calibration) {
    out(`  ${c.run} after ${c.added} new labels`);
    for (const t of c.thresholds) {
      out(
        `    >= ${String(Math.round(100 * t.threshold)).padStart(2)}%: estimated ${pct(t.estimated).padEnd(17)} actual ${pct(t.actual).padEnd(17)} on ${t.suggestions ? t.suggestions.mean.toFixed(0) : 0} photos; actual inside the 95% interval ${t.actual_inside_interval}`,
      );
    }
  }
  out(`(${r.context.seconds} s in all)`);
}
