import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../../src/data/ingest';
import { addKnownImages, removeFromDataset } from '../../../src/data/editDataset';
import {
  addNewClass,
  addPhotos,
  decide,
  isUnlabeledPath,
  poolPath,
  statusOf,
  undo,
  unlabeledCount,
} from '../../../src/data/labelPool';
import type { ContentHash } from '../../../src/shared/brand';
import { EMPTY_POOL, type UnlabeledPhoto } from '../../../src/shared/labelAssist';
import { pngFiles } from '../../helpers/pngFiles';

const hash = (n: number) => n.toString(16).padStart(64, '0') as ContentHash;
const photo = (n: number): UnlabeledPhoto => ({
  id: hash(n),
  path: `unlabeled/${n}.jpg`,
  format: 'jpeg',
  bytes: 100,
});

describe('the unlabelled pool', () => {
  it('knows the unlabeled folder in any case, and keeps pool paths inside it', () => {
    expect(isUnlabeledPath('unlabeled/a.jpg')).toBe(true);
    expect(isUnlabeledPath('Unlabeled/x/a.jpg')).toBe(true);
    expect(isUnlabeledPath('daisy/unlabeled.jpg')).toBe(false);
    expect(poolPath('Unlabeled/a.jpg')).toBe('unlabeled/a.jpg');
    expect(poolPath('trip/a.jpg')).toBe('unlabeled/trip/a.jpg');
    expect(poolPath('a.jpg')).toBe('unlabeled/a.jpg');
  });

  it('merges photos it has, logs decisions, and undoes the last one or one photo', () => {
    const { pool, merged } = addPhotos(EMPTY_POOL, [photo(2), photo(1), photo(2)]);
    expect(merged).toBe(1);
    expect(pool.photos.map((p) => p.path)).toEqual(['unlabeled/1.jpg', 'unlabeled/2.jpg']);
    const label = (n: number, className: string) =>
      ({ kind: 'label', id: hash(n), className, source: 'picked', probability: null }) as const;
    let next = decide(pool, [label(1, 'a'), { kind: 'skip', id: hash(2) }, label(1, 'b')]);
    expect(statusOf(next, hash(1))).toEqual({ kind: 'labelled', className: 'b', source: 'picked' });
    expect(unlabeledCount(next)).toBe(1); // skipped is not labelled
    // Undo the last: photo 1 goes back to its earlier label.
    next = undo(next)!.pool;
    expect(statusOf(next, hash(1))).toMatchObject({ className: 'a' });
    // Undo photo 2's decision alone.
    const only = undo(next, hash(2))!;
    expect(only.undone).toEqual({ kind: 'skip', id: hash(2) });
    expect(statusOf(only.pool, hash(2))).toEqual({ kind: 'open' });
    expect(undo(EMPTY_POOL)).toBeNull();
    expect(() => decide(pool, [label(9, 'a')])).toThrow(/not in the unlabelled pool/);
    expect(addNewClass(addNewClass(pool, 'c'), 'c').newClasses).toEqual(['c']);
  });
});

describe('labelled photos join the dataset', () => {
  it('one at a time, with the splits of an import of them all, moving no other class', async () => {
    const loaded = await ingestFiles([...pngFiles('cats', 0, 30), ...pngFiles('dogs', 100, 30)], {
      splitSeed: 0,
      canDownscaleJpeg: false,
    });
    const extra = await ingestFiles(pngFiles('cats', 200, 15), {
      splitSeed: 0,
      canDownscaleJpeg: false,
    });
    const before = new Map(loaded.manifest.images.map((i) => [i.id, i.split]));
    let dataset = { manifest: loaded.manifest, blobs: loaded.blobs };
    for (const image of extra.manifest.images) {
      const next = addKnownImages(
        dataset,
        [{ ...image, path: `unlabeled/${image.path}`, blob: extra.blobs.get(image.id) }],
        'cats',
      );
      dataset = { manifest: next.manifest, blobs: next.blobs };
    }
    expect(dataset.manifest.images).toHaveLength(75);
    const moved = dataset.manifest.images.filter(
      (i) => before.has(i.id) && before.get(i.id) !== i.split,
    );
    expect(moved.every((i) => i.path.startsWith('cats/'))).toBe(true);
    // Only what 30 -> 45 cats needs (held-out 3 -> 5 each): far from a reshuffle.
    expect(moved.length).toBeLessThanOrEqual(8);
    const all = await ingestFiles(
      [...pngFiles('cats', 0, 30), ...pngFiles('dogs', 100, 30), ...pngFiles('cats', 200, 15)],
      { splitSeed: 0, canDownscaleJpeg: false },
    );
    const splitOf = (m: typeof all.manifest) => m.images.map((i) => `${i.id}:${i.split}`).sort();
    expect(splitOf(dataset.manifest)).toEqual(splitOf(all.manifest));
    // And undone: the dataset is the one imported.
    const back = removeFromDataset(
      { ...dataset, decodeHints: new Map() },
      extra.manifest.images.map((i) => i.id),
    );
    expect(splitOf(back.manifest)).toEqual(splitOf(loaded.manifest));
  });

  it('keeps the file name under the class, numbered when taken, and refuses a bad class name', async () => {
    const loaded = await ingestFiles(pngFiles('cats', 0, 3), {
      splitSeed: 0,
      canDownscaleJpeg: false,
    });
    const known = {
      id: hash(7),
      path: 'unlabeled/0.png',
      format: 'png',
      bytes: 9,
      blob: undefined,
    } as const;
    const next = addKnownImages(loaded, [known], 'cats');
    expect(next.added.map((i) => i.path)).toEqual(['cats/2-0.png']);
    expect(next.blobs.has(hash(7))).toBe(false); // not kept: the features may still be cached
    expect(() => addKnownImages(loaded, [known], 'a/b')).toThrow(/cannot contain/);
  });

  it('counts labels towards the retrain: skips do not count, an undone label counts no more', () => {
    const pool = addPhotos(EMPTY_POOL, [photo(1), photo(2), photo(3)]).pool;
    const label = (n: number) =>
      ({
        kind: 'label',
        id: hash(n),
        className: 'a',
        source: 'picked',
        probability: null,
      }) as const;
    let next = decide(pool, [label(1), { kind: 'skip', id: hash(2) }, label(3)]);
    expect(next.labelsSinceTrain).toBe(2);
    next = undo(next, hash(2))!.pool; // the skip
    expect(next.labelsSinceTrain).toBe(2);
    next = undo(next)!.pool; // the label of photo 3
    expect(next.labelsSinceTrain).toBe(1);
    // A label made before the model was trained (count 0 now) is undone: still 0, never below.
    expect(undo({ ...next, labelsSinceTrain: 0 })!.pool.labelsSinceTrain).toBe(0);
  });
});
