// Label assist's pool is a plain field of the project record: validated on read, damaged parts
// dropped one by one, and a record written before it reads back without one.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { restorePool } from '../../../src/storage/projectParts';
import { hashesOf, restoreProject } from '../../../src/storage/projects';

const id = (c: string) => c.repeat(64);
const photo = (c: string) => ({ id: id(c), path: `unlabeled/${c}.jpg`, format: 'jpeg', bytes: 5 });

describe('restorePool', () => {
  it('keeps what reads well and drops the rest, with the decisions about dropped photos', () => {
    const pool = restorePool({
      photos: [photo('a'), photo('b'), { id: 'nope', path: 'x', format: 'jpeg', bytes: 1 }],
      log: [
        { kind: 'label', id: id('a'), className: 'cat', source: 'threshold', probability: 0.9 },
        { kind: 'skip', id: id('b') },
        { kind: 'label', id: id('c'), className: 'cat', source: 'picked', probability: null },
        { kind: 'label', id: id('b'), className: 'cat', source: 'guessed', probability: null },
      ],
      newClasses: ['dog', 3, ''],
    });
    expect(pool!.photos.map((p) => p.id)).toEqual([id('a'), id('b')]);
    expect(pool!.log).toHaveLength(2);
    expect(pool!.newClasses).toEqual(['dog']);
    expect(restorePool(undefined)).toBeNull();
    expect(restorePool({ photos: 'x', log: [] })).toBeNull();
  });

  it('comes back with its project, and its photos count as the project images', () => {
    const base = {
      id: 'p',
      name: 'P',
      createdAt: 1,
      updatedAt: 1,
      openedAt: 1,
      keepImages: true,
      dataset: { manifest: { classes: [], images: [] }, problems: [] },
      settings: null,
      model: null,
    };
    const withPool = restoreProject({ ...base, unlabeled: { photos: [photo('a')], log: [] } })!;
    expect(withPool.unlabeled!.photos).toHaveLength(1);
    expect([...hashesOf(withPool)]).toEqual([id('a')]);
    expect(restoreProject(base)!.unlabeled).toBeUndefined();
    expect('unlabeled' in restoreProject({ ...base, unlabeled: 'broken' })!).toBe(false);
  });
});
