// The data doctor's report as one ranked list of findings, each with the fixes it offers: label
// suspects first (largest margin first), then near-duplicates and leaks (one finding per extra
// member of a group), then outliers (most unusual first). Findings already fixed are left out.
import type { ContentHash } from '../../shared/brand';
import type { DataCheckReport, DataFix, FindingKind } from '../../shared/doctor';

export interface Finding {
  readonly key: string;
  readonly kind: FindingKind;
  readonly id: ContentHash;
  readonly path: string;
  readonly folderClass: string;
  /** Mislabeled: the class the model believes; otherwise a class worth moving to, if any. */
  readonly suggestedClass: string | null;
  /** Why, in words. */
  readonly why: string;
}

const pct = (p: number) => `${Math.round(p * 100)}%`;

export function findingsOf(report: DataCheckReport, log: readonly DataFix[]): Finding[] {
  const done = new Set(log.map((f) => `${f.problem}:${f.id}`));
  const name = (i: number) => report.classes[i] ?? `class ${i}`;
  const out: Finding[] = [];
  for (const m of report.mislabeled) {
    out.push({
      key: `mislabeled:${m.id}`,
      kind: 'mislabeled',
      id: m.id,
      path: m.path,
      folderClass: name(m.classIndex),
      suggestedClass: name(m.suggestedClass),
      why: `The model gives ${name(m.suggestedClass)} ${pct(m.suggestedProbability)}, its folder class ${name(m.classIndex)} ${pct(m.givenProbability)}.`,
    });
  }
  for (const group of report.duplicates) {
    const [first, ...rest] = [...group.members].sort((a, b) => (a.path < b.path ? -1 : 1));
    for (const m of rest) {
      const kind = group.leak ? 'leak' : 'duplicate';
      const across = first!.classIndex !== m.classIndex;
      out.push({
        key: `${kind}:${m.id}`,
        kind,
        id: m.id,
        path: m.path,
        folderClass: name(m.classIndex),
        suggestedClass: across ? name(first!.classIndex) : null,
        why:
          `A near-copy of ${first!.path} (similarity ${group.similarity.toFixed(3)})` +
          (group.leak ? ', on the other side of the train/validation/test split.' : '.'),
      });
    }
  }
  for (const o of report.outliers) {
    out.push({
      key: `outlier:${o.id}`,
      kind: 'outlier',
      id: o.id,
      path: o.path,
      folderClass: name(o.classIndex),
      suggestedClass: o.nearestClass !== o.classIndex ? name(o.nearestClass) : null,
      why: `Unlike every class: ${o.z.toFixed(1)} robust deviations farther from the nearest class than is usual here.`,
    });
  }
  return out.filter((f) => !done.has(`${f.kind}:${f.id}`));
}

export function fixOf(finding: Finding, action: DataFix['action']): DataFix {
  return {
    id: finding.id,
    path: finding.path,
    problem: finding.kind,
    folderClass: finding.folderClass,
    suggestedClass: finding.suggestedClass,
    action,
  };
}
