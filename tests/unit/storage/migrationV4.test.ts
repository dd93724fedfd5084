// Version 3 -> 4 (projects): a version-3 database built by hand, with a saved feature, weights and a
// backend choice, opens at version 4 with the projects and images stores added and nothing lost.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openGraftDb, STORES } from '../../../src/storage/db';
import { createFeatureCache } from '../../../src/storage/featureCache';
import { createProjectStore } from '../../../src/storage/projects';
import type { ContentHash, FeatureSettingsId } from '../../../src/shared/brand';
import type { ProjectRecord } from '../../../src/shared/project';
import { writeVersion3 } from '../../helpers/legacyDatabases';

function project(id: string, hashes: string[]): ProjectRecord {
  return {
    id,
    name: id,
    createdAt: 1,
    updatedAt: 1,
    openedAt: 1,
    keepImages: true,
    settings: null,
    model: null,
    runs: [],
    lastPrediction: null,
    dataset: {
      problems: [],
      manifest: {
        classes: [{ name: 'a', counts: { train: hashes.length, val: 0, test: 0 } }],
        images: hashes.map((h) => ({
          id: h as ContentHash,
          path: `a/${h}.png`,
          classIndex: 0,
          format: 'png',
          split: 'train',
          bytes: 3,
        })),
        skipped: [],
        conflicts: [],
        duplicatesMerged: 0,
        splitSeed: 0,
      },
    },
  };
}

describe('database version 4', () => {
  it('adds projects and images to a version-3 database and keeps its features and weights', async () => {
    const name = 'migration-v3-v4';
    await writeVersion3(name);
    const db = await openGraftDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).toEqual(
      expect.arrayContaining(['backendChoices', 'features', 'images', 'projects', 'weights']),
    );
    expect(await db.count(STORES.weights)).toBe(1);
    const cache = createFeatureCache(db);
    const old = await cache.getMany('v1|old' as FeatureSettingsId, ['aa' as ContentHash]);
    expect([...old.get('aa' as ContentHash)!.values]).toEqual([1, 2]);

    // The new stores work: two projects share an image; deleting one keeps it.
    const store = createProjectStore(async () => db);
    const blob = (s: string) => new Blob([s], { type: 'image/png' });
    await store.add(
      project('p1', ['aa', 'bb']),
      new Map([
        ['aa', blob('aaa')],
        ['bb', blob('bbb')],
      ]),
    );
    await store.add(project('p2', ['aa']), new Map([['aa', blob('aaa')]]));
    expect(await store.remove('p1')).toEqual(['bb']);
    expect([...(await store.imageSizes()).keys()]).toEqual(['aa']);
    expect(await (await store.images(['aa'])).get('aa')!.text()).toBe('aaa');
    // A record a newer or broken writer left is skipped, not a crash.
    await db.put(STORES.projects, { id: 'broken' } as unknown as ProjectRecord);
    expect((await store.list()).map((p) => p.id)).toEqual(['p2']);
    db.close();
  });
});
