// The runs table and the last single-image prediction are kept with the project: a reload (a second
// engine on the same database) gets them back, a copy has them, a deleted project takes them along,
// a new model clears the old one's prediction, and a project that keeps no images keeps no picture.
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/shared/session';
import type { SavedPrediction } from '../../../src/shared/project';
import { createFixture, SPEC } from '../../helpers/engineFixtures';
import { defaultRun, PROJECT_CONFIG, trainedProject } from '../../helpers/projectFixtures';
import type { TrainOutcome } from '../../../src/shared/engine';

/** The runs table row the page makes of an outcome (app/session.ts runRecord). */
function rowOf(outcome: TrainOutcome, index: number): RunRecord {
  const { predictions, accuracy } = outcome.evaluation;
  return {
    ...outcome.run,
    index,
    accuracy,
    correct: predictions.filter((p) => p.predictedClass === p.trueClass).length,
    tested: predictions.length,
    timing: { wallSeconds: outcome.run.seconds + 3, extractSeconds: 2.5 },
  };
}

const bytesOf = async (blob: Blob | null) =>
  blob ? [...new Uint8Array(await blob.arrayBuffer())] : null;

describe('projects keep their runs and last prediction', () => {
  it('a reload brings back the runs table and the last prediction, thumbnail included', async () => {
    const { fx, outcome, summary } = await trainedProject(6);
    const second = await fx.engine.train(SPEC, { ...PROJECT_CONFIG, epochs: 2 });
    const runs = [rowOf(outcome, 1), rowOf(second, 2)];
    await fx.engine.saveModel(defaultRun(second, runs));
    const { top } = await fx.engine.predict(SPEC, fx.files[4]!.file);
    const thumbnail = new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'image/jpeg' });
    const prediction: SavedPrediction = { name: 'new.png', top, image: thumbnail, at: 42 };
    await fx.engine.savePrediction(prediction);

    const reloaded = createFixture(6, { dbName: fx.dbName });
    await reloaded.engine.startBackend('cpu');
    const opened = await reloaded.engine.openProject(summary.id);
    expect(opened.runs).toEqual(runs);
    expect(opened.lastPrediction).toMatchObject({ name: 'new.png', top, at: 42 });
    expect(await bytesOf(opened.lastPrediction!.image)).toEqual([1, 2, 3, 4]);

    // A copy has them; deleting the original leaves the copy's.
    const copy = await reloaded.engine.duplicateProject(summary.id);
    await reloaded.engine.deleteProject(summary.id);
    const copied = await reloaded.engine.openProject(copy.id);
    expect(copied.runs).toEqual(runs);
    expect(copied.lastPrediction?.name).toBe('new.png');
    await expect(reloaded.engine.openProject(summary.id)).rejects.toThrow(/no longer exists/);

    // A new model: its runs table grows, and the old model's prediction goes.
    await reloaded.engine.saveModel(defaultRun(second, [...runs, rowOf(second, 3)]));
    const retrained = await reloaded.engine.openProject(copy.id);
    expect(retrained.runs.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(retrained.lastPrediction).toBeNull();
  });

  it('a project that keeps no images keeps the prediction’s name and result, not its picture', async () => {
    const fx = createFixture(5);
    await fx.engine.startBackend('cpu');
    await fx.engine.importDataset(fx.files, 0);
    const summary = await fx.engine.createProject('lean', [], null, false);
    await fx.engine.extract(SPEC);
    const outcome = await fx.engine.train(SPEC, { ...PROJECT_CONFIG, epochs: 2 });
    await fx.engine.saveModel(defaultRun(outcome, [rowOf(outcome, 1)]));
    const { top } = await fx.engine.predict(SPEC, fx.files[0]!.file);
    await fx.engine.savePrediction({ name: 'x.png', top, image: new Blob(['jpeg']), at: 1 });
    const opened = await fx.engine.openProject(summary.id);
    expect(opened.lastPrediction).toEqual({ name: 'x.png', top, image: null, at: 1 });
    expect(opened.runs).toHaveLength(1);
  });
});
