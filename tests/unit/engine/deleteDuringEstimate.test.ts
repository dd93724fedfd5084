// Deleting a project while the fine-tuning cost estimate runs (issue #25, item 12). The estimate
// holds the engine's compute (here deterministically: the backbone it needs loads only when the
// test says so); a delete touches only storage and completes meanwhile, through the projects
// library the page's projects worker runs, or through the engine itself. Deleting the project the
// estimate is measuring drops it from the engine; the estimate then ends with an error the page
// ignores, instead of measuring a dataset that is gone. Order of events only: no clock.
import { describe, expect, it } from 'vitest';
import { createProjectLibrary } from '../../../src/engine/projectLibrary';
import { openGraftDb } from '../../../src/storage/db';
import { createFeatureCache } from '../../../src/storage/featureCache';
import { createProjectStore } from '../../../src/storage/projects';
import { createKnownFileStore } from '../../../src/storage/knownFiles';
import { createFixture, SPEC } from '../../helpers/engineFixtures';
import { miniVgg } from '../../helpers/miniVgg';
import { defaultRun, PROJECT_CONFIG } from '../../helpers/projectFixtures';

/** The projects worker's library on the fixture's database (worker/projects.worker.ts). */
function projectsWorker(dbName: string) {
  const open = () => openGraftDb(dbName);
  return createProjectLibrary({
    projects: createProjectStore(open),
    openCache: async () => createFeatureCache(await open()),
    knownFiles: createKnownFileStore(open),
  });
}

/** A trained project and two copies, then the same browser after a reload with a held backbone. */
async function estimateHeld() {
  const first = createFixture(4, { model: miniVgg });
  await first.engine.startBackend('cpu');
  await first.engine.importDataset(first.files, 0);
  const project = await first.engine.createProject('shapes', [], null);
  await first.engine.extract(SPEC);
  await first.engine.saveModel(defaultRun(await first.engine.train(SPEC, PROJECT_CONFIG)));
  const copy = await first.engine.duplicateProject(project.id);
  const other = await first.engine.duplicateProject(project.id);

  let release!: () => void;
  const loadGate = new Promise<void>((r) => (release = r));
  const fx = createFixture(4, { model: miniVgg, dbName: first.dbName, loadGate });
  await fx.engine.startBackend('cpu');
  await fx.engine.openProject(project.id); // the head, without the backbone
  const events: string[] = [];
  const estimate = fx.engine.estimateFineTune(SPEC).then(
    (result) => (events.push('estimate done'), result),
    (error: Error) => (events.push('estimate failed'), error),
  );
  return { fx, project, copy, other, release, estimate, events };
}

describe('deleting a project while the fine-tuning cost is measured', () => {
  it('completes while the estimate is still running, which then ends with its figures', async () => {
    const { fx, project, copy, other, release, estimate, events } = await estimateHeld();
    const worker = projectsWorker(fx.dbName);

    await worker.deleteProject(copy.id).then(() => events.push('deleted in the projects worker'));
    await fx.engine.deleteProject(other.id).then(() => events.push('deleted by the engine'));
    expect((await worker.listProjects()).map((p) => p.id)).toEqual([project.id]);
    expect(events).toEqual(['deleted in the projects worker', 'deleted by the engine']);

    release();
    const result = await estimate;
    expect(events.at(-1)).toBe('estimate done');
    expect(result).toMatchObject({ toCompute: 12, trainExamples: 6 });
  });

  it('deleting the project it measures drops it from the engine; the estimate ends without it', async () => {
    const { fx, project, release, estimate, events } = await estimateHeld();
    const worker = projectsWorker(fx.dbName);

    await worker.deleteProject(project.id).then(() => events.push('deleted'));
    fx.engine.forgetProject(project.id); // what the page tells the engine after the delete
    expect(events).toEqual(['deleted']);

    release();
    expect(String(await estimate)).toMatch(/Import a dataset first/);
    expect(events).toEqual(['deleted', 'estimate failed']);
    await expect(fx.engine.predict(SPEC, fx.files[0]!.file)).rejects.toThrow(/Train a model first/);
  });
});
