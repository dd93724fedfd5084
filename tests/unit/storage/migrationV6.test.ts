// Version 5 -> 6 (files import has read are remembered by stamp): a version-3 database built by hand
// upgrades through 4 and 5 without losing what was there, and the new store remembers and recalls.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openGraftDb, STORES } from '../../../src/storage/db';
import { createKnownFileStore } from '../../../src/storage/knownFiles';
import type { KnownFile } from '../../../src/shared/stores';
import type { ContentHash } from '../../../src/shared/brand';
import { writeVersion3 } from '../../helpers/legacyDatabases';

const photo: KnownFile = {
  id: 'ab'.repeat(32) as ContentHash,
  info: { format: 'jpeg', width: 640, height: 480, orientation: 6, frames: 1 },
};

describe('schema version 6', () => {
  it('adds the knownFiles store to an older database and keeps what was there', async () => {
    await writeVersion3('graft-v3-to-v6');
    const db = await openGraftDb('graft-v3-to-v6');
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).toEqual(
      expect.arrayContaining(['features', 'weights', 'projects', 'backbones', 'knownFiles']),
    );
    expect(await db.count(STORES.features)).toBe(1);
    expect((await db.get(STORES.weights, 'vgg16'))?.from).toBe('a.h5');
    db.close();

    const store = createKnownFileStore(() => openGraftDb('graft-v3-to-v6'));
    expect(await store.recall(['daisy/a.jpg\u00001234\u00001000'])).toEqual(new Map());
    await store.remember(new Map([['daisy/a.jpg\u00001234\u00001000', photo]]));
    const recalled = await store.recall(['daisy/a.jpg\u00001234\u00001000', 'other']);
    expect(recalled).toEqual(new Map([['daisy/a.jpg\u00001234\u00001000', photo]]));
  });

  it('reads a damaged record as unknown, so the file is read again', async () => {
    const db = await openGraftDb('graft-v6-damaged');
    await db.put(STORES.knownFiles, { stamp: 'bad-id', id: 'nope', info: photo.info, seenAt: 0 });
    await db.put(STORES.knownFiles, {
      stamp: 'bad-info',
      id: photo.id,
      info: { format: 'tiff', width: 1, height: 1, orientation: 1, frames: 1 },
      seenAt: 0,
    });
    db.close();
    const store = createKnownFileStore(() => openGraftDb('graft-v6-damaged'));
    expect(await store.recall(['bad-id', 'bad-info'])).toEqual(new Map());
  });
});
