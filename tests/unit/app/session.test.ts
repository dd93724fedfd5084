import { describe, expect, it } from 'vitest';
import {
  initialSession,
  sessionReducer,
  type SessionAction,
  type SessionState,
} from '../../../src/app/session';
import type { EpochMetrics } from '../../../src/shared/training';
import type { ImportResult, TrainOutcome } from '../../../src/shared/engine';
import type { OpenedProject, SavedPrediction } from '../../../src/shared/project';
import type { RunRecord } from '../../../src/shared/session';
import { timingWasmAlone } from '../../helpers/backendChoiceEvents';

const run = (actions: SessionAction[], from: SessionState = initialSession) =>
  actions.reduce(sessionReducer, from);
const epoch = (n: number): EpochMetrics => ({
  epoch: n,
  loss: 1 / n,
  accuracy: 0.5,
  valLoss: 1,
  valAccuracy: 0.4,
});

describe('session reducer', () => {
  it('walks through extracting and training to done, collecting curves', () => {
    const state = run([
      { type: 'extract-started' },
      {
        type: 'extract-event',
        event: { type: 'extract-start', total: 10, cached: 4, toCompute: 6 },
      },
      {
        type: 'extract-event',
        event: { type: 'extract-progress', done: 7, total: 10, imagesPerSecond: 3, etaSeconds: 1 },
      },
    ]);
    expect(state.activity).toMatchObject({
      phase: 'extracting',
      progress: { done: 7, cached: 4, toCompute: 6 },
    });

    const training = run(
      [
        { type: 'train-started', epochs: 5 },
        {
          type: 'train-event',
          event: { type: 'batch', epoch: 1, batch: 1, batches: 2, loss: 0.9 },
        },
        {
          type: 'train-event',
          event: { type: 'epoch', metrics: epoch(1), bestEpoch: 1, etaSeconds: 4 },
        },
      ],
      state,
    );
    expect(training.activity).toMatchObject({ phase: 'training', epochEtaSeconds: 4 });
    expect(training.curves?.epochs).toHaveLength(1);
    expect(training.curves?.batches).toEqual([{ x: 0.5, loss: 0.9 }]);
  });

  it("an extraction's measured speed is kept for the next estimate; a fully cached one measures nothing", () => {
    const extracting = run([
      { type: 'extract-started' },
      {
        type: 'extract-event',
        event: { type: 'extract-start', total: 10, cached: 4, toCompute: 6 },
      },
      {
        type: 'extract-event',
        event: { type: 'extract-progress', done: 10, total: 10, imagesPerSecond: 3, etaSeconds: 0 },
      },
    ]);
    const result = { total: 10, cached: 4, computed: 6, failed: [], seconds: 2 };
    const done = run([{ type: 'extract-finished', result }], extracting);
    expect(done.extractionRate).toBe(3);
    expect(done.extraction).toBe(result);
    const cached = run(
      [
        { type: 'extract-started' },
        { type: 'extract-finished', result: { ...result, cached: 10, computed: 0 } },
      ],
      done,
    );
    expect(cached.extractionRate).toBeNull();
  });

  it('cancel marks the running phase and a cancelled run returns to idle with a notice', () => {
    const extracting = run([{ type: 'extract-started' }, { type: 'cancel-requested' }]);
    expect(extracting.activity).toEqual({
      phase: 'extracting',
      progress: null,
      cancelling: true,
      waitingForOtherTab: false,
    });
    const after = sessionReducer(extracting, { type: 'cancelled', notice: 'stopped' });
    expect(after.activity.phase).toBe('idle');
    expect(after.notice).toBe('stopped');
  });

  it('takes the final curves from the result, whose epochs may overtake their own events', () => {
    const training = run([{ type: 'extract-started' }, { type: 'train-started', epochs: 2 }]);
    const history = [epoch(1), epoch(2)];
    const done = sessionReducer(training, {
      type: 'train-finished',
      outcome: {
        result: { history, bestEpoch: 2, stopReason: 'completed' },
        evaluation: {
          accuracy: 0.5,
          predictions: [
            { trueClass: 0, predictedClass: 0 },
            { trueClass: 1, predictedClass: 0 },
          ],
        } as never,
        backbone: {} as never,
        run: { augmentViews: 2, seconds: 5 } as never,
      },
      timing: { wallSeconds: 35, extractSeconds: 28 },
    });
    expect(done.curves?.epochs).toEqual(history);
    expect(done.runs).toEqual([
      {
        augmentViews: 2,
        seconds: 5,
        index: 1,
        accuracy: 0.5,
        correct: 1,
        tested: 2,
        timing: { wallSeconds: 35, extractSeconds: 28 },
      },
    ]);
    expect(done.curves?.bestEpoch).toBe(2);
  });

  it('ignores events that arrive after their phase ended', () => {
    const idle = initialSession;
    expect(
      sessionReducer(idle, {
        type: 'train-event',
        event: { type: 'epoch', metrics: epoch(1), bestEpoch: 1, etaSeconds: 0 },
      }),
    ).toBe(idle);
  });

  it('captured frames update the dataset but the results keep the classes they were trained on', () => {
    const manifest = (names: string[]) => ({
      classes: names.map((name) => ({ name, counts: { train: 1, val: 0, test: 0 } })),
      images: [],
      skipped: [],
      conflicts: [],
      duplicatesMerged: 0,
      splitSeed: 0,
    });
    const before = { manifest: manifest(['a', 'b']), problems: [] };
    const outcome = {
      result: { history: [epoch(1)], bestEpoch: 1 },
      evaluation: { accuracy: 1, predictions: [] },
    } as unknown as TrainOutcome;
    const trained = run([
      { type: 'import-finished', dataset: before },
      { type: 'train-started', epochs: 1 },
      { type: 'train-finished', outcome, timing: { wallSeconds: 1, extractSeconds: 0 } },
    ]);
    expect(trained.trainedOn).toBe(before.manifest);
    const after = { manifest: manifest(['a', 'b', 'camera']), problems: [] };
    const captured = sessionReducer(trained, { type: 'dataset-updated', dataset: after });
    expect(captured.dataset).toBe(after);
    expect(captured.trainedOn).toBe(before.manifest);
    expect(captured.outcome).toBe(outcome);
    expect(captured.activity).toEqual({ phase: 'done' });
  });

  it('only an import or a first edit of an empty page starts a dataset (a new project); an edit of a loaded one does not', () => {
    const dataset = (n: number) =>
      ({ manifest: { images: [n] }, problems: [] }) as unknown as ImportResult;
    const imported = run([
      { type: 'import-started', total: 1 },
      { type: 'import-finished', dataset: dataset(1) },
    ]);
    expect(imported.started).toBe(imported.dataset);
    // A capture or a removal while idle: the same project.
    const edited = sessionReducer(imported, { type: 'dataset-updated', dataset: dataset(2) });
    expect(edited.activity).toEqual({ phase: 'idle' });
    expect(edited.started).toBe(imported.started);
    // Frames with nothing loaded start one.
    const fromCamera = sessionReducer(initialSession, {
      type: 'dataset-updated',
      dataset: dataset(3),
    });
    expect(fromCamera.started).toBe(fromCamera.dataset);
    // A new import clears it until it finishes.
    expect(run([{ type: 'import-started', total: 1 }], edited).started).toBeNull();
  });

  it('a new import keeps the backend but clears the previous dataset and results', () => {
    const withBackend = sessionReducer(initialSession, {
      type: 'backend-ready',
      backend: { name: 'wasm', detail: 'WASM', software: false },
    });
    const importing = sessionReducer(
      { ...withBackend, notice: 'old' },
      { type: 'import-started', total: 3 },
    );
    expect(importing.backend?.name).toBe('wasm');
    expect(importing.notice).toBeNull();
    expect(importing.activity).toEqual({ phase: 'importing', done: 0, total: 3 });
  });

  it('a lost device switches the backend, says so, and restarts the charts when training starts over', () => {
    const wasm = { name: 'wasm', detail: 'WASM (SIMD, 2 threads)', software: false } as const;
    const lost = { type: 'backend-lost', lost: 'webgpu', reason: 'destroyed', now: wasm } as const;
    const extracting = run([{ type: 'extract-started' }, { type: 'extract-event', event: lost }]);
    expect(extracting.backend).toEqual(wasm);
    expect(extracting.notice).toBe(
      'The WebGPU device was lost (destroyed). Carrying on with WASM (SIMD, 2 threads); the features already saved are kept.',
    );
    expect(extracting.activity.phase).toBe('extracting');

    const training = run([
      { type: 'train-started', epochs: 5 },
      {
        type: 'train-event',
        event: { type: 'epoch', metrics: epoch(1), bestEpoch: 1, etaSeconds: 4 },
      },
      { type: 'train-event', event: lost },
    ]);
    expect(training.notice).toContain('Training started again on WASM');
    expect(training.curves).toMatchObject({
      epochs: [],
      batches: [],
      bestEpoch: 0,
      plannedEpochs: 5,
    });
  });

  it('follows the backend choice until a backend is chosen, and forgets it when it fails', () => {
    const wasm = { name: 'wasm', detail: 'WASM, 94 ms/image', software: false } as const;
    const timing = timingWasmAlone;
    const probing = run([
      { type: 'backend-choice', event: { type: 'backend-choice', stage: 'probing' } },
    ]);
    expect(probing.backendChoice).toEqual({ type: 'backend-choice', stage: 'probing' });
    const timed = run([{ type: 'backend-choice', event: timing }], probing);
    expect(timed.backendChoice).toEqual(timing);
    const chosen = run(
      [
        {
          type: 'backend-choice',
          event: { type: 'backend-choice', stage: 'chosen', status: wasm },
        },
      ],
      timed,
    );
    expect(chosen.backendChoice).toBeNull();
    expect(chosen.backend).toEqual(wasm);
    expect(run([{ type: 'backend-choice', event: null }], timed).backendChoice).toBeNull();
    expect(run([{ type: 'failed', message: 'no' }], timed).backendChoice).toBeNull();
  });
});

describe('session reducer: projects', () => {
  const outcome = {
    result: { history: [epoch(1), epoch(2)], bestEpoch: 2, stopReason: 'completed' },
    evaluation: { accuracy: 0.75, perClass: [], confusion: [], predictions: [], misclassified: [] },
    backbone: null,
  } as unknown as TrainOutcome;
  const dataset = {
    manifest: { classes: [], images: [] },
    problems: [],
  } as unknown as ImportResult;
  const savedRun = {
    index: 1,
    accuracy: 0.75,
    timing: { wallSeconds: 35, extractSeconds: 28 },
  } as unknown as RunRecord;
  const prediction: SavedPrediction = {
    name: 'cat.png',
    top: [{ classIndex: 1, probability: 0.9 }],
    image: null,
    at: 1,
  };
  const opened = (withModel: boolean): OpenedProject => ({
    project: { id: 'p' } as OpenedProject['project'],
    dataset,
    files: [],
    settings: null,
    model: withModel
      ? ({
          outcome,
          curves: { epochs: outcome.result.history, batches: [], bestEpoch: 2, plannedEpochs: 5 },
          extraction: null,
        } as unknown as OpenedProject['model'])
      : null,
    runs: withModel ? [savedRun] : [],
    lastPrediction: withModel ? prediction : null,
  });

  it('an opened project with a model shows its results and reads done; closing empties the page', () => {
    const state = run([{ type: 'project-opened', opened: opened(true) }]);
    expect(state.activity.phase).toBe('done');
    expect(state.outcome).toBe(outcome);
    expect(state.dataset).toBe(dataset);
    expect(state.curves?.epochs).toHaveLength(2);
    const closed = run([{ type: 'project-closed' }], state);
    expect(closed.dataset).toBeNull();
    expect(closed.outcome).toBeNull();
    expect(closed.activity.phase).toBe('idle');
    expect(closed.runs).toEqual([]);
    expect(closed.lastPrediction).toBeNull();
  });

  it('an opened project brings back its runs table and its last prediction', () => {
    const state = run([{ type: 'project-opened', opened: opened(true) }]);
    expect(state.runs).toEqual([savedRun]);
    expect(state.lastPrediction).toBe(prediction);
  });

  it('a new run comes after the restored ones, and clears the old model’s prediction', () => {
    const state = run([
      { type: 'project-opened', opened: opened(true) },
      { type: 'extract-started' },
      { type: 'train-started', epochs: 1 },
      {
        type: 'train-finished',
        outcome: { ...outcome, run: { seconds: 2 } } as unknown as TrainOutcome,
        timing: { wallSeconds: 3, extractSeconds: null },
      },
    ]);
    expect(state.runs.map((r) => r.index)).toEqual([1, 2]);
    expect(state.runs[1]!.timing).toEqual({ wallSeconds: 3, extractSeconds: null });
    expect(state.lastPrediction).toBeNull();
    const next = { ...prediction, name: 'dog.png' };
    expect(run([{ type: 'prediction-made', prediction: next }], state).lastPrediction).toBe(next);
  });

  it("a reopened project's saved extraction is history: no cache summary from it", () => {
    const withExtraction = opened(true);
    const saved = {
      total: 18,
      cached: 0,
      computed: 18,
      seconds: 4,
      failed: [{ path: 'a', detail: 'bad' }],
    };
    const state = run([
      {
        type: 'project-opened',
        opened: {
          ...withExtraction,
          model: { ...withExtraction.model!, extraction: saved } as OpenedProject['model'],
        },
      },
    ]);
    expect(state.extraction).toBeNull();
    expect(state.decodeFailures).toEqual(saved.failed);
  });

  it('a project without a model is idle, with its dataset', () => {
    const state = run([{ type: 'project-opened', opened: opened(false) }]);
    expect(state.activity.phase).toBe('idle');
    expect(state.dataset).toBe(dataset);
    expect(state.outcome).toBeNull();
  });
});
