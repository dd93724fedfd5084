// The unlabelled pool's decision log (label assist, issue #29): pure functions over the record a
// project keeps. Each decision appends to the log; undo removes the last entry (or a photo's last
// one), so the photo's earlier decision, if any, applies again. Nothing here touches the dataset:
// the engine adds and removes the labelled photos' images to match (see labelPoolOps.ts).
import type { ContentHash } from '../shared/brand';
import type {
  LabelDecision,
  PhotoStatus,
  PoolPhotoView,
  UnlabeledPhoto,
  UnlabeledPool,
} from '../shared/labelAssist';
import { UNLABELED_FOLDER } from '../shared/labelAssist';
import { compareCodePoints } from '../shared/order';

const OPEN: PhotoStatus = { kind: 'open' };

/** True for a dropped path inside the dataset's `unlabeled` folder (any case). */
export function isUnlabeledPath(path: string): boolean {
  const first = path.split('/').find((s) => s.length > 0);
  return first !== undefined && first.toLowerCase() === UNLABELED_FOLDER;
}

/** The path a pool photo is examined and kept under: always inside `unlabeled/`. */
export function poolPath(path: string): string {
  const clean = path.split('/').filter((s) => s.length > 0);
  if (clean.length > 1 && isUnlabeledPath(path)) clean[0] = UNLABELED_FOLDER;
  else clean.unshift(UNLABELED_FOLDER);
  return clean.join('/');
}

/** Every photo's status: its last decision, or open. */
export function statusesOf(pool: UnlabeledPool): Map<ContentHash, PhotoStatus> {
  const status = new Map<ContentHash, PhotoStatus>();
  for (const d of pool.log) {
    status.set(
      d.id,
      d.kind === 'skip'
        ? { kind: 'skipped' }
        : { kind: 'labelled', className: d.className, source: d.source },
    );
  }
  return status;
}

export function statusOf(pool: UnlabeledPool, id: ContentHash): PhotoStatus {
  for (let i = pool.log.length - 1; i >= 0; i--) {
    const d = pool.log[i]!;
    if (d.id !== id) continue;
    return d.kind === 'skip'
      ? { kind: 'skipped' }
      : { kind: 'labelled', className: d.className, source: d.source };
  }
  return OPEN;
}

export function photoViews(pool: UnlabeledPool): PoolPhotoView[] {
  const status = statusesOf(pool);
  return pool.photos.map((p) => ({ ...p, status: status.get(p.id) ?? OPEN }));
}

/** Photos that still have no label (skipped ones included: skipping is not labelling). */
export function unlabeledCount(pool: UnlabeledPool): number {
  const status = statusesOf(pool);
  return pool.photos.filter((p) => status.get(p.id)?.kind !== 'labelled').length;
}

/** Adds photos not in the pool yet, in path order; returns how many were already there. */
export function addPhotos(
  pool: UnlabeledPool,
  photos: readonly UnlabeledPhoto[],
): { pool: UnlabeledPool; merged: number } {
  const have = new Set(pool.photos.map((p) => p.id));
  const fresh: UnlabeledPhoto[] = [];
  for (const photo of photos) {
    if (have.has(photo.id)) continue;
    have.add(photo.id);
    fresh.push(photo);
  }
  const all = [...pool.photos, ...fresh].sort((a, b) => compareCodePoints(a.path, b.path));
  return { pool: { ...pool, photos: all }, merged: photos.length - fresh.length };
}

/** Appends decisions about photos of the pool; one about a photo not in it is an error. */
export function decide(pool: UnlabeledPool, decisions: readonly LabelDecision[]): UnlabeledPool {
  const ids = new Set(pool.photos.map((p) => p.id));
  for (const d of decisions) {
    if (!ids.has(d.id)) throw new Error('That photo is not in the unlabelled pool.');
  }
  const labels = decisions.filter((d) => d.kind === 'label').length;
  return {
    ...pool,
    log: [...pool.log, ...decisions],
    labelsSinceTrain: (pool.labelsSinceTrain ?? 0) + labels,
  };
}

/**
 * Removes the last decision (about photo `id`, when given). Returns null when there is none to undo.
 */
export function undo(
  pool: UnlabeledPool,
  id?: ContentHash,
): { pool: UnlabeledPool; undone: LabelDecision } | null {
  for (let i = pool.log.length - 1; i >= 0; i--) {
    const d = pool.log[i]!;
    if (id !== undefined && d.id !== id) continue;
    const log = pool.log.filter((_, at) => at !== i);
    // An undone label no longer counts towards the retrain (not below 0: it may predate the model).
    const since = Math.max(0, (pool.labelsSinceTrain ?? 0) - (d.kind === 'label' ? 1 : 0));
    return { pool: { ...pool, log, labelsSinceTrain: since }, undone: d };
  }
  return null;
}

/** Adds a class name made from the grid (kept until a photo is labelled with it). */
export function addNewClass(pool: UnlabeledPool, name: string): UnlabeledPool {
  return pool.newClasses.includes(name)
    ? pool
    : { ...pool, newClasses: [...pool.newClasses, name] };
}

/**
 * Drops from the log what a pool without those photos cannot hold, and new classes that now exist
 * in the dataset (they have an image): what is left is what the page shows.
 */
export function tidyPool(pool: UnlabeledPool, datasetClasses: readonly string[]): UnlabeledPool {
  const known = new Set(datasetClasses);
  const newClasses = pool.newClasses.filter((c) => !known.has(c));
  return newClasses.length === pool.newClasses.length ? pool : { ...pool, newClasses };
}
