import { describe, expect, it } from 'vitest';
import type { ContentHash } from '../../../src/shared/brand';
import type { DatasetManifest } from '../../../src/shared/dataset';
import { datasetProblems, ingestFiles } from '../../../src/data/ingest';
import { tinyImageBlob } from '../../helpers/imageFixtures';

const jpeg = (tag: string): Blob => tinyImageBlob('jpeg', tag);

function manifest(parts: Partial<DatasetManifest>): DatasetManifest {
  return {
    classes: [],
    images: [],
    skipped: [],
    conflicts: [],
    duplicatesMerged: 0,
    splitSeed: 0,
    ...parts,
  };
}

describe('datasetProblems', () => {
  it('flags a drop with no usable images', () => {
    expect(datasetProblems(manifest({}))).toEqual([{ type: 'no-images' }]);
  });

  it('names empty class folders, small classes and conflicts from a real ingest', async () => {
    const files = [
      ...Array.from({ length: 6 }, (_, i) => ({ path: `daisy/${i}.jpg`, file: jpeg(`d${i}`) })),
      ...Array.from({ length: 2 }, (_, i) => ({ path: `roses/${i}.jpg`, file: jpeg(`r${i}`) })),
      { path: 'notes/readme.txt', file: new Blob(['text only']) },
      { path: 'mac/.DS_Store', file: new Blob(['x']) },
      { path: 'a/x.jpg', file: jpeg('same') },
      { path: 'b/x.jpg', file: jpeg('same') },
      { path: '__MACOSX/ghost/._x.jpg', file: jpeg('ghost') },
    ];
    const { manifest: m } = await ingestFiles(files, { splitSeed: 0 });
    expect(datasetProblems(m)).toEqual([
      { type: 'empty-class', className: 'a' },
      { type: 'empty-class', className: 'b' },
      { type: 'empty-class', className: 'mac' },
      { type: 'empty-class', className: 'notes' },
      { type: 'few-images', className: 'roses', count: 2 },
      { type: 'label-conflicts', count: 1 },
    ]);
  });

  it('refuses a single class and adds folders the caller knows of', async () => {
    const files = Array.from({ length: 5 }, (_, i) => ({
      path: `daisy/${i}.jpg`,
      file: jpeg(`${i}`),
    }));
    const { manifest: m } = await ingestFiles(files, { splitSeed: 0 });
    expect(datasetProblems(m, ['tulips'])).toEqual([
      { type: 'single-class', className: 'daisy' },
      { type: 'empty-class', className: 'tulips' },
    ]);
  });

  it('counts conflicts even when no image is left', () => {
    const id = 'ab'.repeat(32) as ContentHash;
    const m = manifest({
      conflicts: [{ id, paths: ['a/1.jpg', 'b/1.jpg'], classNames: ['a', 'b'] }],
    });
    expect(datasetProblems(m)).toEqual([
      { type: 'no-images' },
      { type: 'empty-class', className: 'a' },
      { type: 'empty-class', className: 'b' },
      { type: 'label-conflicts', count: 1 },
    ]);
  });
});
