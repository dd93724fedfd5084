// The data doctor's fixes applied to a dataset: the edit log (Move to <class>, Remove, Keep) over
// the manifest as imported, giving the manifest the project uses. Deriving from the imported
// manifest each time makes undo exact (drop an entry, derive again) and makes the order of entries
// matter only where two touch the same image (the later wins). Splits come from the group-aware
// rule (groupSplit.ts), so near-duplicate groups stay on one side; the person's files never change.
import type { ContentHash } from '../shared/brand';
import type { DatasetImage, DatasetManifest } from '../shared/dataset';
import type { DataFix, FindingKind } from '../shared/doctor';
import { compareCodePoints } from '../shared/order';
import { assignGroupedSplits } from './groupSplit';
import { countSplits } from './split';

export interface FixedDataset {
  readonly manifest: DatasetManifest;
  /** Images whose split moved to keep near-duplicate groups together. */
  readonly movedForGroups: readonly ContentHash[];
}

/**
 * `base` with every fix of `log` applied and splits that keep each group of `groups` on one side.
 * Classes are rebuilt by name (sorted, as import sorts them); a class left empty disappears.
 */
export function applyFixes(
  base: DatasetManifest,
  log: readonly DataFix[],
  groups: readonly (readonly ContentHash[])[],
): FixedDataset {
  const last = new Map<ContentHash, DataFix>();
  for (const fix of log) if (fix.action.type !== 'keep') last.set(fix.id, fix);
  const kept: { image: DatasetImage; className: string }[] = [];
  for (const image of base.images) {
    const fix = last.get(image.id);
    if (fix?.action.type === 'remove') continue;
    const className =
      fix?.action.type === 'move' ? fix.action.to : base.classes[image.classIndex]!.name;
    kept.push({ image, className });
  }
  const names = [...new Set(kept.map((k) => k.className))].sort(compareCodePoints);
  const indexOf = new Map(names.map((name, i) => [name, i]));
  const { splits, moved } = assignGroupedSplits(
    kept.map((k) => ({ id: k.image.id, classIndex: indexOf.get(k.className)! })),
    groups,
    base.splitSeed,
  );
  const images: DatasetImage[] = kept
    .map(({ image, className }) => ({
      ...image,
      classIndex: indexOf.get(className)!,
      split: splits.get(image.id)!,
    }))
    .sort((a, b) => compareCodePoints(a.path, b.path));
  const counts = countSplits(images, names.length);
  return {
    manifest: {
      ...base,
      classes: names.map((name, i) => ({ name, counts: counts[i]! })),
      images,
    },
    movedForGroups: moved,
  };
}

/** Findings the person chose to keep: never flagged again for that reason. */
export function keptFindings(log: readonly DataFix[]): Set<string> {
  return new Set(log.filter((f) => f.action.type === 'keep').map((f) => keptKey(f.id, f.problem)));
}

export function keptKey(id: ContentHash, problem: FindingKind): string {
  return `${problem}:${id}`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The edit log as CSV (RFC 4180): path, problem, folder class, suggested class, action. */
export function fixesCsv(log: readonly DataFix[]): string {
  const rows = [['path', 'problem', 'folder class', 'suggested class', 'action']];
  for (const fix of log) {
    const action = fix.action.type === 'move' ? `move to ${fix.action.to}` : fix.action.type;
    rows.push([fix.path, fix.problem, fix.folderClass, fix.suggestedClass ?? '', action]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * The imported manifest brought up to date with edits made outside the doctor (webcam captures
 * added, captures removed): every image of `current` (as imported where the base knows it, so
 * that moves stay undoable) plus the images the log removed. Classes by name, sorted.
 */
export function rebase(
  base: DatasetManifest,
  log: readonly DataFix[],
  current: DatasetManifest,
): DatasetManifest {
  const removed = new Map<ContentHash, boolean>();
  for (const fix of log)
    if (fix.action.type !== 'keep') removed.set(fix.id, fix.action.type === 'remove');
  const inBase = new Map(base.images.map((i) => [i.id, i]));
  const named = (m: DatasetManifest, i: DatasetImage) => ({
    image: i,
    name: m.classes[i.classIndex]!.name,
  });
  const images = [
    ...current.images.map((i) =>
      inBase.has(i.id) ? named(base, inBase.get(i.id)!) : named(current, i),
    ),
    ...base.images.filter((i) => removed.get(i.id) === true).map((i) => named(base, i)),
  ];
  const names = [...new Set(images.map((i) => i.name))].sort(compareCodePoints);
  const indexOf = new Map(names.map((name, i) => [name, i]));
  const rebuilt = images
    .map(({ image, name }) => ({ ...image, classIndex: indexOf.get(name)! }))
    .sort((a, b) => compareCodePoints(a.path, b.path));
  const counts = countSplits(rebuilt, names.length);
  return {
    ...current,
    classes: names.map((name, i) => ({ name, counts: counts[i]! })),
    images: rebuilt,
  };
}
