// The app shell: three steps on one page (dataset, train, results) over one session.
import { useMemo, useState } from 'react';
import type { DroppedFile, WalkFindings } from '../shared/dataset';
import type { RetrainProgress } from '../shared/labelAssist';
import { DatasetDrop } from '../ui/DatasetDrop';
import { DatasetSummary, isTrainable } from '../ui/DatasetSummary';
import { StatusBar } from '../ui/StatusBar';
import { RunBar } from '../ui/RunBar';
import { runBarProps } from './runBarProps';
import { WebcamPanel } from '../ui/WebcamPanel';
import { Projects } from '../ui/Projects';
import { projectNameFor, useProjects } from './useProjects';
import { openWeightsPanel } from '../ui/WeightsPanel';
import { TrainSide } from './TrainSide';
import { SettingsColumn } from './SettingsColumn';
import { ResultsStep } from './ResultsStep';
import { readUrlOptions } from './urlOptions';
import { useBackbone } from './useBackbone';
import { useSession } from './useSession';
import { useWebcamCallbacks } from './useWebcamCallbacks';
import { useOtherTabs } from './useOtherTabs';
import { OfflineBadge } from '../ui/OfflineBadge';
import { UpdateBanner } from '../ui/UpdateBanner';
import { OfflinePanel } from '../ui/OfflinePanel';
import { usePwa } from './usePwa';
import { SIDE_WORK_WORDS, useSideWork } from './useSideWork';
import { useStorageStatus } from './useDeviceStatus';
import { useRevealResult } from './useRevealResult';
import { LabelAssist } from '../ui/LabelAssist';
import { accuracyMove, useLabelAssist } from './useLabelAssist';
import styles from './App.module.css';

const OTHER_TAB_WORDS: Partial<Record<string, string>> = {
  importing: 'reading files',
  extracting: 'extracting features',
  training: 'training',
};

export function App() {
  const urlOptions = useMemo(() => readUrlOptions(location.search), []);
  const session = useSession(urlOptions.backend);
  const { state } = session;
  const backbone = useBackbone(urlOptions, session);
  const { settings, spec } = backbone;
  const setSettings = backbone.change;
  const projects = useProjects(session, settings, backbone.arrive);
  const { activity, dataset } = state;
  const sideWork = useSideWork();
  const phaseBusy =
    activity.phase === 'importing' ||
    activity.phase === 'extracting' ||
    activity.phase === 'training';
  const busy = phaseBusy || sideWork.running !== null;
  const canTrain = !busy && dataset !== null && isTrainable(dataset.problems);
  const progressWords =
    activity.phase === 'extracting' && activity.progress
      ? `${activity.progress.done} / ${activity.progress.total} images`
      : activity.phase === 'training' && state.curves
        ? `epoch ${state.curves.epochs.length} of ${state.curves.plannedEpochs}`
        : '';
  const busyElsewhere = useOtherTabs(activity.phase, progressWords).filter((tab) =>
    ['importing', 'extracting', 'training'].includes(tab.phase),
  );
  const splitTotal = (split: 'train' | 'test') =>
    dataset ? dataset.manifest.classes.reduce((n, c) => n + c.counts[split], 0) : null;
  const sideWorkWords = sideWork.running && SIDE_WORK_WORDS[sideWork.running];
  const busyWords = phaseBusy ? (OTHER_TAB_WORDS[activity.phase] ?? activity.phase) : sideWorkWords;
  const pwa = usePwa(busy);
  const storage = useStorageStatus(
    dataset !== null,
    `${activity.phase}-${state.extraction?.computed ?? 0}-${state.backbone?.weightsHash ?? ''}-${JSON.stringify(projects.usage)}`,
  );
  useRevealResult(activity.phase, projects.restoring, state.outcome !== null);

  const startTraining = () => void session.train(spec, settings.train, settings.augment);
  const retrainQuietly = (onProgress: (progress: RetrainProgress) => void) =>
    sideWork.track('retrain', () =>
      session.retrainQuietly(spec, settings.train, settings.augment, onProgress),
    );
  const labels = useLabelAssist(session, spec, busy, retrainQuietly, projects.currentId);

  const { classify, capture, explain } = useWebcamCallbacks(session, spec, settings.splitSeed);
  const [webcamOpen, setWebcamOpen] = useState(false);
  const trainedOn = state.trainedOn ?? dataset?.manifest;

  const runBar = runBarProps(state, session.cancel);
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
          backendChoice={state.backendChoice}
          backbone={state.backbone}
          usage={storage}
          working={sideWorkWords}
        />
        <div className={styles.headerTools}>
          <button
            type="button"
            aria-pressed={webcamOpen}
            onClick={() => setWebcamOpen((open) => !open)}
          >
            Webcam
          </button>
          <OfflineBadge status={pwa.status} onInstall={() => void pwa.install()} />
        </div>
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
            backbone={state.outcome?.backbone ?? null}
            floor={state.outcome?.confidenceFloor ?? null}
            onOpenWeights={spec.kind === 'builtin' ? openWeightsPanel : undefined}
            busy={busyWords}
            classify={classify}
            explainFrame={explain}
            capture={capture}
            captureUnlabeled={labels.captureUnlabeled}
            unlabeledCount={labels.pool?.unlabeledCount ?? 0}
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
          disabled={phaseBusy || projects.restoring}
          engineBusy={sideWork.running !== null}
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
          <LabelAssist
            pool={labels.pool}
            suggestions={labels.suggestions}
            thumbs={labels.thumbs}
            busy={busy}
            retraining={labels.retraining}
            message={labels.message}
            accuracy={labels.pool?.photos.length ? accuracyMove(state.runs) : null}
            threshold={labels.threshold}
            onThreshold={labels.setThreshold}
            preview={labels.preview}
            onFiles={labels.addFiles}
            onDecide={(d) => void labels.decide(d)}
            onUndo={(id) => void labels.undo(id)}
            onNewClass={labels.newClass}
            onAccept={() => void labels.accept()}
          />
        </section>

        <section className={styles.step} aria-labelledby="step-train">
          <h2 id="step-train" className={styles.h2}>
            2. Train
          </h2>
          <div className={styles.trainLayout}>
            <SettingsColumn
              session={session}
              settings={settings}
              setSettings={setSettings}
              spec={spec}
              busy={busy}
              imports={backbone}
              trainImages={splitTotal('train')}
              testImages={splitTotal('test')}
            />
            <TrainSide
              session={session}
              spec={spec}
              settings={settings}
              busy={busy}
              canTrain={canTrain}
              onTrain={startTraining}
              backboneLabel={backbone.label}
              suggestion={backbone.suggestion}
              onUseSuggestion={() => backbone.suggestion && backbone.pick(backbone.suggestion.pick)}
            />
          </div>
        </section>

        {state.outcome && trainedOn && (
          <ResultsStep
            session={session}
            outcome={state.outcome}
            trainedOn={trainedOn}
            spec={spec}
            settings={settings}
            busy={busy}
            track={sideWork.track}
            onExport={(kind) => void projects.exportFile(kind)}
            onPredicted={projects.rememberPrediction}
          />
        )}
        <section className={styles.step} aria-labelledby="step-device">
          <h2 id="step-device" className={styles.h2}>
            On this device
          </h2>
          <OfflinePanel
            readiness={backbone.readiness}
            storage={storage}
            version={String(import.meta.env.VITE_GRAFT_VERSION ?? 'dev')}
          />
        </section>
      </main>
    </div>
  );
}
