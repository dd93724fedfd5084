// The hygiene benchmark's summary (scripts/benchHygiene.mjs): per backbone, each check's precision
// and recall against the injected faults over seeds (mean and range), time per 1,000 images, and
// the similarities that choose the near-duplicate threshold. Pure, so it can be tested.

const finite = (xs) => xs.filter((x) => Number.isFinite(x));

export function range(xs) {
  const v = finite(xs);
  if (v.length === 0) return { mean: null, min: null, max: null };
  const round = (x) => Math.round(x * 1000) / 1000;
  return {
    mean: round(v.reduce((a, b) => a + b, 0) / v.length),
    min: round(Math.min(...v)),
    max: round(Math.max(...v)),
  };
}

function quantile(xs, q) {
  const v = finite(xs).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return Math.round(v[Math.min(v.length - 1, Math.floor(q * v.length))] * 10000) / 10000;
}

/** One backbone's page result -> its summary. */
export function summariseBackbone(result) {
  const seeds = result.seeds;
  const pr = (pick) => ({
    precision: range(seeds.map((s) => pick(s.scores).precision)),
    recall: range(seeds.map((s) => pick(s.scores).recall)),
    flagged: range(seeds.map((s) => pick(s.scores).flagged)),
    truth: range(seeds.map((s) => pick(s.scores).truth)),
  });
  const per1000 = (key) => range(seeds.map((s) => (s.seconds[key] * 1000) / s.images));
  const copies = {};
  for (const kind of ['resized', 'reencoded', 'cropped']) {
    const sims = seeds.flatMap((s) => s.scores.copySimilarity[kind]);
    copies[kind] = {
      count: sims.length,
      outside_top_k: sims.filter((x) => !Number.isFinite(x)).length,
      min: quantile(sims, 0),
      median: quantile(sims, 0.5),
      found: range(seeds.map((s) => s.scores.duplicates.recallByKind[kind])),
    };
  }
  const distinct = seeds.flatMap((s) => s.scores.distinctSameClass);
  // What each threshold would do: copies whose similarity to their original reaches it, and
  // untouched photos whose nearest other photo of the same class reaches it (false pairs).
  const allCopies = seeds.flatMap((s) => Object.values(s.scores.copySimilarity).flat());
  const share = (xs, t) =>
    xs.length ? Math.round((1000 * xs.filter((x) => x >= t).length) / xs.length) / 1000 : null;
  const sweep = [];
  for (let t = 0.85; t < 0.9901; t += 0.01) {
    const at = Math.round(t * 100) / 100;
    const byKind = {};
    for (const kind of ['resized', 'reencoded', 'cropped']) {
      byKind[kind] = share(
        seeds.flatMap((s) => s.scores.copySimilarity[kind]),
        at,
      );
    }
    sweep.push({
      threshold: at,
      copies: share(allCopies, at),
      ...byKind,
      distinct: share(distinct, at),
    });
  }
  return {
    backbone: result.backbone,
    backend: result.backend,
    threshold: result.threshold,
    seeds: seeds.map((s) => s.seed),
    images: range(seeds.map((s) => s.images)),
    mislabeled: {
      ...pr((s) => s.mislabeled),
      recall_at_truth: range(seeds.map((s) => s.scores.mislabeled.recallAtTruth)),
    },
    baseline: {
      ...pr((s) => s.baseline),
      recall_at_truth: range(seeds.map((s) => s.scores.baseline.recallAtTruth)),
    },
    duplicates: pr((s) => s.duplicates),
    outliers: pr((s) => s.outliers),
    seconds_per_1000: {
      labels: per1000('labels'),
      duplicates: per1000('duplicates'),
      outliers: per1000('outliers'),
    },
    extract_seconds: range(seeds.map((s) => s.extractSeconds)),
    copy_similarity: copies,
    threshold_sweep: sweep,
    distinct_same_class_nearest: {
      count: distinct.length,
      max: quantile(distinct, 1),
      p99: quantile(distinct, 0.99),
      p95: quantile(distinct, 0.95),
      median: quantile(distinct, 0.5),
    },
  };
}

const fmt = (r) =>
  r.mean === null ? 'n/a' : `${r.mean.toFixed(2)} [${r.min.toFixed(2)}-${r.max.toFixed(2)}]`;

export function printHygieneTable(summary) {
  for (const b of summary.backbones) {
    console.log(
      `\n${b.backbone} on ${b.backend}, threshold ${b.threshold}, seeds ${b.seeds.join(', ')}`,
    );
    console.log('check            precision           recall              flagged');
    for (const [name, d] of [
      ['mislabeled (CL)', b.mislabeled],
      ['naive baseline', b.baseline],
      ['near-duplicates', b.duplicates],
      ['outliers', b.outliers],
    ]) {
      console.log(
        `${name.padEnd(17)}${fmt(d.precision).padEnd(20)}${fmt(d.recall).padEnd(20)}${fmt(d.flagged)}`,
      );
    }
    console.log(
      `recall in the top N (N = flips): CL ${fmt(b.mislabeled.recall_at_truth)}, naive ${fmt(b.baseline.recall_at_truth)}`,
    );
    const t = b.seconds_per_1000;
    console.log(
      `seconds per 1,000 images: labels ${fmt(t.labels)}, duplicates ${fmt(t.duplicates)}, outliers ${fmt(t.outliers)}`,
    );
    for (const [kind, c] of Object.entries(b.copy_similarity)) {
      console.log(
        `  ${kind} copies: similarity to original min ${c.min} median ${c.median} (${c.outside_top_k}/${c.count} outside top k), found ${fmt(c.found)}`,
      );
    }
    console.log('  threshold  copies  resized  reencoded  cropped  distinct photos paired');
    for (const r of b.threshold_sweep) {
      console.log(
        `  ${r.threshold.toFixed(2).padEnd(11)}${String(r.copies).padEnd(8)}${String(r.resized).padEnd(9)}${String(r.reencoded).padEnd(11)}${String(r.cropped).padEnd(9)}${r.distinct}`,
      );
    }
    const d = b.distinct_same_class_nearest;
    console.log(
      `  distinct photos, same class, nearest: max ${d.max} p99 ${d.p99} p95 ${d.p95} median ${d.median}`,
    );
  }
}
