// Version 1 -> 2 (remembered backend choices): a database written by the version-1 app, built here
// by hand exactly as that version's upgrade made it, keeps its features when the new code opens it.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openGraftDb, STORES } from '../../../src/storage/db';
import { createFeatureCache } from '../../../src/storage/featureCache';
import { createBackendChoiceStore } from '../../../src/storage/backendChoices';
import type { ContentHash, FeatureSettingsId } from '../../../src/shared/brand';

/** What version 1 created: one store, `features`, keyed by [settingsId, hash]. */
function openVersion1(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('features', { keyPath: ['settingsId', 'hash'] });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function put(db: IDBDatabase, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('features', 'readwrite');
    tx.objectStore('features').put(value);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

describe('database version 2', () => {
  it('keeps version-1 features and adds the backend choice store', async () => {
    const name = 'migration-v1-v2';
    const settingsId = 'v1|backbone=VGG16|size=224' as FeatureSettingsId;
    const hash = 'ab'.repeat(32) as ContentHash;
    const values = new Float32Array([0.5, -1.25, 3, 7.75]);
    const v1 = await openVersion1(name);
    await put(v1, {
      settingsId,
      hash,
      shape: [2, 2],
      dtype: 'float32',
      data: values.slice().buffer,
      createdAt: 1_700_000_000_000,
    });
    v1.close();

    const db = await openGraftDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).toEqual(
      expect.arrayContaining([STORES.backendChoices, STORES.features]),
    );

    const cache = createFeatureCache(db);
    expect(await cache.count(settingsId)).toBe(1);
    const feature = (await cache.getMany(settingsId, [hash])).get(hash);
    expect(feature?.shape).toEqual([2, 2]);
    expect([...feature!.values]).toEqual([...values]);
    expect(await cache.missing(settingsId, [hash])).toEqual([]);

    // The new store works on the upgraded database.
    const choices = createBackendChoiceStore(db);
    const key = { device: 'test device', backbone: 'builtin:vgg16', inputSize: 224 };
    expect(await choices.get(key)).toBeNull();
    await choices.put(key, {
      backend: 'wasm',
      msPerImage: 45,
      batch: 8,
      timings: [],
      measuredAt: 1,
      remembered: false,
    });
    expect((await choices.get(key))?.backend).toBe('wasm');
    db.close();
  });
});
