// A trained project in a Node engine (see engineFixtures.ts): imported, saved, extracted, trained,
// its model saved, as the page does after each step.
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/training';
import { DEFAULT_AUGMENTATION } from '../../src/shared/augment';
import type { TrainOutcome } from '../../src/shared/engine';
import type { RunRecord } from '../../src/shared/session';
import { createFixture, SPEC, type FixtureOverrides } from './engineFixtures';

export const PROJECT_CONFIG = {
  ...DEFAULT_TRAIN_CONFIG,
  epochs: 15,
  batchSize: 8,
  learningRate: 0.01,
  patience: 0,
};

/** What the page passes to saveModel after training (`runs`: its runs table so far). */
export function defaultRun(outcome: TrainOutcome, runs: readonly RunRecord[] = []) {
  return {
    settings: {
      backbone: { kind: 'builtin', id: 'vgg16' },
      inputSize: SPEC.inputSize,
      splitSeed: 0,
      train: PROJECT_CONFIG,
      augment: DEFAULT_AUGMENTATION,
    },
    spec: SPEC,
    config: PROJECT_CONFIG,
    outcome,
    curves: {
      epochs: outcome.result.history,
      batches: [],
      bestEpoch: outcome.result.bestEpoch,
      plannedEpochs: PROJECT_CONFIG.epochs,
    },
    extraction: null,
    runs,
  } as const;
}

export async function trainedProject(perClass: number, overrides: FixtureOverrides = {}) {
  const fx = createFixture(perClass, overrides);
  await fx.engine.startBackend('cpu');
  const { manifest, problems } = await fx.engine.importDataset(fx.files, 0);
  const summary = await fx.engine.createProject('shapes', problems, null);
  await fx.engine.extract(SPEC);
  const outcome = await fx.engine.train(SPEC, PROJECT_CONFIG);
  await fx.engine.saveModel(defaultRun(outcome));
  return { fx, outcome, summary, manifest };
}
