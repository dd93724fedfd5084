// Step 3, once a model is trained: its evaluation, files to take it elsewhere, fine-tuning, the
// runs so far, a k-fold estimate, and predictions on new images.
import { useMemo } from 'react';
import type { BackboneSpec, TrainOutcome } from '../shared/engine';
import type { DatasetManifest } from '../shared/dataset';
import type { Settings } from '../shared/session';
import { Evaluation } from '../ui/Evaluation';
import { PredictImage } from '../ui/PredictImage';
import { KFold } from '../ui/KFold';
import { DataDoctor } from '../ui/DataDoctor';
import { RunsTable } from '../ui/RunsTable';
import { FineTune } from '../ui/FineTune';
import { ModelFiles } from '../ui/ModelFiles';
import { openWeightsPanel } from '../ui/WeightsPanel';
import type { useSession } from './useSession';
import type { TrackSideWork } from './useSideWork';
import { ScrollBox } from '../ui/ScrollBox';
import type { ContentHash } from '../shared/brand';
import { engineCalls } from './engineCalls';
import { AtAGlance } from '../ui/Evidence';
import type { ExplainById } from '../shared/evidence';
import { RESULTS_HEADING_ID } from './useRevealResult';
import styles from './App.module.css';

/**
 * A number per outcome object: the key that empties the new-image prediction when the model
 * changes (another project opened or imported, a retrain), so no result of the old model stays up.
 */
const outcomeKeys = new WeakMap<TrainOutcome, number>();
let outcomesSeen = 0;
function keyOf(outcome: TrainOutcome): number {
  let key = outcomeKeys.get(outcome);
  if (key === undefined) outcomeKeys.set(outcome, (key = ++outcomesSeen));
  return key;
}

/** Photos per class at each end of "Per class, at a glance". */
const TYPICAL_PER_CLASS = 3;

/** Epochs of fine-tuning (ml/finetune DEFAULT_FINE_TUNE; early stopping usually ends it sooner). */
const DEFAULT_FINE_TUNE_EPOCHS = 10;

interface Props {
  readonly session: ReturnType<typeof useSession>;
  readonly outcome: TrainOutcome;
  /** The classes the model was trained on (captures may have added some since). */
  readonly trainedOn: DatasetManifest;
  readonly spec: BackboneSpec;
  readonly settings: Settings;
  readonly busy: boolean;
  /** Marks the cost measurement and the k-fold estimate as running (see useSideWork). */
  readonly track: TrackSideWork;
  readonly onExport: Parameters<typeof ModelFiles>[0]['onExport'];
  readonly onPredicted: Parameters<typeof PredictImage>[0]['onPredicted'];
}

export function ResultsStep({
  session,
  outcome,
  trainedOn,
  spec,
  settings,
  busy,
  track,
  onExport,
  onPredicted,
}: Props) {
  const { state } = session;
  const { dataset } = state;
  const paths = useMemo(() => new Map(trainedOn.images.map((i) => [i.id, i.path])), [trainedOn]);
  const pathOf = (id: ContentHash) => paths.get(id) ?? '';
  const explainById: ExplainById = (id, classIndex, layer) =>
    engineCalls.explainImage(spec, { kind: 'dataset', id }, classIndex, layer);
  return (
    <section className={styles.step} aria-labelledby={RESULTS_HEADING_ID}>
      <h2 id={RESULTS_HEADING_ID} className={styles.resultsHeading} tabIndex={-1}>
        3. How good is it?
      </h2>
      <Evaluation
        outcome={outcome}
        manifest={trainedOn}
        filesByPath={session.filesByPath}
        onOpenWeights={spec.kind === 'builtin' ? openWeightsPanel : undefined}
        explain={explainById}
      />
      <h3 className={styles.h3}>Per class, at a glance</h3>
      <AtAGlance
        classNames={trainedOn.classes.map((c) => c.name)}
        load={() => engineCalls.typicalImages(spec, TYPICAL_PER_CLASS)}
        photoOf={(id) => session.filesByPath.get(pathOf(id))}
        pathOf={pathOf}
        explain={explainById}
        disabled={busy}
      />
      <h3 className={styles.h3}>Take it elsewhere</h3>
      <ModelFiles onExport={onExport} disabled={busy} backbone={outcome.backbone} />
      <FineTune
        fineTuned={outcome.run.fineTuned}
        fineTunedOn={outcome.run.backend?.toUpperCase()}
        measureByItself={state.backend?.name === 'wasm'}
        disabled={busy}
        onStart={() => void session.fineTune(spec, DEFAULT_FINE_TUNE_EPOCHS, settings.augment)}
        measure={() =>
          track('fine-tune-cost', () => session.estimateFineTune(spec, settings.augment))
        }
        measureKey={`${state.runs.length}:${JSON.stringify(spec)}:${JSON.stringify(settings.augment)}`}
      />
      <ScrollBox label="Runs on this dataset">
        <RunsTable runs={state.runs} />
      </ScrollBox>
      <h3 className={styles.h3}>A steadier estimate</h3>
      <KFold
        classNames={(dataset?.manifest.classes ?? []).map((c) => c.name)}
        disabled={busy}
        run={(k, onFold) =>
          track('k-fold', () => session.crossValidate(spec, settings.train, k, onFold))
        }
      />
      <h3 className={styles.h3}>Check the data</h3>
      <DataDoctor
        filesByPath={session.filesByPath}
        disabled={busy}
        check={(onEvent) =>
          track('data-check', () => session.checkData(spec, settings.train, onEvent))
        }
        applyFix={session.applyDataFix}
        undoFix={session.undoDataFix}
        loadState={session.doctorState}
        csv={session.dataFixesCsv}
        cancel={session.cancelDataCheck}
        explain={explainById}
      />
      <h3 className={styles.h3}>Try it on a new image</h3>
      <PredictImage
        key={keyOf(outcome)}
        classNames={trainedOn.classes.map((c) => c.name)}
        predict={(file) => session.predict(spec, file)}
        last={state.lastPrediction}
        onPredicted={onPredicted}
        backbone={outcome.backbone}
        floor={outcome.confidenceFloor ?? null}
        onOpenWeights={spec.kind === 'builtin' ? openWeightsPanel : undefined}
        explain={(file, classIndex, layer) =>
          engineCalls.explainImage(spec, { kind: 'file', file }, classIndex, layer)
        }
      />
    </section>
  );
}
