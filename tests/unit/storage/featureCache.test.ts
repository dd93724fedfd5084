import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openGraftDb, STORES } from '../../../src/storage/db';
import { createFeatureCache, restoreFeature } from '../../../src/storage/featureCache';
import {
  describeSettingsId,
  featureSettingsId,
  type FeatureSettings,
} from '../../../src/shared/featureKey';
import type { ContentHash } from '../../../src/shared/brand';

const base: FeatureSettings = {
  backboneName: 'VGG16',
  weightsHash: 'aa'.repeat(32),
  inputSize: 224,
  preprocess: 'caffe',
  featureLayer: 'block5_pool',
  pooling: 'none',
  view: 'original',
};
const hash = (n: number) => n.toString(16).padStart(64, '0') as ContentHash;
let dbCount = 0;
const freshCache = async () => createFeatureCache(await openGraftDb(`test-${dbCount++}`));

describe('feature cache keys', () => {
  it('changes with every setting that changes a feature value', () => {
    const id = featureSettingsId(base);
    const variants: Partial<FeatureSettings>[] = [
      { backboneName: 'MobileNetV2' },
      { weightsHash: 'bb'.repeat(32) },
      { inputSize: 150 },
      { preprocess: 'tf' },
      { featureLayer: 'block4_pool' },
      { featureLayer: null },
    ];
    const ids = variants.map((v) => featureSettingsId({ ...base, ...v }));
    expect(new Set([id, ...ids]).size).toBe(variants.length + 1);
    expect(featureSettingsId({ ...base })).toBe(id);
  });
});

describe('feature cache', () => {
  it('stores, finds and reports missing features per setting', async () => {
    const cache = await freshCache();
    const a = featureSettingsId(base);
    const b = featureSettingsId({ ...base, inputSize: 150 });
    const values = new Float32Array([1, 2, 3, 4, 5, 6]);
    await cache.putMany(a, [
      { hash: hash(1), shape: [2, 3], values },
      { hash: hash(2), shape: [2, 3], values: values.map((v) => -v) },
    ]);
    expect(await cache.missing(a, [hash(1), hash(2), hash(3)])).toEqual([hash(3)]);
    expect(await cache.missing(b, [hash(1)])).toEqual([hash(1)]);
    expect(await cache.count(a)).toBe(2);
    const got = await cache.getMany(a, [hash(2), hash(3)]);
    expect([...got.keys()]).toEqual([hash(2)]);
    expect([...got.get(hash(2))!.values]).toEqual([-1, -2, -3, -4, -5, -6]);
    expect(got.get(hash(2))!.shape).toEqual([2, 3]);
  });

  it('reads many features or a few, and returns exactly those asked for', async () => {
    const cache = await freshCache();
    const id = featureSettingsId(base);
    const other = featureSettingsId({ ...base, inputSize: 150 });
    const feature = (n: number) => ({ hash: hash(n), shape: [1], values: new Float32Array([n]) });
    // 700 records, and another setting's records beside them.
    await cache.putMany(
      id,
      Array.from({ length: 700 }, (_, n) => feature(n)),
    );
    await cache.putMany(
      other,
      Array.from({ length: 50 }, (_, n) => feature(n)),
    );
    const valuesOf = (got: Map<ContentHash, { values: Float32Array }>) =>
      [...got.values()].map((f) => f.values[0]!).sort((x, y) => x - y);

    // Nearly all, as training asks: one unknown hash and 10 not asked for are left out.
    const most = Array.from({ length: 690 }, (_, n) => hash(n + 10)).concat(hash(9999));
    const bulk = await cache.getMany(id, most);
    expect(bulk.size).toBe(690);
    expect(valuesOf(bulk)).toEqual(Array.from({ length: 690 }, (_, n) => n + 10));

    // A few.
    const few = await cache.getMany(id, [hash(3), hash(650), hash(9999)]);
    expect(valuesOf(few)).toEqual([3, 650]);
    expect((await cache.getMany(other, [hash(49), hash(50)])).size).toBe(1);
  });

  it("stores only a view's own bytes, not the whole batch buffer behind it", async () => {
    const cache = await freshCache();
    const id = featureSettingsId(base);
    const batch = new Float32Array([1, 2, 3, 4]);
    await cache.putMany(id, [
      { hash: hash(1), shape: [2], values: batch.subarray(0, 2) },
      { hash: hash(2), shape: [2], values: batch.subarray(2, 4) },
    ]);
    const got = await cache.getMany(id, [hash(1), hash(2)]);
    expect([...got.get(hash(1))!.values]).toEqual([1, 2]);
    expect([...got.get(hash(2))!.values]).toEqual([3, 4]);
  });

  it('summarises saved features per setting and deletes one setting without touching others', async () => {
    const cache = await freshCache();
    const a = featureSettingsId(base);
    const b = featureSettingsId({ ...base, inputSize: 150 });
    const values = new Float32Array(10);
    await cache.putMany(
      a,
      [1, 2, 3].map((n) => ({ hash: hash(n), shape: [10], values })),
    );
    await cache.putMany(b, [{ hash: hash(1), shape: [10], values }]);
    const summary = await cache.summary();
    expect(summary.sort((x, y) => y.count - x.count)).toEqual([
      { settingsId: a, count: 3, bytes: 120 },
      { settingsId: b, count: 1, bytes: 40 },
    ]);
    await cache.deleteSettings(a);
    expect(await cache.count(a)).toBe(0);
    expect(await cache.count(b)).toBe(1);
    expect(describeSettingsId(b)).toBe(`VGG16 · 150 px · block5_pool · weights ${'aa'.repeat(4)}`);
  });

  it('drops records that fail validation instead of crashing', async () => {
    const db = await openGraftDb(`test-${dbCount++}`);
    const id = featureSettingsId(base);
    await db.put(STORES.features, {
      settingsId: id,
      hash: hash(9),
      shape: [4],
      dtype: 'float32',
      data: new ArrayBuffer(8), // 2 floats where 4 are promised
      createdAt: 0,
    });
    const cache = createFeatureCache(db);
    expect((await cache.getMany(id, [hash(9)])).size).toBe(0);
    expect(restoreFeature({ dtype: 'float16' })).toBeNull();
    expect(restoreFeature(null)).toBeNull();
  });
});
