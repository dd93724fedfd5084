// The feature cache: one record per image and feature setting, written in batched transactions.
import type { ContentHash, FeatureSettingsId } from '../shared/brand';
import { STORES, type FeatureRecord, type GraftDb } from './db';

export interface StoredFeature {
  readonly hash: ContentHash;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Thrown when the browser refuses to store more: what was written before stays. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
}

export interface FeatureCache {
  /** The subset of `hashes` that has no feature under `settingsId`, in the order given. */
  missing(settingsId: FeatureSettingsId, hashes: readonly ContentHash[]): Promise<ContentHash[]>;
  /** Writes all in one transaction: either every record lands or none does. */
  putMany(settingsId: FeatureSettingsId, features: readonly StoredFeature[]): Promise<void>;
  /** Features found for `hashes`; records that fail validation are dropped and left out. */
  getMany(
    settingsId: FeatureSettingsId,
    hashes: readonly ContentHash[],
  ): Promise<Map<ContentHash, StoredFeature>>;
  count(settingsId: FeatureSettingsId): Promise<number>;
  /** Every feature setting with saved features: how many and about how many bytes. */
  summary(): Promise<CachedSettings[]>;
  /** Deletes every feature saved under `settingsId`. */
  deleteSettings(settingsId: FeatureSettingsId): Promise<void>;
  /** Deletes the features of these images under every setting (no project uses them any more). */
  deleteImages(hashes: readonly string[]): Promise<void>;
  /** About how many bytes of features each image has, over every setting. */
  bytesByImage(): Promise<Map<string, number>>;
}

export interface CachedSettings {
  readonly settingsId: FeatureSettingsId;
  readonly count: number;
  readonly bytes: number;
}

const rangeOf = (settingsId: FeatureSettingsId) =>
  IDBKeyRange.bound([settingsId, ''], [settingsId, '\uffff']);

/** Validates a record read back from disk; null for anything a newer or broken writer left. */
export function restoreFeature(record: unknown): StoredFeature | null {
  if (typeof record !== 'object' || record === null) return null;
  const r = record as Partial<FeatureRecord>;
  if (r.dtype !== 'float32' || typeof r.hash !== 'string' || !(r.data instanceof ArrayBuffer))
    return null;
  if (!Array.isArray(r.shape) || !r.shape.every((d) => Number.isInteger(d) && d > 0)) return null;
  const size = r.shape.reduce((a, b) => a * b, 1);
  if (r.data.byteLength !== size * 4) return null;
  return { hash: r.hash as ContentHash, shape: r.shape, values: new Float32Array(r.data) };
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}

export function createFeatureCache(db: GraftDb): FeatureCache {
  const cache: FeatureCache = {
    async missing(settingsId, hashes) {
      const keys = await db.getAllKeys(STORES.features, rangeOf(settingsId));
      const have = new Set(keys.map(([, hash]) => hash));
      return hashes.filter((h) => !have.has(h));
    },

    async putMany(settingsId, features) {
      if (features.length === 0) return;
      const createdAt = Date.now();
      try {
        const tx = db.transaction(STORES.features, 'readwrite');
        for (const f of features) {
          // Copy out exactly this feature's bytes: `values` may be a view into a larger batch buffer.
          const data = f.values.slice().buffer;
          void tx.store.put({
            settingsId,
            hash: f.hash,
            shape: [...f.shape],
            dtype: 'float32',
            data,
            createdAt,
          });
        }
        await tx.done;
      } catch (error) {
        if (isQuotaError(error)) {
          throw new StorageFullError('The browser has no more room for features.', {
            cause: error,
          });
        }
        throw error;
      }
    },

    async getMany(settingsId, hashes) {
      const tx = db.transaction(STORES.features, 'readonly');
      const records = await Promise.all(hashes.map((h) => tx.store.get([settingsId, h])));
      await tx.done;
      const found = new Map<ContentHash, StoredFeature>();
      for (const record of records) {
        const feature = restoreFeature(record);
        if (feature) found.set(feature.hash, feature);
      }
      return found;
    },

    count(settingsId) {
      return db.count(STORES.features, rangeOf(settingsId));
    },

    async summary() {
      // Keys only: reading every record's data just to size it would load the whole cache.
      const keys = await db.getAllKeys(STORES.features);
      const counts = new Map<string, number>();
      for (const [settingsId] of keys) counts.set(settingsId, (counts.get(settingsId) ?? 0) + 1);
      return Promise.all(
        [...counts].map(async ([settingsId, count]) => {
          const sample = await db.get(
            STORES.features,
            keys.find(([id]) => id === settingsId)!,
          );
          return {
            settingsId: settingsId as FeatureSettingsId,
            count,
            bytes: count * (sample?.data.byteLength ?? 0),
          };
        }),
      );
    },

    async deleteSettings(settingsId) {
      await db.delete(STORES.features, rangeOf(settingsId));
    },

    async deleteImages(hashes) {
      if (hashes.length === 0) return;
      const gone = new Set(hashes);
      const keys = await db.getAllKeys(STORES.features);
      const tx = db.transaction(STORES.features, 'readwrite');
      for (const key of keys) if (gone.has(key[1])) void tx.store.delete(key);
      await tx.done;
    },

    async bytesByImage() {
      const sizes = new Map((await cache.summary()).map((s) => [s.settingsId, s.bytes / s.count]));
      const bytes = new Map<string, number>();
      for (const [settingsId, hash] of await db.getAllKeys(STORES.features)) {
        const size = sizes.get(settingsId as FeatureSettingsId) ?? 0;
        bytes.set(hash, (bytes.get(hash) ?? 0) + size);
      }
      return bytes;
    },
  };
  return cache;
}
