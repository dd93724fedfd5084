// Image files import has read before, by stamp (path, size, modification time), so dropping a folder
// again reads none of the files it already knows: on a cached second run, reading and hashing every
// file was three quarters of the time. Validated on read: a damaged record reads as unknown, and
// the file is simply read again.
import type { ContentHash } from '../shared/brand';
import { IMAGE_FORMATS, type ImageInfo } from '../shared/dataset';
import type { KnownFile, KnownFileStore } from '../shared/stores';
import { STORES, type GraftDb, type KnownFileRecord } from './db';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function restoreInfo(value: unknown): ImageInfo | null {
  const info = value as Partial<ImageInfo> | undefined;
  if (!info || !(IMAGE_FORMATS as readonly unknown[]).includes(info.format)) return null;
  if (!isCount(info.width) || !isCount(info.height)) return null;
  if (!isCount(info.orientation) || !isCount(info.frames)) return null;
  return info as ImageInfo;
}

/** The record as a KnownFile, or null when anything is off. */
export function restoreKnownFile(record: unknown): KnownFile | null {
  const r = record as Partial<KnownFileRecord> | undefined;
  if (!r || typeof r.id !== 'string' || !SHA256_HEX.test(r.id)) return null;
  const info = restoreInfo(r.info);
  return info ? { id: r.id as ContentHash, info } : null;
}

/** `openDb` is called for each use: the caller keeps (and reopens) the connection. */
export function createKnownFileStore(openDb: () => Promise<GraftDb>): KnownFileStore {
  return {
    async recall(stamps) {
      const tx = (await openDb()).transaction(STORES.knownFiles);
      const records = await Promise.all(stamps.map((stamp) => tx.store.get(stamp)));
      const known = new Map<string, KnownFile>();
      records.forEach((record, i) => {
        const file = restoreKnownFile(record);
        if (file) known.set(stamps[i]!, file);
      });
      return known;
    },
    async remember(files) {
      const tx = (await openDb()).transaction(STORES.knownFiles, 'readwrite');
      const seenAt = Date.now();
      for (const [stamp, { id, info }] of files) void tx.store.put({ stamp, id, info, seenAt });
      await tx.done;
    },
    async forget(ids) {
      if (ids.length === 0) return 0;
      const doomed = new Set<string>(ids);
      const tx = (await openDb()).transaction(STORES.knownFiles, 'readwrite');
      let forgotten = 0;
      // Keyed by stamp, not by content: one pass over the records (a few per image) finds them.
      let cursor = await tx.store.openCursor();
      while (cursor) {
        if (doomed.has(cursor.value.id)) {
          void cursor.delete();
          forgotten++;
        }
        cursor = await cursor.continue();
      }
      await tx.done;
      return forgotten;
    },
  };
}
