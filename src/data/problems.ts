// What is wrong with a dataset, in terms the UI can warn about (the words for them live in ui/).
// Everything here is derived from the manifest alone, so a stored project can be
// re-checked later without the files.
import type { DatasetManifest, DatasetProblem } from '../shared/dataset';
import { MIN_IMAGES_PER_CLASS_WARNING } from '../shared/dataset';
import { classFolderOf } from './paths';
import { compareCodePoints } from '../shared/order';

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
