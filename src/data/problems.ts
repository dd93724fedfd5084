// What is wrong with a dataset, in terms the UI can warn about, and a one-line summary of what was
// skipped. Everything here is derived from the manifest alone, so a stored project can be
// re-checked later without the files.
import type { DatasetManifest, DatasetProblem, SkippedFile, SkipReason } from '../shared/dataset';
import { MIN_IMAGES_PER_CLASS_WARNING } from '../shared/dataset';
import { classFolderOf, compareCodePoints } from './paths';

/**
 * Class folders the manifest shows evidence of: classes with images, plus the folders of skipped
 * files and of label conflicts. A folder holding only skipped files (say only `.DS_Store`, or only
 * text) is therefore seen, and empty. A folder with nothing in it at all leaves no file behind, so
 * a file list cannot know it; callers that can list folders pass those to datasetProblems.
 */
export function classFoldersSeen(manifest: DatasetManifest): string[] {
  const seen = new Set(manifest.classes.map((c) => c.name));
  const paths = [
    ...manifest.skipped.map((s) => s.path),
    ...manifest.conflicts.flatMap((c) => c.paths),
  ];
  for (const path of paths) {
    const folder = classFolderOf(path);
    if (folder !== null) seen.add(folder);
  }
  return [...seen].sort(compareCodePoints);
}

/**
 * Problems in a fixed order: no images at all, a single class (training is refused: softmax over
 * one class learns nothing), class folders without usable images, classes with fewer than
 * MIN_IMAGES_PER_CLASS_WARNING images, and label conflicts.
 */
export function datasetProblems(
  manifest: DatasetManifest,
  extraClassFolders: Iterable<string> = [],
): DatasetProblem[] {
  const problems: DatasetProblem[] = [];
  const { classes } = manifest;
  const [onlyClass] = classes;
  if (manifest.images.length === 0) problems.push({ type: 'no-images' });
  else if (classes.length === 1 && onlyClass) {
    problems.push({ type: 'single-class', className: onlyClass.name });
  }

  const withImages = new Set(classes.map((c) => c.name));
  const folders = new Set([...classFoldersSeen(manifest), ...extraClassFolders]);
  for (const folder of [...folders].sort(compareCodePoints)) {
    if (!withImages.has(folder)) problems.push({ type: 'empty-class', className: folder });
  }

  for (const { name, counts } of classes) {
    const count = counts.train + counts.val + counts.test;
    if (count < MIN_IMAGES_PER_CLASS_WARNING) {
      problems.push({ type: 'few-images', className: name, count });
    }
  }

  if (manifest.conflicts.length > 0) {
    problems.push({ type: 'label-conflicts', count: manifest.conflicts.length });
  }
  return problems;
}

// Singular and plural, in the order the summary lists them.
const REASON_WORDS: Record<SkipReason, readonly [one: string, many: string]> = {
  'not-an-image': ['not an image', 'not images'],
  'empty-file': ['empty', 'empty'],
  hidden: ['hidden or system file', 'hidden or system files'],
  'outside-class-folder': ['outside a class folder', 'outside a class folder'],
  unreadable: ['unreadable', 'unreadable'],
  'too-large': ['too large', 'too large'],
};
const REASON_ORDER = Object.keys(REASON_WORDS) as SkipReason[];

/**
 * "12 files skipped: 9 not images, 3 unreadable". Empty string when nothing was skipped, so the
 * UI can render the line only when there is something to say.
 */
export function describeSkipped(skipped: readonly SkippedFile[]): string {
  if (skipped.length === 0) return '';
  const counts = new Map<SkipReason, number>();
  for (const { reason } of skipped) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const parts = REASON_ORDER.flatMap((reason) => {
    const n = counts.get(reason) ?? 0;
    const [one, many] = REASON_WORDS[reason];
    return n === 0 ? [] : [`${n} ${n === 1 ? one : many}`];
  });
  const files = skipped.length === 1 ? 'file' : 'files';
  return `${skipped.length} ${files} skipped: ${parts.join(', ')}`;
}
