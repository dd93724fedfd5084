// Confident Learning (Northcutt, Jiang and Chuang, JAIR 2021) on out-of-fold probabilities, as
// cleanlab's find_label_issues(filter_by='prune_by_noise_rate') does it: per-class thresholds, the
// confident joint, calibration to the label counts, pruning by noise rate, then ranking. Plain JS:
// the inputs are a few numbers per image, and the same numbers must give the same issues anywhere.

export interface LabelIssue {
  /** Index of the image in the inputs. */
  readonly index: number;
  readonly givenClass: number;
  /** The class the model believes most among the other classes. */
  readonly suggestedClass: number;
  readonly givenProbability: number;
  readonly suggestedProbability: number;
  /** suggestedProbability - givenProbability: how much more the model believes the other class. */
  readonly margin: number;
}

export interface ConfidentLearningResult {
  /** t_j: mean probability of class j over the images labelled j (NaN for an empty class). */
  readonly thresholds: readonly number[];
  /** C[i][j]: images labelled i whose confident class is j (uncalibrated counts). */
  readonly confidentJoint: readonly (readonly number[])[];
  /** The same joint calibrated so that row i sums to the count of label i (sum = n). */
  readonly calibratedJoint: readonly (readonly number[])[];
  /** Suspects, the largest margin first (ties: lower index first). */
  readonly issues: readonly LabelIssue[];
}

function checkInputs(probabilities: readonly ArrayLike<number>[], labels: readonly number[]) {
  if (probabilities.length !== labels.length) {
    throw new RangeError(`${probabilities.length} probability rows for ${labels.length} labels`);
  }
  const classes = probabilities[0]?.length ?? 0;
  probabilities.forEach((p, i) => {
    if (p.length !== classes)
      throw new RangeError(`Row ${i} has ${p.length} classes, not ${classes}`);
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`Label ${label} of image ${i} is not in [0, ${classes})`);
    }
  });
  return classes;
}

/**
 * Image `index` (probabilities `p`, labelled `given`) as an issue: the likeliest other class, and its
 * margin over the label (negative where the label is likelier). null with a single class.
 */
function issueOf(
  p: ArrayLike<number>,
  given: number,
  index: number,
  classes: number,
): LabelIssue | null {
  let suggested = -1;
  for (let k = 0; k < classes; k++) {
    if (k !== given && (suggested < 0 || p[k]! > p[suggested]!)) suggested = k;
  }
  if (suggested < 0) return null;
  return {
    index,
    givenClass: given,
    suggestedClass: suggested,
    givenProbability: p[given]!,
    suggestedProbability: p[suggested]!,
    margin: p[suggested]! - p[given]!,
  };
}

/** t_j = mean self-confidence p_j over the images whose given label is j. */
export function perClassThresholds(
  probabilities: readonly ArrayLike<number>[],
  labels: readonly number[],
  classes: number,
): number[] {
  const sum = new Array<number>(classes).fill(0);
  const count = new Array<number>(classes).fill(0);
  labels.forEach((label, i) => {
    sum[label]! += probabilities[i]![label]!;
    count[label]!++;
  });
  return sum.map((s, j) => (count[j]! > 0 ? s / count[j]! : Number.NaN));
}

/**
 * The class an image confidently belongs to: the argmax of p over the classes whose p_j >= t_j, or
 * -1 when no class reaches its threshold (then the image is not counted in the joint).
 */
export function confidentClass(p: ArrayLike<number>, thresholds: readonly number[]): number {
  let best = -1;
  for (let j = 0; j < thresholds.length; j++) {
    // NaN thresholds (classes with no images) never compare true: such a class is never confident.
    if (p[j]! >= thresholds[j]! && (best < 0 || p[j]! > p[best]!)) best = j;
  }
  return best;
}

/** Row i scaled to the count of label i, then the whole matrix to n (cleanlab's calibrate_confident_joint). */
export function calibrateJoint(
  joint: readonly (readonly number[])[],
  labelCounts: readonly number[],
): number[][] {
  const rows = joint.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (total > 0 ? (c / total) * labelCounts[i]! : 0));
  });
  const n = labelCounts.reduce((a, b) => a + b, 0);
  const sum = rows.flat().reduce((a, b) => a + b, 0);
  return rows.map((row) => row.map((c) => (sum > 0 ? (c / sum) * n : 0)));
}

/**
 * How many images labelled i to remove for each other class j: round(Q[i][j]), where Q is the
 * calibrated joint; capped so that every class keeps at least one image (cleanlab keeps at least
 * min_examples_per_class = 1).
 */
function pruneCounts(calibrated: readonly (readonly number[])[], labelCounts: readonly number[]) {
  return calibrated.map((row, i) => {
    const counts = row.map((q, j) => (j === i ? 0 : Math.round(q)));
    let excess = counts.reduce((a, b) => a + b, 0) - Math.max(0, labelCounts[i]! - 1);
    // Take the excess from the largest counts first, so the cap keeps the joint's proportions.
    while (excess > 0) {
      let largest = 0;
      counts.forEach((c, j) => {
        if (c > counts[largest]!) largest = j;
      });
      counts[largest]!--;
      excess--;
    }
    return counts;
  });
}

/**
 * Finds label issues by pruning by noise rate: for every off-diagonal cell (i, j) of the calibrated
 * joint, the round(Q[i][j]) images labelled i with the largest margin p_j - p_i are suspects. As in
 * cleanlab, an image whose given label is also the model's argmax is never an issue. Suspects are
 * ranked by their margin max_{k != given} p_k - p_given (largest first).
 */
export function findLabelIssues(
  probabilities: readonly ArrayLike<number>[],
  labels: readonly number[],
): ConfidentLearningResult {
  const classes = checkInputs(probabilities, labels);
  const thresholds = perClassThresholds(probabilities, labels, classes);
  const joint = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const labelCounts = new Array<number>(classes).fill(0);
  labels.forEach((label, i) => {
    labelCounts[label]!++;
    const j = confidentClass(probabilities[i]!, thresholds);
    if (j >= 0) joint[label]![j]!++;
  });
  const calibrated = calibrateJoint(joint, labelCounts);
  const prune = pruneCounts(calibrated, labelCounts);

  const byLabel = Array.from({ length: classes }, () => [] as number[]);
  labels.forEach((label, i) => byLabel[label]!.push(i));
  const flagged = new Set<number>();
  for (let i = 0; i < classes; i++) {
    for (let j = 0; j < classes; j++) {
      const count = prune[i]![j]!;
      if (j === i || count <= 0) continue;
      const ranked = [...byLabel[i]!].sort(
        (a, b) =>
          probabilities[b]![j]! -
            probabilities[b]![i]! -
            (probabilities[a]![j]! - probabilities[a]![i]!) || a - b,
      );
      for (const index of ranked.slice(0, count)) flagged.add(index);
    }
  }

  const issues: LabelIssue[] = [];
  for (const index of flagged) {
    const issue = issueOf(probabilities[index]!, labels[index]!, index, classes);
    // cleanlab's last step: the model's own prediction agrees with the label, so it is no issue.
    if (issue === null || issue.givenProbability >= issue.suggestedProbability) continue;
    issues.push(issue);
  }
  issues.sort((a, b) => b.margin - a.margin || a.index - b.index);
  return { thresholds, confidentJoint: joint, calibratedJoint: calibrated, issues };
}

/**
 * The naive baseline the benchmark compares with: every image whose given label is not the argmax,
 * ranked by the same margin. Fed with in-sample probabilities (one head trained on everything), it
 * is what "sort by self-confidence" finds.
 */
export function rankBySelfConfidence(
  probabilities: readonly ArrayLike<number>[],
  labels: readonly number[],
): LabelIssue[] {
  const classes = checkInputs(probabilities, labels);
  const issues: LabelIssue[] = [];
  labels.forEach((given, index) => {
    const issue = issueOf(probabilities[index]!, given, index, classes);
    if (issue !== null) issues.push(issue);
  });
  return issues.sort((a, b) => b.margin - a.margin || a.index - b.index);
}
