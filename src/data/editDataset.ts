// Changing a loaded dataset in place: images added to a class (webcam frames, files dropped onto a
// class) and images removed. Added images go through the same checks as imported ones (format from
// the bytes, header, SHA-256) and every split comes from assignSplits, so an added image is an
// ordinary image of the dataset: cached, split and trained on like a dropped file. Splits depend on
// each image's hash, so adding or removing never moves the images of a class that needed no fix-up.
import type { ContentHash } from '../shared/brand';
import type { DatasetImage, DatasetManifest, DroppedFile } from '../shared/dataset';
import { compareCodePoints } from '../shared/order';
import { canDownscaleJpeg } from './decodePlan';
import { DEFAULT_MAX_FILE_BYTES, type IngestResult } from './ingest';
import { examine } from './examine';
import { isHiddenName } from './paths';
import { assignSplits, countSplits } from './split';

/** A file that was not added, and why, in words for the person. */
export interface RefusedImage {
  readonly path: string;
  readonly detail: string;
}

export interface AddResult extends IngestResult {
  /** The images added, as they now sit in the manifest. */
  readonly added: readonly DatasetImage[];
  readonly refused: readonly RefusedImage[];
}

/** Why `name` cannot name a class, or null when it can. */
export function classNameProblem(name: string): string | null {
  if (name.trim().length === 0) return 'Type a class name first.';
  if (name.includes('/')) return 'A class name cannot contain "/".';
  if (isHiddenName(name)) return `"${name}" is a name the system uses for hidden files.`;
  return null;
}

export function emptyDataset(splitSeed: number): IngestResult {
  return {
    manifest: {
      classes: [],
      images: [],
      skipped: [],
      conflicts: [],
      duplicatesMerged: 0,
      splitSeed,
    },
    blobs: new Map(),
  };
}

/** Rebuilds classes, class indices, splits and counts from `images` (class names kept by name). */
function rebuild(
  manifest: DatasetManifest,
  images: readonly (Omit<DatasetImage, 'classIndex' | 'split'> & { className: string })[],
): DatasetManifest {
  const classNames = [...new Set(images.map((i) => i.className))].sort(compareCodePoints);
  const indexOf = new Map(classNames.map((name, i) => [name, i]));
  const splits = assignSplits(
    images.map((i) => ({ id: i.id, classIndex: indexOf.get(i.className)! })),
    manifest.splitSeed,
  );
  const rebuilt: DatasetImage[] = images.map(({ className, ...image }) => ({
    ...image,
    classIndex: indexOf.get(className)!,
    split: splits.get(image.id) ?? 'train',
  }));
  rebuilt.sort((a, b) => compareCodePoints(a.path, b.path));
  const counts = countSplits(rebuilt, classNames.length);
  return {
    ...manifest,
    classes: classNames.map((name, i) => ({
      name,
      counts: counts[i] ?? { train: 0, val: 0, test: 0 },
    })),
    images: rebuilt,
  };
}

function withClassNames(manifest: DatasetManifest) {
  return manifest.images.map((image) => ({
    ...image,
    className: manifest.classes[image.classIndex]!.name,
  }));
}

/**
 * Adds `files` to class `className` (new or existing). A file already in that class is counted as
 * a merged duplicate; one already under another class is refused (its label would be ambiguous);
 * one that is not a readable image is refused with the reason import would give.
 */
export async function addToDataset(
  dataset: IngestResult,
  files: readonly DroppedFile[],
  className: string,
): Promise<AddResult> {
  const problem = classNameProblem(className);
  if (problem) throw new Error(problem);
  const name = className.trim().normalize('NFC');
  const { manifest } = dataset;
  const classOf = new Map(withClassNames(manifest).map((i) => [i.id, i.className]));
  const usedPaths = new Set(manifest.images.map((i) => i.path));
  const blobs = new Map(dataset.blobs);
  const decodeHints = new Map(dataset.decodeHints);
  const additions: (Omit<DatasetImage, 'classIndex' | 'split'> & { className: string })[] = [];
  const refused: RefusedImage[] = [];
  let duplicates = 0;

  for (const dropped of files) {
    // Only the file's own name is kept: the class is the one asked for, not its folder.
    const base = dropped.path.slice(dropped.path.lastIndexOf('/') + 1) || 'image';
    let path = `${name}/${base}`;
    for (let n = 2; usedPaths.has(path); n++) path = `${name}/${n}-${base}`;
    const outcome = await examine(
      { path, file: dropped.file },
      DEFAULT_MAX_FILE_BYTES,
      canDownscaleJpeg(),
    );
    if ('reason' in outcome) {
      refused.push({ path: dropped.path, detail: outcome.detail ?? outcome.reason });
      continue;
    }
    const existing = classOf.get(outcome.id);
    if (existing === name) {
      duplicates++;
      continue;
    }
    if (existing !== undefined) {
      refused.push({ path: dropped.path, detail: `the same image is already in "${existing}"` });
      continue;
    }
    classOf.set(outcome.id, name);
    usedPaths.add(path);
    blobs.set(outcome.id, outcome.file);
    decodeHints.set(outcome.id, outcome.hint);
    additions.push({
      id: outcome.id,
      path,
      format: outcome.format,
      bytes: outcome.file.size,
      className: name,
    });
  }

  const next = rebuild(manifest, [...withClassNames(manifest), ...additions]);
  const addedIds = new Set(additions.map((a) => a.id));
  return {
    manifest: { ...next, duplicatesMerged: manifest.duplicatesMerged + duplicates },
    blobs,
    decodeHints,
    added: next.images.filter((i) => addedIds.has(i.id)),
    refused,
  };
}

/** An image already examined (pool photos of label assist): hash, format and size are known. */
export interface KnownImage {
  readonly id: ContentHash;
  /** Where it was dropped: only the file's own name is kept, under the class folder. */
  readonly path: string;
  readonly format: DatasetImage['format'];
  readonly bytes: number;
  /** Absent when the project did not keep its images (the features may still be cached). */
  readonly blob: Blob | undefined;
}

/**
 * Adds images that were examined before (no second read or hash) to class `className`, as ordinary
 * images: split by the same rule as every other (see assignSplits), so old images keep theirs but
 * for what the class's proportions require. An id already in the dataset is left as it is.
 */
export function addKnownImages(
  dataset: IngestResult,
  images: readonly KnownImage[],
  className: string,
): IngestResult & { readonly added: readonly DatasetImage[] } {
  const problem = classNameProblem(className);
  if (problem) throw new Error(problem);
  const name = className.trim().normalize('NFC');
  const { manifest } = dataset;
  const have = new Set(manifest.images.map((i) => i.id));
  const usedPaths = new Set(manifest.images.map((i) => i.path));
  const blobs = new Map(dataset.blobs);
  const additions = [];
  for (const image of images) {
    if (have.has(image.id)) continue;
    have.add(image.id);
    const base = image.path.slice(image.path.lastIndexOf('/') + 1) || 'image';
    let path = `${name}/${base}`;
    for (let n = 2; usedPaths.has(path); n++) path = `${name}/${n}-${base}`;
    usedPaths.add(path);
    if (image.blob) blobs.set(image.id, image.blob);
    additions.push({
      id: image.id,
      path,
      format: image.format,
      bytes: image.bytes,
      className: name,
    });
  }
  const next = rebuild(manifest, [...withClassNames(manifest), ...additions]);
  const addedIds = new Set(additions.map((a) => a.id));
  return {
    manifest: next,
    blobs,
    ...(dataset.decodeHints && { decodeHints: dataset.decodeHints }),
    added: next.images.filter((i) => addedIds.has(i.id)),
  };
}

/** Removes the images with `ids`; a class left without images disappears. */
export function removeFromDataset(
  dataset: IngestResult,
  ids: readonly ContentHash[],
): IngestResult {
  const gone = new Set(ids);
  const blobs = new Map(dataset.blobs);
  const decodeHints = new Map(dataset.decodeHints);
  for (const id of gone) {
    blobs.delete(id);
    decodeHints.delete(id);
  }
  const kept = withClassNames(dataset.manifest).filter((i) => !gone.has(i.id));
  return { manifest: rebuild(dataset.manifest, kept), blobs, decodeHints };
}
