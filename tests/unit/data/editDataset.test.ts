import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../../src/data/ingest';
import { addToDataset, removeFromDataset } from '../../../src/data/editDataset';
import { distinctPng, pngFiles } from '../../helpers/pngFiles';

describe('editing a loaded dataset', () => {
  it('adding images gives the same splits as importing them all at once, moving few old ones', async () => {
    const loaded = await ingestFiles([...pngFiles('cats', 0, 40), ...pngFiles('dogs', 100, 40)], {
      splitSeed: 0,
      canDownscaleJpeg: false,
    });
    const before = new Map(loaded.manifest.images.map((i) => [i.id, i.split]));
    const edited = await addToDataset(loaded, pngFiles('webcam', 200, 12), 'cats');
    expect(edited.added).toHaveLength(12);
    expect(edited.added.every((i) => i.path.startsWith('cats/'))).toBe(true);
    const cats = edited.manifest.classes.find((c) => c.name === 'cats')!.counts;
    expect(cats.train + cats.val + cats.test).toBe(52);
    // Exact proportions (data/split.ts) move an old image only where the new counts need it: here
    // 40 -> 52 cats takes validation and test from 4 to 5 each, so at most a few old cats move,
    // and no dog.
    const moved = edited.manifest.images.filter(
      (i) => before.has(i.id) && before.get(i.id) !== i.split,
    );
    expect(moved.length).toBeLessThanOrEqual(4);
    expect(moved.every((i) => i.path.startsWith('cats/'))).toBe(true);
    // The same as importing everything at once: an added image is an ordinary image.
    const all = await ingestFiles(
      [...pngFiles('cats', 0, 40), ...pngFiles('dogs', 100, 40), ...pngFiles('cats', 200, 12)],
      { splitSeed: 0, canDownscaleJpeg: false },
    );
    const splitOf = (m: typeof all.manifest) => m.images.map((i) => `${i.id}:${i.split}`).sort();
    expect(splitOf(edited.manifest)).toEqual(splitOf(all.manifest));
  });

  it('a new class sorts in by name, and removing its last image removes the class', async () => {
    const loaded = await ingestFiles([...pngFiles('b', 0, 5), ...pngFiles('d', 10, 5)], {
      splitSeed: 0,
      canDownscaleJpeg: false,
    });
    const edited = await addToDataset(loaded, pngFiles('x', 20, 2), 'a');
    expect(edited.manifest.classes.map((c) => c.name)).toEqual(['a', 'b', 'd']);
    const b = edited.manifest.images.filter((i) => i.path.startsWith('b/'));
    expect(b.every((i) => i.classIndex === 1)).toBe(true);
    const removed = removeFromDataset(
      edited,
      edited.added.map((i) => i.id),
    );
    expect(removed.manifest.classes.map((c) => c.name)).toEqual(['b', 'd']);
    expect(removed.manifest.images.filter((i) => i.classIndex === 0)).toHaveLength(5);
    expect(removed.blobs.size).toBe(10);
  });

  it('keeps two added files of the same name apart', async () => {
    const loaded = await ingestFiles(pngFiles('a', 0, 3), {
      splitSeed: 0,
      canDownscaleJpeg: false,
    });
    const edited = await addToDataset(
      loaded,
      [
        { path: 'x/0.png', file: distinctPng(50) },
        { path: 'y/0.png', file: distinctPng(51) },
      ],
      'a',
    );
    expect(edited.added.map((i) => i.path).sort()).toEqual(['a/2-0.png', 'a/3-0.png']);
  });
});
