// Outliers: images unlike every class (a placeholder, a screenshot, a black frame). The score is
// 1 - the highest cosine similarity between the image's pooled unit feature and any class centroid
// (the centroid of its own class leaves the image out, so an odd image cannot pull its class's
// centroid towards itself). An image is an outlier when its score is far above the dataset's own
// scores: a robust z-score (median and MAD, Iglewicz and Hoaglin's 0.6745 (x - median) / MAD)
// above OUTLIER_Z. Plain JS: n x classes dot products.

export interface OutlierScore {
  readonly index: number;
  /** 1 - max cosine similarity to a class centroid, in [0, 2]. */
  readonly score: number;
  /** Robust z-score of `score` among all images. */
  readonly z: number;
  /** The class whose centroid is nearest. */
  readonly nearestClass: number;
}

/** Iglewicz and Hoaglin's cut-off for the modified z-score. */
export const OUTLIER_Z = 3.5;

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Every image's score, in input order. `unit` are L2-normalised pooled features. */
export function outlierScores(
  unit: readonly Float32Array[],
  labels: readonly number[],
  numClasses: number,
): OutlierScore[] {
  if (unit.length !== labels.length) {
    throw new RangeError(`${unit.length} vectors for ${labels.length} labels`);
  }
  if (unit.length === 0) return [];
  const dim = unit[0]!.length;
  const sums = Array.from({ length: numClasses }, () => new Float64Array(dim));
  unit.forEach((u, i) => {
    const sum = sums[labels[i]!];
    if (!sum) throw new RangeError(`Label ${labels[i]} is not in [0, ${numClasses})`);
    for (let c = 0; c < dim; c++) sum[c]! += u[c]!;
  });
  const sumNorms2 = sums.map((s) => dot(s, s));
  const raw = unit.map((u, index) => {
    const self = dot(u, u);
    let best = -Infinity;
    let nearestClass = -1;
    for (let j = 0; j < numClasses; j++) {
      const along = dot(u, sums[j]!);
      // Leave the image out of its own class's centroid: |S - u|^2 = |S|^2 - 2 S.u + |u|^2.
      const own = j === labels[index];
      const numerator = own ? along - self : along;
      const norm2 = own ? sumNorms2[j]! - 2 * along + self : sumNorms2[j]!;
      if (norm2 <= 1e-12) continue; // an empty class (or a class of this image alone)
      const similarity = numerator / Math.sqrt(norm2);
      if (similarity > best) {
        best = similarity;
        nearestClass = j;
      }
    }
    return { index, score: nearestClass < 0 ? 1 : 1 - best, nearestClass };
  });
  const scores = raw.map((r) => r.score);
  const mid = median(scores);
  const mad = median(scores.map((s) => Math.abs(s - mid)));
  return raw.map((r) => ({
    ...r,
    // A MAD of 0 (most scores equal) makes any larger score infinitely unusual.
    z: mad > 0 ? (0.6745 * (r.score - mid)) / mad : r.score > mid ? Infinity : 0,
  }));
}

/** The outliers, most unusual first. */
export function findOutliers(
  unit: readonly Float32Array[],
  labels: readonly number[],
  numClasses: number,
  zCutOff = OUTLIER_Z,
): OutlierScore[] {
  return outlierScores(unit, labels, numClasses)
    .filter((s) => s.z > zCutOff)
    .sort((a, b) => b.score - a.score || a.index - b.index);
}
