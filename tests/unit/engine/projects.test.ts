// Projects in the engine over fake-indexeddb: a reload (a second engine on the same database) finds
// the project and its model; a second project leaves the first alone; deleting frees what no other
// project uses and keeps what another one does.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/shared/training';
import { DEFAULT_AUGMENTATION } from '../../../src/shared/augment';
import { openGraftDb, STORES } from '../../../src/storage/db';
import { createFixture, SPEC, type Fixture } from '../../helpers/engineFixtures';
import { defaultRun, trainedProject } from '../../helpers/projectFixtures';

async function storeCounts(fx: Fixture) {
  const db = await openGraftDb(fx.dbName);
  const counts = {
    projects: await db.count(STORES.projects),
    images: await db.count(STORES.images),
    features: await db.count(STORES.features),
  };
  db.close();
  return counts;
}

describe('projects', () => {
  it('a reload finds the project: dataset, split, model, metrics, curves, and the same predictions', async () => {
    const { fx, outcome, summary, manifest } = await trainedProject(8);
    const before = await fx.engine.predict(SPEC, fx.files[3]!.file);

    const reloaded = createFixture(8, { dbName: fx.dbName });
    await reloaded.engine.startBackend('cpu');
    const list = await reloaded.engine.listProjects();
    expect(list.map((p) => p.id)).toEqual([summary.id]);
    expect(list[0]!.accuracy).toBe(outcome.evaluation.accuracy);
    const opened = await reloaded.engine.openProject(summary.id);
    expect(opened.dataset.manifest).toEqual(manifest);
    expect(opened.model?.outcome).toEqual(outcome);
    expect(opened.model?.curves?.epochs).toEqual(outcome.result.history);
    expect(opened.files).toHaveLength(24); // the images came back, not only their names
    const after = await reloaded.engine.predict(SPEC, reloaded.files[3]!.file);
    expect(after.top).toEqual(before.top);
    // Training again needs no decoding: the features were cached.
    const decodes = reloaded.decodeCalls;
    await reloaded.engine.train(SPEC, { ...DEFAULT_TRAIN_CONFIG, epochs: 2 });
    expect(reloaded.decodeCalls).toBe(decodes);
  });

  it('a second project leaves the first alone; deleting keeps what the other project still uses', async () => {
    const { fx, summary: first } = await trainedProject(6);
    // The second project: the first class's images only, the same bytes (so the same hashes).
    await fx.engine.importDataset(
      fx.files.filter((f) => !f.path.startsWith('class-2/')),
      0,
    );
    await fx.engine.extract(SPEC);
    const second = await fx.engine.createProject('second', [], null);
    expect(await fx.engine.listProjects()).toHaveLength(2);
    const firstAgain = await fx.engine.openProject(first.id);
    expect(firstAgain.dataset.manifest.images).toHaveLength(18);
    expect(firstAgain.model).not.toBeNull();
    const full = await storeCounts(fx);
    expect(full).toEqual({ projects: 2, images: 18, features: 18 });

    // Renaming and duplicating change nothing on disk but the records.
    await fx.engine.renameProject(second.id, 'two classes');
    const copy = await fx.engine.duplicateProject(second.id);
    expect(copy.name).toBe('two classes (copy)');
    await fx.engine.deleteProject(copy.id);
    expect(await storeCounts(fx)).toEqual(full);

    // Deleting the first frees only class-2's images and features: the second project uses the rest.
    const usageBefore = await fx.engine.projectUsage();
    expect((await fx.engine.deleteProject(first.id)).freedImages).toBe(6);
    expect(await storeCounts(fx)).toEqual({ projects: 1, images: 12, features: 12 });
    const usageAfter = await fx.engine.projectUsage();
    expect(usageAfter.total).toBeLessThan(usageBefore.total);
    expect(Object.keys(usageAfter.perProject)).toEqual([second.id]);
    await expect(fx.engine.predict(SPEC, fx.files[0]!.file)).rejects.toThrow(/Train a model first/);

    await fx.engine.openProject(second.id);
    const resumed = await fx.engine.extract(SPEC);
    expect(resumed).toMatchObject({ cached: 12, computed: 0 });
    await fx.engine.deleteProject(second.id);
    expect(await storeCounts(fx)).toEqual({ projects: 0, images: 0, features: 0 });
  });

  it('deleting a project forgets the paths of its images that no other project uses', async () => {
    const { fx, summary: first, manifest } = await trainedProject(4);
    const second = await fx.engine.duplicateProject(first.id);
    // The fixture's images are Blobs (no modification time, so no stamp): remembered by hand, as
    // an import of Files from a folder would.
    const db = await openGraftDb(fx.dbName);
    const info = { format: 'png', width: 8, height: 8, orientation: 1, frames: 1 } as const;
    for (const { id, path } of manifest.images)
      await db.put(STORES.knownFiles, { stamp: `${path}\u00001\u00001`, id, info, seenAt: 0 });
    const remembered = () => db.count(STORES.knownFiles);
    expect(await remembered()).toBe(12);
    await fx.engine.deleteProject(first.id); // the copy still uses every image
    expect(await remembered()).toBe(12);
    await fx.engine.deleteProject(second.id);
    expect(await remembered()).toBe(0);
    db.close();
  });

  it('a project that keeps no images stores none, and still reopens with its model', async () => {
    const fx = createFixture(5);
    await fx.engine.startBackend('cpu');
    await fx.engine.importDataset(fx.files, 0);
    const summary = await fx.engine.createProject('lean', [], null, false);
    await fx.engine.extract(SPEC);
    const outcome = await fx.engine.train(SPEC, { ...DEFAULT_TRAIN_CONFIG, epochs: 3 });
    await fx.engine.saveModel(defaultRun(outcome));
    expect((await storeCounts(fx)).images).toBe(0);
    const opened = await fx.engine.openProject(summary.id);
    expect(opened.files).toEqual([]);
    expect((await fx.engine.predict(SPEC, fx.files[0]!.file)).top).toHaveLength(3);
  });
});

describe('what the cost estimate and the backbone memory ask of the engine (issue 25)', () => {
  it('countCached counts what extraction would find cached, views included, before and after a run', async () => {
    const fx = createFixture(4);
    await fx.engine.startBackend('cpu');
    await fx.engine.importDataset(fx.files, 0);
    const augment = { ...DEFAULT_AUGMENTATION, views: 1, testTimeFlip: true };
    expect(await fx.engine.countCached(SPEC)).toEqual({ total: 12, cached: 0 });
    await fx.engine.extract(SPEC);
    expect(await fx.engine.countCached(SPEC)).toEqual({ total: 12, cached: 12 });
    const before = await fx.engine.countCached(SPEC, augment);
    expect(before.cached).toBe(12); // the originals; the views are new
    const withViews = await fx.engine.extract(SPEC, undefined, augment);
    expect({ total: before.total, cached: before.cached }).toEqual({
      total: withViews.total,
      cached: withViews.cached,
    });
    expect(await fx.engine.countCached(SPEC, augment)).toEqual({
      total: withViews.total,
      cached: withViews.total,
    });
  });

  it("saveProjectSettings keeps the backbone with the project: a reload's open finds it", async () => {
    const fx = createFixture(3);
    await fx.engine.startBackend('cpu');
    const { problems } = await fx.engine.importDataset(fx.files, 0);
    const { settings } = defaultRun({ result: { history: [], bestEpoch: 0 } } as never);
    const summary = await fx.engine.createProject('p', problems, settings);
    const picked = {
      ...settings,
      backbone: { kind: 'imported', id: 'tm' },
      inputSize: null,
    } as const;
    await fx.engine.saveProjectSettings(summary.id, picked);
    const reloaded = createFixture(3, { dbName: fx.dbName });
    await reloaded.engine.startBackend('cpu');
    expect((await reloaded.engine.openProject(summary.id)).settings).toEqual(picked);
    // A save that lands after a delete (the page saves a pick as the person deletes) brings nothing back.
    const saving = reloaded.engine.saveProjectSettings(summary.id, settings);
    await reloaded.engine.deleteProject(summary.id);
    await saving.catch(() => undefined);
    await expect(reloaded.engine.saveProjectSettings(summary.id, picked)).rejects.toThrow(
      /no longer exists/,
    );
    expect(await reloaded.engine.listProjects()).toEqual([]);
  });
});
