// Projects and their original images in IndexedDB. Images are keyed by content hash and shared:
// a project holds a list of hashes in its manifest, and an image is deleted with the last project
// that lists it (reference counting by membership, computed when a project is deleted).
import type { ProjectRecord, SavedModel } from '../shared/project';
import type { ProjectStore } from '../shared/stores';
import type { IDBPTransaction } from 'idb';
import { STORES, type GraftDb, type GraftSchema } from './db';
import { restorePool, restorePrediction, restoreRuns } from './projectParts';

/** Validates a project read back from disk; null for what a newer or broken writer left. */
export function restoreProject(record: unknown): ProjectRecord | null {
  if (typeof record !== 'object' || record === null) return null;
  const r = record as Partial<ProjectRecord>;
  if (typeof r.id !== 'string' || typeof r.name !== 'string') return null;
  if (typeof r.createdAt !== 'number' || typeof r.openedAt !== 'number') return null;
  const manifest = r.dataset?.manifest;
  if (!manifest || !Array.isArray(manifest.classes) || !Array.isArray(manifest.images)) return null;
  if (
    r.model !== null &&
    (typeof r.model !== 'object' || !(r.model.head?.weightData instanceof ArrayBuffer))
  )
    return null;
  const block = r.model?.tunedBlock;
  if (
    r.model &&
    block !== undefined &&
    !(
      block?.weightData instanceof ArrayBuffer &&
      Array.isArray(block.weights) &&
      Array.isArray(block.layers) &&
      typeof block.frozenLayer === 'string'
    )
  ) {
    // A broken tuned block costs the model its block, not the project: opening it then says the
    // fine-tuned model cannot predict, rather than feeding its head the stock features.
    const model: { -readonly [K in keyof SavedModel]?: SavedModel[K] } = { ...r.model };
    delete model.tunedBlock;
    return withLaterParts({ ...r, model });
  }
  return withLaterParts(r);
}

/** Parts added later: a record from before them has none; damaged ones are dropped, not shown. */
function withLaterParts(r: Record<string, unknown>): ProjectRecord {
  const unlabeled = restorePool(r.unlabeled);
  const record: ProjectRecord = {
    ...(r as unknown as ProjectRecord),
    runs: restoreRuns(r.runs),
    lastPrediction: restorePrediction(r.lastPrediction),
  };
  if (unlabeled) return { ...record, unlabeled };
  const rest: { -readonly [K in keyof ProjectRecord]?: ProjectRecord[K] } = { ...record };
  delete rest.unlabeled;
  return rest as ProjectRecord;
}

/** Hashes of a project's images. */
export function hashesOf(project: ProjectRecord): Set<string> {
  // Images the data doctor removed stay the project's: undoing the removal needs them.
  const removed = project.doctor?.base.images ?? [];
  // Photos waiting for a label (label assist) are the project's too.
  const pool = project.unlabeled?.photos ?? [];
  return new Set([...project.dataset.manifest.images, ...removed, ...pool].map((i) => i.id));
}

type ProjectsTx = IDBPTransaction<
  GraftSchema,
  [typeof STORES.projects, typeof STORES.images],
  'readwrite'
>;

/** Writes the images not stored yet (shared by hash: one already there is not written again). */
async function putNewImages(tx: ProjectsTx, images: ReadonlyMap<string, Blob>): Promise<void> {
  const store = tx.objectStore(STORES.images);
  const have = new Set(await store.getAllKeys());
  for (const [hash, blob] of images) if (!have.has(hash)) void store.put({ hash, blob });
}

export function createProjectStore(openDb: () => Promise<GraftDb>): ProjectStore {
  return {
    async list() {
      const db = await openDb();
      const all = await db.getAll(STORES.projects);
      return all.map(restoreProject).filter((p): p is ProjectRecord => p !== null);
    },

    async get(id) {
      const db = await openDb();
      return restoreProject(await db.get(STORES.projects, id));
    },

    async add(project, images = new Map()) {
      const db = await openDb();
      const tx = db.transaction([STORES.projects, STORES.images], 'readwrite');
      if (project.keepImages && images.size > 0) await putNewImages(tx, images);
      // `add`, not `put`: a record of this id already there is an error, never overwritten.
      await Promise.all([tx.objectStore(STORES.projects).add(project), tx.done]);
    },

    async update(id, change, images = new Map()) {
      const db = await openDb();
      const tx = db.transaction([STORES.projects, STORES.images], 'readwrite');
      const projects = tx.objectStore(STORES.projects);
      const record = restoreProject(await projects.get(id));
      // Between the read and the write nothing but requests of this transaction: an await of
      // anything else would let it commit, and another writer's change could land in between.
      let next: ProjectRecord | null = null;
      try {
        next = record && change(record);
        if (next && next.id !== id) throw new Error(`An update of ${id} cannot change its id.`);
      } catch (error) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw error;
      }
      if (next?.keepImages && images.size > 0) await putNewImages(tx, images);
      await Promise.all([next && projects.put(next), tx.done]);
      return next;
    },

    async images(hashes) {
      const db = await openDb();
      const tx = db.transaction(STORES.images, 'readonly');
      const records = await Promise.all(hashes.map((h) => tx.store.get(h)));
      await tx.done;
      const found = new Map<string, Blob>();
      for (const r of records) if (r?.blob instanceof Blob) found.set(r.hash, r.blob);
      return found;
    },

    async imageSizes() {
      const db = await openDb();
      const sizes = new Map<string, number>();
      let cursor = await db.transaction(STORES.images).store.openCursor();
      while (cursor) {
        sizes.set(cursor.value.hash, cursor.value.blob?.size ?? 0);
        cursor = await cursor.continue();
      }
      return sizes;
    },

    async remove(id) {
      const db = await openDb();
      const tx = db.transaction([STORES.projects, STORES.images], 'readwrite');
      const projects = tx.objectStore(STORES.projects);
      const all = (await projects.getAll())
        .map(restoreProject)
        .filter((p): p is ProjectRecord => p !== null);
      const target = all.find((p) => p.id === id);
      if (!target) {
        await tx.done;
        return [];
      }
      const stillUsed = new Set(all.filter((p) => p.id !== id).flatMap((p) => [...hashesOf(p)]));
      const orphans = [...hashesOf(target)].filter((h) => !stillUsed.has(h));
      void projects.delete(id);
      for (const hash of orphans) void tx.objectStore(STORES.images).delete(hash);
      await tx.done;
      return orphans;
    },
  };
}
