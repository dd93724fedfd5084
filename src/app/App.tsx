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
import { StatusBar } from '../ui/StatusBar';
import { RunBar } from '../ui/RunBar';
import { runBarProps } from './runBarProps';
import { SavedFeatures } from '../ui/SavedFeatures';
import { WeightsPanel, openWeightsPanel } from '../ui/WeightsPanel';
import { BackboneImport } from '../ui/BackboneImport';
import { CostEstimate } from '../ui/CostEstimate';
import { useImportedBackbones } from './useImportedBackbones';
import { BUILTIN_BACKBONE_FACTS } from '../shared/backbone';
import { duration, timeLeft } from '../ui/format';
import { readUrlOptions } from './urlOptions';
import { backboneSpec, defaultSettings } from './settings';
import { useSession } from './useSession';
import { useOtherTabs } from './useOtherTabs';
import { requestPersistence, storageUsage } from './storageUsage';
import type { StorageUsage } from '../shared/session';
import styles from './App.module.css';

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
  const { imported, showImport, setShowImport, onImported } = useImportedBackbones(
    session.importedBackbones,
    setSettings,
  );
  // Built-in and imported backbones load as soon as the backend is up, so the weights in use are
  // always shown.
  const builtinKey =
    spec.kind === 'builtin'
      ? `${spec.id}@${spec.inputSize}`
      : spec.kind === 'imported'
        ? `${spec.id}@${spec.inputSize ?? ''}`
        : null;
  const backendReady = state.backend !== null;
  const { showBackbone } = session;
  useEffect(() => {
    if (backendReady && builtinKey) void showBackbone(spec);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- builtinKey is spec's identity
  }, [backendReady, builtinKey, showBackbone]);
  const [usage, setUsage] = useState<StorageUsage | null>(null);
  useEffect(() => {
    void storageUsage().then(setUsage);
    // On every phase change: a cancelled run saved features too, without an extraction result.
  }, [activity.phase]);

  const runBar = runBarProps(state, session.cancel);
  const toMobileNet = {
    label: 'MobileNetV2',
    costRatio:
      BUILTIN_BACKBONE_FACTS.mobilenetv2.gMultiplyAddsAt224 /
      BUILTIN_BACKBONE_FACTS.vgg16.gMultiplyAddsAt224,
    use: () => setSettings((s) => ({ ...s, backbone: { kind: 'builtin', id: 'mobilenetv2' } })),
  } as const;
  // Training is what people watch: bring the live charts into view when it starts.
  const training = activity.phase === 'training';
  useEffect(() => {
    if (training) document.getElementById('training-charts')?.scrollIntoView({ block: 'nearest' });
  }, [training]);

  const startTraining = () => {
    // Cached features are hours of work on a slow device: ask the browser not to evict them.
    void requestPersistence();
    void session.train(spec, settings.train);
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

      {runBar && <RunBar {...runBar} />}

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
              <TrainSettings
                settings={settings}
                onChange={setSettings}
                disabled={busy}
                imported={imported}
                onImportRequested={() => setShowImport(true)}
              />
              {showImport && (
                <BackboneImport
                  disabled={busy}
                  inspect={session.inspectBackbone}
                  save={session.saveImportedBackbone}
                  onSaved={onImported}
                  onClose={() => setShowImport(false)}
                />
              )}
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
              {dataset && !busy && (
                <CostEstimate
                  images={dataset.manifest.images.length}
                  backend={state.backend}
                  backboneLabel={state.backbone?.name ?? 'this backbone'}
                  faster={spec.kind === 'builtin' && spec.id === 'vgg16' ? toMobileNet : undefined}
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
              onOpenWeights={spec.kind === 'builtin' ? openWeightsPanel : undefined}
            />
            <h3 className={styles.h3}>Try it on a new image</h3>
            <PredictImage
              classNames={dataset.manifest.classes.map((c) => c.name)}
              predict={(file) => session.predict(spec, file)}
              backbone={state.outcome.backbone}
              onOpenWeights={spec.kind === 'builtin' ? openWeightsPanel : undefined}
            />
          </section>
        )}
      </main>
    </div>
  );
}
