// The Train column beside the settings: the Train button, the augmentation preview, the cost
// estimate, saved features, and the run's progress and live charts.
import { useEffect, useState } from 'react';
import type { AugmentPreview as Preview, BackboneSpec } from '../shared/engine';
import type { Settings } from '../shared/session';
import { errorMessage } from '../shared/text';
import { isTrainable } from '../ui/DatasetSummary';
import { ExtractProgress } from '../ui/ExtractProgress';
import { TrainingCharts } from '../ui/TrainingCharts';
import { AugmentPreview } from '../ui/AugmentPreview';
import { SavedFeatures } from '../ui/SavedFeatures';
import { CostEstimate } from '../ui/CostEstimate';
import { duration, timeLeft } from '../ui/format';
import type { useSession } from './useSession';
import type { BackboneSuggestion } from './backboneChoice';
import { useCostEstimate } from './useCostEstimate';
import styles from './App.module.css';

interface Props {
  readonly session: ReturnType<typeof useSession>;
  readonly spec: BackboneSpec;
  readonly settings: Settings;
  readonly busy: boolean;
  readonly canTrain: boolean;
  readonly onTrain: () => void;
  /** The selected backbone as the person knows it. */
  readonly backboneLabel: string;
  /** A better real backbone, and how to switch to it. */
  readonly suggestion: BackboneSuggestion | null;
  readonly onUseSuggestion: () => void;
}

export function TrainSide({
  session,
  spec,
  settings,
  busy,
  canTrain,
  onTrain,
  backboneLabel,
  suggestion,
  onUseSuggestion,
}: Props) {
  const { state } = session;
  const { activity, dataset } = state;
  const [preview, setPreview] = useState<Preview | string | null>(null);
  const showPreview = () =>
    void session
      .previewAugmentation(settings.augment)
      .then(setPreview, (error: unknown) => setPreview(errorMessage(error)));
  const estimate = useCostEstimate(session, spec, settings.augment, busy);
  // Training is what people watch: bring the live charts into view when it starts.
  const training = activity.phase === 'training';
  useEffect(() => {
    if (training) document.getElementById('training-charts')?.scrollIntoView({ block: 'nearest' });
  }, [training]);
  const startTraining = onTrain;

  return (
    <div className={styles.trainSide}>
      <div className={styles.actions}>
        <button
          type="button"
          className={styles.primary}
          disabled={!canTrain}
          onClick={startTraining}
        >
          Train
        </button>
        {activity.phase === 'training' && (
          <button type="button" onClick={session.cancel} disabled={activity.stopping}>
            {activity.stopping ? 'Stopping…' : 'Stop (keep best model)'}
          </button>
        )}
        <span className={styles.muted}>
          {dataset === null
            ? 'Add photos first.'
            : !isTrainable(dataset.problems)
              ? 'Fix the problems above to train.'
              : 'Extracts any missing features, then trains.'}
        </span>
      </div>
      {dataset && (
        <div className={styles.actions}>
          <button
            type="button"
            onClick={showPreview}
            disabled={busy}
            data-testid="augment-preview-button"
          >
            Preview augmentation
          </button>
          <span className={styles.muted}>
            A few training images and their augmented views; nothing is extracted.
          </span>
        </div>
      )}
      {typeof preview === 'string' && <p role="alert">{preview}</p>}
      {preview && typeof preview !== 'string' && dataset && (
        <AugmentPreview
          preview={preview}
          classNames={(dataset?.manifest.classes ?? []).map((c) => c.name)}
        />
      )}
      {dataset && !busy && estimate.shown && (
        <CostEstimate
          backboneLabel={backboneLabel}
          count={estimate.count}
          rate={estimate.rate}
          timings={estimate.timings}
          suggestion={suggestion && { ...suggestion, use: onUseSuggestion }}
        />
      )}
      {state.extraction && activity.phase !== 'extracting' && (
        <p className={styles.muted} data-testid="cache-summary">
          Features: {state.extraction.cached} cached, {state.extraction.computed} new
          {state.extraction.computed > 0 && ` (${duration(state.extraction.seconds)})`}.
        </p>
      )}
      <SavedFeatures
        load={session.savedFeatures}
        remove={session.deleteSavedFeatures}
        urgent={activity.phase === 'error' && activity.storageFull}
        version={`${activity.phase}-${state.extraction?.computed ?? 0}`}
      />
      {activity.phase === 'extracting' && (
        <ExtractProgress
          progress={activity.progress}
          cancelling={activity.cancelling}
          waitingForOtherTab={activity.waitingForOtherTab}
          onCancel={session.cancel}
        />
      )}
      {activity.phase === 'training' && state.curves && (
        <p className={styles.muted} data-testid="train-progress">
          Epoch {state.curves.epochs.length} of up to {state.curves.plannedEpochs}
          {state.curves.epochs.length > 0 && <> · {timeLeft(activity.epochEtaSeconds)}</>}
        </p>
      )}
      {state.curves && (
        <div id="training-charts" className={styles.charts}>
          <TrainingCharts curves={state.curves} />
        </div>
      )}
    </div>
  );
}
