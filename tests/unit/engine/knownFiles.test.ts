// A folder dropped again after a reload: the engine recalls the files import read before (same path,
// size and modification time) and reads none of them, and the dataset comes out the same.
import { describe, expect, it } from 'vitest';
import type { DroppedFile } from '../../../src/shared/dataset';
import { createFixture, SPEC } from '../../helpers/engineFixtures';

describe('import of a folder seen before', () => {
  it('reads no file again after a reload, and extraction finds every feature cached', async () => {
    const fx = createFixture(4);
    let reads = 0;
    const files: DroppedFile[] = fx.files.map(({ path, file }, i) => {
      const asFile = new File([file], path.split('/').pop()!, { lastModified: 1_700_000 + i });
      const read = asFile.arrayBuffer.bind(asFile);
      Object.assign(asFile, { arrayBuffer: () => (reads++, read()) });
      fx.pixelsOf.set(asFile, fx.pixelsOf.get(file)!);
      return { path, file: asFile };
    });
    await fx.engine.startBackend('cpu');
    const first = await fx.engine.importDataset(files, 5);
    await fx.engine.extract(SPEC);
    expect(reads).toBe(files.length);

    const reloaded = createFixture(4, { dbName: fx.dbName });
    await reloaded.engine.startBackend('cpu');
    // Remembering runs behind the first import: wait until the second one sees every file.
    await expect
      .poll(async () => {
        const before = reads;
        await reloaded.engine.importDataset(files, 5);
        return reads - before;
      })
      .toBe(0);
    const second = await reloaded.engine.importDataset(files, 5);
    expect(second.manifest).toEqual(first.manifest);
    const extracted = await reloaded.engine.extract(SPEC);
    expect(extracted.cached).toBe(files.length);
    expect(extracted.computed).toBe(0);
  });
});
