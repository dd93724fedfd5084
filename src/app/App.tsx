// The app shell: three steps on one page (dataset, train, results) over one session.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
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
import { RunBar } from '../ui/RunBar';
import { runBarProps } from './runBarProps';
import { SavedFeatures } from '../ui/SavedFeatures';
import { WebcamPanel } from '../ui/WebcamPanel';
import { Projects } from '../ui/Projects';
import { ModelFiles } from '../ui/ModelFiles';
import { projectNameFor, useProjects } from './useProjects';
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
import { OfflineBadge } from '../ui/OfflineBadge';
import { UpdateBanner } from '../ui/UpdateBanner';
import { OfflinePanel } from '../ui/OfflinePanel';
import { usePwa } from './usePwa';
import { useDeviceStatus } from './useDeviceStatus';
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
  const projects = useProjects(session, settings, setSettings);
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
  const [preview, setPreview] = useState<Preview | string | null>(null);
  const splitTotal = (split: 'train' | 'test') =>
    dataset ? dataset.manifest.classes.reduce((n, c) => n + c.counts[split], 0) : null;
  const showPreview = () =>
    void session
      .previewAugmentation(settings.augment)
      .then(setPreview, (error: unknown) =>
        setPreview(error instanceof Error ? error.message : String(error)),
      );
  const pwa = usePwa(busy);
  const device = useDeviceStatus(
    dataset !== null,
    `${activity.phase}-${state.extraction?.computed ?? 0}-${state.backbone?.weightsHash ?? ''}-${JSON.stringify(projects.usage)}`,
  );

  const startTraining = () => void session.train(spec, settings.train, settings.augment);

  // The live loop keeps one classify function; it reads the settings in force at each frame.
  const specNow = useRef(spec);
  useEffect(() => {
    specNow.current = spec;
  });
  const { classifyFrame, captureFrames } = session;
  const classify = useCallback(
    (frame: ImageBitmap) => classifyFrame(specNow.current, frame),
    [classifyFrame],
  );
  const capture = useCallback(
    (frames: ImageBitmap[], className: string) =>
      captureFrames(frames, className, settings.splitSeed),
    [captureFrames, settings.splitSeed],
  );
  const [webcamOpen, setWebcamOpen] = useState(false);
  const trainedOn = state.trainedOn ?? dataset?.manifest;

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

  const onFiles = (files: readonly DroppedFile[], findings?: WalkFindings) => {
    projects.nameNextProject(projectNameFor(files));
    void session.importFiles(files, settings.splitSeed, findings);
  };

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
          usage={device.storage}
        />
        <button
          type="button"
          aria-pressed={webcamOpen}
          onClick={() => setWebcamOpen((open) => !open)}
        >
          Webcam
        </button>
        <OfflineBadge status={pwa.status} onInstall={() => void pwa.install()} />
      </header>
      <UpdateBanner update={pwa.status.update} busy={busy} onAccept={pwa.acceptUpdate} />

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
        {webcamOpen && (
          <WebcamPanel
            classCounts={(dataset?.manifest.classes ?? []).map((c) => ({
              name: c.name,
              count: c.counts.train + c.counts.val + c.counts.test,
            }))}
            modelReady={state.outcome !== null}
            busy={busy ? (OTHER_TAB_WORDS[activity.phase] ?? activity.phase) : null}
            classify={classify}
            capture={capture}
            captured={session.captured}
            remove={session.removeImages}
            onClose={() => setWebcamOpen(false)}
          />
        )}
        <Projects
          projects={projects.projects}
          currentId={projects.currentId}
          usage={projects.usage}
          keepImages={projects.keepImages}
          onKeepImages={projects.setKeepImages}
          onOpen={(id) => void projects.open(id)}
          onRename={(id, name) => void projects.rename(id, name)}
          onDuplicate={(id) => void projects.duplicate(id)}
          onDelete={(id) => void projects.remove(id)}
          onImport={(file) => void projects.importModel(file)}
          message={projects.message}
          disabled={busy || projects.restoring}
          restoring={projects.restoring}
        />
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

        {state.outcome && trainedOn && (
          <section className={styles.step} aria-labelledby="step-results">
            <h2 id="step-results" className={styles.h2}>
              3. How good is it?
            </h2>
            <Evaluation
              outcome={state.outcome}
              manifest={trainedOn}
              filesByPath={session.filesByPath}
              onOpenWeights={spec.kind === 'builtin' ? openWeightsPanel : undefined}
            />
            <h3 className={styles.h3}>Take it elsewhere</h3>
            <ModelFiles onExport={(kind) => void projects.exportFile(kind)} disabled={busy} />
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
              classNames={(dataset?.manifest.classes ?? []).map((c) => c.name)}
              disabled={busy}
              run={(k, onFold) => session.crossValidate(spec, settings.train, k, onFold)}
            />
            <h3 className={styles.h3}>Try it on a new image</h3>
            <PredictImage
              classNames={trainedOn.classes.map((c) => c.name)}
              predict={(file) => session.predict(spec, file)}
              backbone={state.outcome.backbone}
              onOpenWeights={spec.kind === 'builtin' ? openWeightsPanel : undefined}
            />
          </section>
        )}
        <section className={styles.step} aria-labelledby="step-device">
          <h2 id="step-device" className={styles.h2}>
            On this device
          </h2>
          <OfflinePanel
            readiness={device.readiness}
            storage={device.storage}
            version={String(import.meta.env.VITE_GRAFT_VERSION ?? 'dev')}
          />
        </section>
      </main>
    </div>
  );
}
