// Scores of the hygiene benchmark: each check's findings against the injected truth, and the
// similarities that choose the near-duplicate threshold. Pure functions of paths and numbers.
import type { DataCheckReport } from '../shared/doctor';
import type { CopyKind, InjectedFaults } from './hygieneFaults';
import { COPY_KINDS } from './hygieneFaults';

export interface Detection {
  readonly flagged: number;
  readonly truth: number;
  readonly precision: number;
  readonly recall: number;
}

export interface HygieneScores {
  readonly mislabeled: Detection & { readonly recallAtTruth: number };
  /** One head trained on everything, every image its argmax disagrees with. */
  readonly baseline: Detection & { readonly recallAtTruth: number };
  readonly duplicates: Detection & { readonly recallByKind: Record<CopyKind, number> };
  readonly outliers: Detection;
  /** Similarity of each copy to its original (NaN where the original is not among its neighbours). */
  readonly copySimilarity: Record<CopyKind, number[]>;
  /** Per untouched photo, its highest similarity to another untouched photo of the same class. */
  readonly distinctSameClass: number[];
}

function detection(flagged: readonly string[], truth: ReadonlySet<string>): Detection {
  const hits = flagged.filter((p) => truth.has(p)).length;
  return {
    flagged: flagged.length,
    truth: truth.size,
    precision: flagged.length ? hits / flagged.length : Number.NaN,
    recall: truth.size ? hits / truth.size : Number.NaN,
  };
}

function ranked(ranking: readonly string[], truth: ReadonlySet<string>) {
  const top = ranking.slice(0, truth.size).filter((p) => truth.has(p)).length;
  return {
    ...detection(ranking, truth),
    recallAtTruth: truth.size ? top / truth.size : Number.NaN,
  };
}

const classOf = (path: string) => path.split('/')[0]!;

export function scoreHygiene(report: DataCheckReport, faults: InjectedFaults): HygieneScores {
  const flippedTruth = new Set(faults.flipped.keys());
  // The naive ranking lists every image; it flags those its head's argmax disagrees with.
  const selfConfidence = report.diagnostics?.selfConfidence ?? [];
  const baselineRanking = selfConfidence.map((f) => f.path);
  const baselineFlagged = selfConfidence.filter((f) => f.margin > 0).map((f) => f.path);

  // A copy is found when it shares a group with its original; a flagged image is right when it is
  // a copy or an original of one.
  const groupOf = new Map<string, number>();
  report.duplicates.forEach((g, n) => g.members.forEach((m) => groupOf.set(m.path, n)));
  const pairImages = new Set<string>();
  for (const [copy, { original }] of faults.copies) pairImages.add(copy).add(original);
  const flaggedImages = report.duplicates.flatMap((g) => g.members.map((m) => m.path));
  const foundCopy = (copy: string, original: string) =>
    groupOf.has(copy) && groupOf.get(copy) === groupOf.get(original);
  const recallByKind = Object.fromEntries(
    COPY_KINDS.map((kind) => {
      const ofKind = [...faults.copies].filter(([, c]) => c.kind === kind);
      const found = ofKind.filter(([copy, c]) => foundCopy(copy, c.original)).length;
      return [kind, ofKind.length ? found / ofKind.length : Number.NaN];
    }),
  ) as Record<CopyKind, number>;
  const recall = faults.copies.size
    ? [...faults.copies].filter(([copy, c]) => foundCopy(copy, c.original)).length /
      faults.copies.size
    : Number.NaN;

  const near = new Map((report.diagnostics?.neighbours ?? []).map((n) => [n.path, n.near]));
  const copySimilarity = Object.fromEntries(COPY_KINDS.map((k) => [k, [] as number[]])) as Record<
    CopyKind,
    number[]
  >;
  for (const [copy, { original, kind }] of faults.copies) {
    const hit = near.get(copy)?.find((n) => n.path === original);
    copySimilarity[kind].push(hit ? hit.similarity : Number.NaN);
  }
  const touched = new Set([...pairImages, ...faults.outliers, ...flippedTruth]);
  const distinctSameClass: number[] = [];
  for (const [path, list] of near) {
    if (touched.has(path)) continue;
    const best = list.find((n) => !touched.has(n.path) && classOf(n.path) === classOf(path));
    if (best) distinctSameClass.push(best.similarity);
  }

  return {
    mislabeled: ranked(
      report.mislabeled.map((f) => f.path),
      flippedTruth,
    ),
    baseline: {
      ...detection(baselineFlagged, flippedTruth),
      recallAtTruth: ranked(baselineRanking, flippedTruth).recallAtTruth,
    },
    duplicates: {
      ...detection(flaggedImages, pairImages),
      recall,
      recallByKind,
    },
    outliers: detection(
      report.outliers.map((o) => o.path),
      faults.outliers,
    ),
    copySimilarity,
    distinctSameClass,
  };
}
