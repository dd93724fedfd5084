import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/shared/training';
import { DEFAULT_DATA_CHECK, type DataFix } from '../../../src/shared/doctor';
import { createFixture, SPEC } from '../../helpers/engineFixtures';

const config = { ...DEFAULT_TRAIN_CONFIG, epochs: 10, batchSize: 8, learningRate: 0.01 };

describe('engine: the data doctor fixes', () => {
  it('moves and removes in the project, undoes one by one, survives a reload, trains on the cache', async () => {
    const fx = createFixture(10);
    await fx.engine.startBackend('cpu');
    await fx.engine.importDataset(fx.files, 0);
    const project = await fx.engine.createProject('doctor', [], null);
    await fx.engine.extract(SPEC);
    // Exact copies only: the fixture's images of a class are near-copies of each other by design.
    await fx.engine.checkData(SPEC, config, { ...DEFAULT_DATA_CHECK, duplicateThreshold: 0.99999 });
    const { manifest } = await fx.engine.doctorState();
    const image = (path: string) => manifest.images.find((i) => i.path === path)!;
    const fix = (path: string, action: DataFix['action']): DataFix => ({
      id: image(path).id,
      path,
      problem: 'mislabeled',
      folderClass: path.split('/')[0]!,
      suggestedClass: action.type === 'move' ? action.to : null,
      action,
    });
    // Two quick clicks: both fixes must reach the saved project, in order.
    await Promise.all([
      fx.engine.applyDataFix(fix('class-0/img-1.png', { type: 'move', to: 'class-1' })),
      fx.engine.applyDataFix(fix('class-0/img-2.png', { type: 'remove' })),
    ]);
    const state = await fx.engine.doctorState();
    expect(state.log).toHaveLength(2);
    expect(state.manifest.images).toHaveLength(29);
    const movedImage = state.manifest.images.find((i) => i.path === 'class-0/img-1.png')!;
    expect(state.manifest.classes[movedImage.classIndex]!.name).toBe('class-1');
    await expect(
      fx.engine.applyDataFix(fix('class-0/img-3.png', { type: 'move', to: 'nowhere' })),
    ).rejects.toThrow(/no class "nowhere"/);
    expect((await fx.engine.dataFixesCsv()).split('\r\n')[1]).toBe(
      'class-0/img-1.png,mislabeled,class-0,class-1,move to class-1',
    );

    // A reload: a second engine on the same database opens the project.
    const reloaded = createFixture(10, { dbName: fx.dbName });
    await reloaded.engine.startBackend('cpu');
    const opened = await reloaded.engine.openProject(project.id);
    expect(opened.dataset.manifest.images).toHaveLength(29);
    const again = await reloaded.engine.doctorState();
    expect(again.log.map((f) => f.path)).toEqual(['class-0/img-1.png', 'class-0/img-2.png']);
    // Train after the fixes: every feature comes from the cache.
    const extracted = await reloaded.engine.extract(SPEC);
    expect(extracted.computed).toBe(0);
    expect(reloaded.decodeCalls).toBe(0);
    // The run records that it came after the two fixes (the runs table and the evaluation say so).
    const trained = await reloaded.engine.train(SPEC, {
      ...DEFAULT_TRAIN_CONFIG,
      epochs: 1,
      batchSize: 8,
    });
    expect(trained.run.dataFixes).toEqual({ edits: 2, movedForLeaks: again.movedForLeaks });

    // Undo the move alone: the removal stays.
    const undone = await reloaded.engine.undoDataFix(0);
    expect(undone.log.map((f) => f.path)).toEqual(['class-0/img-2.png']);
    const back = undone.manifest.images.find((i) => i.path === 'class-0/img-1.png')!;
    expect(undone.manifest.classes[back.classIndex]!.name).toBe('class-0');
    expect(undone.manifest.images).toHaveLength(29);
    expect((await reloaded.engine.undoDataFix(0)).manifest.images).toHaveLength(30);
  });
});
