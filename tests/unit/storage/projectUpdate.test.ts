// The project store's writes (fake-indexeddb): `add` stores a new project and never overwrites one;
// `update` reads, changes and writes in one transaction, so concurrent writers of different fields
// all land; a change that throws writes nothing; a project deleted first stays deleted.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openGraftDb } from '../../../src/storage/db';
import { createProjectStore } from '../../../src/storage/projects';
import type { ProjectRecord } from '../../../src/shared/project';

let counter = 0;
function freshStore() {
  const name = `project-update-${counter++}`;
  return createProjectStore(() => openGraftDb(name));
}

function project(id: string, keepImages = true): ProjectRecord {
  return {
    id,
    name: id,
    createdAt: 1,
    updatedAt: 1,
    openedAt: 1,
    keepImages,
    settings: null,
    model: null,
    runs: [],
    lastPrediction: null,
    dataset: {
      problems: [],
      manifest: {
        classes: [],
        images: [],
        skipped: [],
        conflicts: [],
        duplicatesMerged: 0,
        splitSeed: 0,
      },
    },
  };
}

const blob = (text: string) => new Blob([text], { type: 'image/png' });

describe('project store writes', () => {
  it('update: writers of different fields started together all land', async () => {
    const store = freshStore();
    await store.add(project('p'));
    await Promise.all([
      store.update('p', (r) => ({ ...r, name: 'renamed' })),
      store.update('p', (r) => ({ ...r, openedAt: 5 })),
      store.update('p', (r) => ({ ...r, settings: null, updatedAt: 7 })),
    ]);
    expect(await store.get('p')).toMatchObject({ name: 'renamed', openedAt: 5, updatedAt: 7 });
  });

  it('update: a missing project stays missing; a change that throws or changes the id writes nothing', async () => {
    const store = freshStore();
    expect(await store.update('gone', (r) => ({ ...r, name: 'x' }))).toBeNull();
    expect(await store.list()).toEqual([]);

    await store.add(project('p'));
    const failing = store.update(
      'p',
      () => {
        throw new Error('bad change');
      },
      new Map([['h1', blob('one')]]),
    );
    await expect(failing).rejects.toThrow('bad change');
    await expect(store.update('p', (r) => ({ ...r, id: 'q' }))).rejects.toThrow(/cannot change/);
    expect((await store.get('p'))?.name).toBe('p');
    expect((await store.list()).map((r) => r.id)).toEqual(['p']);
    expect((await store.imageSizes()).size).toBe(0);
    // null from the change: nothing written, nothing said.
    expect(await store.update('p', () => null)).toBeNull();
  });

  it('images go with the write when the project keeps them, and only once per hash', async () => {
    const store = freshStore();
    await store.add(project('keeps'), new Map([['h1', blob('one')]]));
    await store.add(project('drops', false));
    await store.update('drops', (r) => r, new Map([['h2', blob('two')]]));
    expect([...(await store.imageSizes()).keys()]).toEqual(['h1']);
    await store.update(
      'keeps',
      (r) => r,
      new Map([
        ['h1', blob('other')],
        ['h3', blob('three')],
      ]),
    );
    const kept = await store.images(['h1', 'h3']);
    expect(await kept.get('h1')!.text()).toBe('one');
    expect(await kept.get('h3')!.text()).toBe('three');
  });

  it('add refuses an id already stored instead of overwriting it', async () => {
    const store = freshStore();
    await store.add(project('p'));
    await expect(store.add({ ...project('p'), name: 'other' })).rejects.toThrow();
    expect((await store.get('p'))?.name).toBe('p');
  });
});
