// The runs table and the last prediction are plain fields of a project record, added without a
// schema version: a record written before them (no fields) reads back with none, and damaged ones
// are dropped at the boundary rather than shown wrong or crashing the projects list.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openGraftDb, STORES } from '../../../src/storage/db';
import { createProjectStore } from '../../../src/storage/projects';
import { restorePrediction, restoreRun, restoreRuns } from '../../../src/storage/projectParts';
import type { ProjectRecord } from '../../../src/shared/project';

const run = {
  backbone: 'VGG16',
  inputSize: 64,
  head: 'pooled',
  optimizer: 'adam',
  learningRate: 0.001,
  augmentViews: 0,
  testTimeFlip: false,
  fineTuned: false,
  trainExamples: 12,
  seconds: 5.2,
  index: 1,
  accuracy: 0.5,
  correct: 3,
  tested: 6,
  timing: { wallSeconds: 35.1, extractSeconds: 28 },
};

/** A project as version 6 wrote it, before runs and predictions were kept. */
const legacy = {
  id: 'old',
  name: 'old',
  createdAt: 1,
  updatedAt: 1,
  openedAt: 1,
  keepImages: true,
  settings: null,
  model: null,
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

describe('project runs and last prediction read back', () => {
  it('a record from before them has no runs and no prediction; damaged parts are dropped', async () => {
    const db = await openGraftDb('project-parts');
    await db.put(STORES.projects, legacy as unknown as ProjectRecord);
    await db.put(STORES.projects, {
      ...legacy,
      id: 'damaged',
      runs: [run, { ...run, index: 2, timing: undefined }, 'junk', { ...run, index: 3 }],
      lastPrediction: { name: 'cat.png', top: [{ classIndex: 'one' }], at: 1 },
    } as unknown as ProjectRecord);
    const store = createProjectStore(async () => db);
    const old = await store.get('old');
    expect(old?.runs).toEqual([]);
    expect(old?.lastPrediction).toBeNull();
    const damaged = await store.get('damaged');
    expect(damaged?.runs.map((r) => r.index)).toEqual([1, 3]);
    expect(damaged?.lastPrediction).toBeNull();
    expect((await store.list()).map((p) => p.id).sort()).toEqual(['damaged', 'old']);
    db.close();
  });

  it('checks every field a row shows', () => {
    expect(restoreRun(run)).toEqual(run);
    expect(restoreRun({ ...run, timing: { wallSeconds: 3, extractSeconds: null } })).not.toBeNull();
    for (const broken of [
      { ...run, head: 'dense' },
      { ...run, accuracy: Number.NaN },
      { ...run, timing: { wallSeconds: '35 s', extractSeconds: 1 } },
      { ...run, correct: -1 },
      null,
    ])
      expect(restoreRun(broken)).toBeNull();
    expect(restoreRuns({ 0: run })).toEqual([]);
  });

  it('keeps a run’s data-fix summary, and drops a damaged one but not the run', () => {
    const fixed = { ...run, dataFixes: { edits: 2, movedForLeaks: 3 } };
    expect(restoreRun(fixed)).toEqual(fixed);
    expect(restoreRun({ ...run, dataFixes: { edits: -1, movedForLeaks: 3 } })).toEqual(run);
    expect(restoreRun({ ...run, dataFixes: 'two' })).toEqual(run);
  });

  it('keeps a prediction’s name and result when its picture did not survive', () => {
    const top = [{ classIndex: 2, probability: 0.8 }];
    expect(restorePrediction({ name: 'a.jpg', top, image: 'not a blob', at: 5 })).toEqual({
      name: 'a.jpg',
      top,
      image: null,
      at: 5,
    });
    expect(restorePrediction({ name: 'a.jpg', top: 'x', at: 5 })).toBeNull();
    expect(restorePrediction(undefined)).toBeNull();
  });
});
