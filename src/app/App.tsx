// The app shell: three steps on one page (dataset, train, results) over one session.
import { useEffect, useMemo, useState } from 'react';
import type { DroppedFile, WalkFindings } from '../shared/dataset';
import { DatasetDrop } from '../ui/DatasetDrop';
import { DatasetSummary, isTrainable } from '../ui/DatasetSummary';
import { TrainSettings } from '../ui/TrainSettings';
import { ExtractProgress } from '../ui/ExtractProgress';
import { TrainingCharts } from '../ui/TrainingCharts';
import { Evaluation } from '../ui/Evaluation';
import { PredictImage } from '../ui/PredictImage';
import { KFold } from '../ui/KFold';
import { AugmentSettings } from '../ui/AugmentSettings';
import { AugmentPreview } from '../ui/AugmentPreview';
import { RunsTable } from '../ui/RunsTable';
import { FineTune } from '../ui/FineTune';
import type { AugmentPreview as Preview } from '../shared/engine';
import { StatusBar } from '../ui/StatusBar';
import { SavedFeatures } from '../ui/SavedFeatures';
import { WeightsPanel } from '../ui/WeightsPanel';
import { BUILTIN_BACKBONE_FACTS } from '../shared/backbone';
import { duration } from '../ui/format';
import { readUrlOptions } from './urlOptions';
import { backboneSpec, defaultSettings } from './settings';
import { useSession } from './useSession';
import { useOtherTabs } from './useOtherTabs';
import { requestPersistence, storageUsage } from './storageUsage';
import type { StorageUsage } from '../shared/session';
import styles from './App.module.css';

/** Epochs of fine-tuning (ml/finetune DEFAULT_FINE_TUNE; early stopping usually ends it sooner). */
const DEFAULT_FINE_TUNE_EPOCHS = 10;

const OTHER_TAB_WORDS: Partial<Record<string, string>> = {
  importing: 'reading files',
  extracting: 'extracting features',
  training: 'training',
};

export function App() {
  const urlOptions = useMemo(() => readUrlOptions(location.search), []);
  const [settings, setSettings] = useState(() => defaultSettings(urlOptions));
  const session = useSession(urlOptions.backend);
  const { state } = session;
  const { activity, dataset } = state;
  const busy =
    activity.phase === 'importing' ||
    activity.phase === 'extracting' ||
    activity.phase === 'training';
  const canTrain = !busy && dataset !== null && isTrainable(dataset.problems);
  const spec = backboneSpec(settings);
  const progressWords =
    activity.phase === 'extracting' && activity.progress
      ? `${activity.progress.done} / ${activity.progress.total} images`
      : activity.phase === 'training' && state.curves
        ? `epoch ${state.curves.epochs.length} of ${state.curves.plannedEpochs}`
        : '';
  const busyElsewhere = useOtherTabs(activity.phase, progressWords).filter((tab) =>
    ['importing', 'extracting', 'training'].includes(tab.phase),
  );
  // Built-in backbones load as soon as the backend is up, so the weights in use are always shown.
  const builtinKey = spec.kind === 'builtin' ? `${spec.id}@${spec.inputSize}` : null;
  const backendReady = state.backend !== null;
  const { showBackbone } = session;
  useEffect(() => {
    if (backendReady && builtinKey) void showBackbone(spec);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- builtinKey is spec's identity
  }, [backendReady, builtinKey, showBackbone]);
  const [preview, setPreview] = useState<Preview | string | null>(null);
  const splitTotal = (split: 'train' | 'test') =>
    dataset ? dataset.manifest.classes.reduce((n, c) => n + c.counts[split], 0) : null;
  const showPreview = () =>
    void session
      .previewAugmentation(settings.augment)
      .then(setPreview, (error: unknown) =>
        setPreview(error instanceof Error ? error.message : String(error)),
      );
  const [usage, setUsage] = useState<StorageUsage | null>(null);
  useEffect(() => {
    void storageUsage().then(setUsage);
  }, [state.extraction]);

  const startTraining = () => {
    // Cached features are hours of work on a slow device: ask the browser not to evict them.
    void requestPersistence();
    void session.train(spec, settings.train, settings.augment);
  };

  const onFiles = (files: readonly DroppedFile[], findings?: WalkFindings) =>
    void session.importFiles(files, settings.splitSeed, findings);

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <div className={styles.brand}>
          <span className={styles.logo} aria-hidden>
            G
          </span>
          <div>
            <h1 className={styles.title}>Graft</h1>
            <p className={styles.tagline}>
              Train an image classifier on your own photos. Nothing leaves this computer.
            </p>
          </div>
        </div>
        <StatusBar
          phase={activity.phase}
          backend={state.backend}
          measuringBackends={state.measuringBackends}
          backbone={state.backbone}
          usage={usage}
        />
      </header>

      {activity.phase === 'error' && (
        <div className={styles.errorBanner} role="alert">
          <span>{activity.message}</span>
          <button type="button" onClick={session.dismissError}>
            Dismiss
          </button>
        </div>
      )}
      {state.notice && (
        <div className={styles.notice} role="status" data-testid="notice">
          {state.notice}
        </div>
      )}
      {busyElsewhere.map((tab) => (
        <div key={tab.tabId} className={styles.notice} role="status" data-testid="other-tab">
          Another Graft tab is {OTHER_TAB_WORDS[tab.phase] ?? tab.phase}
          {tab.detail && ` (${tab.detail})`}. Both share the saved features; heavy work runs one tab
          at a time.
        </div>
      ))}

      <main className={styles.main}>
        <section className={styles.step} aria-labelledby="step-data">
          <h2 id="step-data" className={styles.h2}>
            1. Your photos
          </h2>
          <DatasetDrop disabled={busy} onFiles={onFiles} compact={dataset !== null} />
          {activity.phase === 'importing' && (
            <p className={styles.muted}>
              Reading files… {activity.done.toLocaleString('en')} /{' '}
              {activity.total.toLocaleString('en')}
              <progress max={activity.total} value={activity.done} aria-label="Import progress" />
            </p>
          )}
          {dataset && (
            <DatasetSummary
              dataset={dataset}
              filesByPath={session.filesByPath}
              decodeFailures={state.decodeFailures}
            />
          )}
        </section>

        <section className={styles.step} aria-labelledby="step-train">
          <h2 id="step-train" className={styles.h2}>
            2. Train
          </h2>
          <div className={styles.trainLayout}>
            <div className={styles.settingsColumn}>
              <TrainSettings settings={settings} onChange={setSettings} disabled={busy} />
              <AugmentSettings
                augment={settings.augment}
                onChange={(augment) => setSettings({ ...settings, augment })}
                disabled={busy}
                trainImages={splitTotal('train')}
                testImages={splitTotal('test')}
                msPerImage={state.backend?.measured?.msPerImage ?? null}
              />
              {spec.kind === 'builtin' && (
                <WeightsPanel
                  id={spec.id}
                  inUse={
                    state.backbone && state.backbone.name === BUILTIN_BACKBONE_FACTS[spec.id].label
                      ? state.backbone
                      : null
                  }
                  disabled={busy}
                  install={(id, source, onStage) =>
                    session.installWeights(id, source, onStage, spec)
                  }
                />
              )}
            </div>
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
                  classNames={dataset.manifest.classes.map((c) => c.name)}
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
                  {state.curves.epochs.length > 0 && (
                    <> · about {duration(activity.epochEtaSeconds)} left</>
                  )}
                </p>
              )}
              {state.curves && <TrainingCharts curves={state.curves} />}
            </div>
          </div>
        </section>

        {state.outcome && dataset && (
          <section className={styles.step} aria-labelledby="step-results">
            <h2 id="step-results" className={styles.h2}>
              3. How good is it?
            </h2>
            <Evaluation
              outcome={state.outcome}
              manifest={dataset.manifest}
              filesByPath={session.filesByPath}
            />
            {spec.kind === 'builtin' && (
              <FineTune
                fineTuned={state.outcome.run.fineTuned}
                disabled={busy}
                onStart={() => void session.fineTune(spec, DEFAULT_FINE_TUNE_EPOCHS)}
              />
            )}
            <RunsTable runs={state.runs} />
            <h3 className={styles.h3}>A steadier estimate</h3>
            <KFold
              classNames={dataset.manifest.classes.map((c) => c.name)}
              disabled={busy}
              run={(k, onFold) => session.crossValidate(spec, settings.train, k, onFold)}
            />
            <h3 className={styles.h3}>Try it on a new image</h3>
            <PredictImage
              classNames={dataset.manifest.classes.map((c) => c.name)}
              predict={(file) => session.predict(spec, file)}
            />
          </section>
        )}
      </main>
    </div>
  );
}
