// Version 3 -> 5 (imported backbones get their own store): a version-3 database built here by hand,
// with a feature and installed weights in it, upgrades without losing either, and the new store works.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openGraftDb, STORES } from '../../../src/storage/db';
import { createBackboneStore } from '../../../src/storage/backbones';
import { writeVersion3 } from '../../helpers/legacyDatabases';

describe('schema version 5', () => {
  it('adds the backbones store to a version-3 database and keeps what was there', async () => {
    await writeVersion3('graft-v3-to-v5');
    const db = await openGraftDb('graft-v3-to-v5');
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).toEqual(
      expect.arrayContaining(['backbones', 'backendChoices', 'features', 'weights']),
    );
    expect(await db.count(STORES.features)).toBe(1);
    expect((await db.get(STORES.weights, 'vgg16'))?.from).toBe('a.h5');
    db.close();

    const store = createBackboneStore(() => openGraftDb('graft-v3-to-v5'));
    expect(await store.list()).toEqual([]);
    const summary = {
      id: 'abc:gap:16:tf',
      name: 'Mine',
      featureLayer: 'gap',
      inputSize: 16,
      preprocess: 'tf' as const,
      from: 'mine folder',
      importedAt: '2026-01-01T00:00:00.000Z',
      weightsHash: 'abc',
      bytes: 4,
      featureShape: [5],
    };
    await store.save({
      summary,
      modelTopology: {},
      weightSpecs: [],
      weightData: new ArrayBuffer(4),
    });
    expect(await store.list()).toEqual([summary]);
  });

  it('reads a damaged record as absent instead of failing', async () => {
    const db = await openGraftDb('graft-v5-damaged');
    await db.put(STORES.backbones, {
      id: 'x',
      summary: { id: 'x' },
      modelTopology: {},
      weightSpecs: [],
      weightData: new ArrayBuffer(0),
    });
    db.close();
    const store = createBackboneStore(() => openGraftDb('graft-v5-damaged'));
    expect(await store.list()).toEqual([]);
    expect(await store.load('x')).toBeNull();
  });
});
