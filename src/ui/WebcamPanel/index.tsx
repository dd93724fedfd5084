// The Webcam panel: the camera's picture, the trained model's live confidence for every class (in
// the worker, one frame at a time), and capture into the dataset. The camera is released when the
// panel closes, the tab is hidden or the page is left.
import { useState } from 'react';
import type { BackboneInfo } from '../../shared/backbone';
import type { ContentHash } from '../../shared/brand';
import type { ConfidenceFloor } from '../../shared/confidence';
import type { AddedImage, DatasetEdit, FramePrediction } from '../../shared/webcam';
import type { UnlabeledCapture } from '../../shared/labelAssist';
import { CaptureControls } from './CaptureControls';
import { Predictions } from './Predictions';
import { useCamera, type CameraChoice } from './useCamera';
import { useLiveClassifier, type LivePrediction } from './useLiveClassifier';
import { EvidenceSwitch } from './EvidenceSwitch';
import { HeatmapCanvas } from '../Evidence';
import { WeightsWarning } from '../WeightsWarning';
import styles from './WebcamPanel.module.css';

interface Props {
  /** The dataset's classes with their image counts (updated as frames are captured). */
  readonly classCounts: readonly { readonly name: string; readonly count: number }[];
  /** A trained model exists; otherwise the panel says what to do first. */
  readonly modelReady: boolean;
  /** The backbone the model was trained on: generated weights make every prediction meaningless. */
  readonly backbone: BackboneInfo | null;
  /** The model's "not sure" level (shared/confidence.ts); null when it has none. */
  readonly floor: ConfidenceFloor | null;
  /** Opens the Weights panel (built-in backbones only). */
  readonly onOpenWeights?: () => void;
  /** Why the engine cannot take frames now (training, extracting), or null. */
  readonly busy: string | null;
  readonly classify: (frame: ImageBitmap) => Promise<FramePrediction>;
  /** Classifies and explains a frame (the "Show evidence" switch); no switch without it. */
  readonly explainFrame?: (frame: ImageBitmap) => Promise<LivePrediction>;
  readonly capture: (frames: ImageBitmap[], className: string) => Promise<DatasetEdit>;
  /** Frames into the photos without a label (label assist's pool). */
  readonly captureUnlabeled?: (frames: ImageBitmap[]) => Promise<UnlabeledCapture>;
  readonly unlabeledCount: number;
  readonly captured: readonly AddedImage[];
  readonly remove: (ids: readonly ContentHash[]) => Promise<void>;
  readonly onClose: () => void;
}

const NO_MODEL_YET =
  'No trained model yet. Add photos in step 1 (or capture frames of two or more classes below) and press Train; then this panel names what the camera sees.';

/** The live heatmap's bitmap width: smooth enough once stretched over the video, cheap per frame. */
const OVERLAY_WIDTH = 160;

export function WebcamPanel(props: Props) {
  const { modelReady, busy, classify, explainFrame } = props;
  const [choice, setChoice] = useState<CameraChoice>({ deviceId: null, facing: null });
  const [attempt, setAttempt] = useState(0);
  const [smoothing, setSmoothing] = useState(false);
  const [evidenceOn, setEvidenceOn] = useState(false);
  const { videoRef, state: camera, cameras } = useCamera(choice, attempt);
  const live = camera.kind === 'live';
  const running = live && modelReady && busy === null;
  const explaining = evidenceOn && explainFrame !== undefined;
  const prediction = useLiveClassifier(
    videoRef,
    running,
    explaining ? explainFrame : classify,
    smoothing,
  );
  const view = explaining && prediction.kind === 'live' ? prediction.view : null;
  // What stands between the picture and a prediction, in the order a person would fix it.
  const paused = !modelReady
    ? NO_MODEL_YET
    : busy
      ? `Paused while ${busy}.`
      : camera.kind === 'live'
        ? null
        : camera.kind === 'starting'
          ? 'Waiting for the camera…'
          : 'The camera is not running.';

  return (
    <section className={styles.panel} aria-labelledby="webcam-title" data-testid="webcam-panel">
      <div className={styles.head}>
        <h2 id="webcam-title" className={styles.h2}>
          Webcam
        </h2>
        <button type="button" onClick={props.onClose}>
          Close webcam
        </button>
      </div>
      <div className={styles.layout}>
        <div className={styles.videoColumn}>
          <div className={styles.stage}>
            <video
              ref={videoRef}
              className={live && camera.mirrored ? styles.mirrored : styles.video}
              muted
              playsInline
              aria-label="Camera picture"
              data-testid="webcam-video"
              data-state={camera.kind}
            />
            {view?.evidence && (
              // The frame as the worker saw it (all of it, stretched to a square), laid over the
              // video with the video's own fit and mirroring.
              <HeatmapCanvas
                evidence={view.evidence}
                opacity={0.55}
                width={OVERLAY_WIDTH}
                height={Math.max(1, Math.round(OVERLAY_WIDTH / (view.frameAspect || 1)))}
                className={`${styles.overlay} ${camera.kind === 'live' && camera.mirrored ? styles.mirroredOverlay : ''}`}
              />
            )}
          </div>
          <div className={styles.row}>
            {cameras.length > 1 && (
              <label>
                Camera{' '}
                <select
                  value={choice.deviceId ?? ''}
                  onChange={(e) => setChoice({ deviceId: e.target.value || null, facing: null })}
                >
                  <option value="">Default</option>
                  {cameras.map((c, i) => (
                    <option key={c.deviceId || i} value={c.deviceId}>
                      {c.label || `Camera ${i + 1}`}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {cameras.length > 1 && (
              <button
                type="button"
                onClick={() =>
                  setChoice((c) => ({
                    deviceId: null,
                    facing: c.facing === 'environment' ? 'user' : 'environment',
                  }))
                }
              >
                {choice.facing === 'environment' ? 'Front camera' : 'Back camera'}
              </button>
            )}
            {camera.kind === 'failed' && (
              <button type="button" onClick={() => setAttempt((n) => n + 1)}>
                Start camera
              </button>
            )}
          </div>
          {camera.kind === 'failed' && (
            <p className={styles.error} role="alert" data-testid="webcam-error">
              {camera.message}
            </p>
          )}
          {camera.kind === 'starting' && <p className={styles.muted}>Starting the camera…</p>}
          {camera.kind === 'paused' && (
            <p className={styles.muted}>Camera paused while this tab is hidden.</p>
          )}
        </div>
        <div className={styles.side}>
          {modelReady && (
            <WeightsWarning
              backbone={props.backbone}
              subject="What the camera sees"
              onOpenWeights={props.onOpenWeights}
            />
          )}
          {explainFrame && modelReady && (
            <EvidenceSwitch
              on={evidenceOn}
              onChange={setEvidenceOn}
              live={prediction}
              disabled={!running}
            />
          )}
          <Predictions
            live={prediction}
            paused={paused}
            smoothing={smoothing}
            onSmoothing={setSmoothing}
            floor={props.floor}
          />
          <CaptureControls
            videoRef={videoRef}
            classCounts={props.classCounts}
            disabled={
              !live ? 'Start the camera to capture.' : busy ? `Paused while ${busy}.` : null
            }
            capture={props.capture}
            captureUnlabeled={props.captureUnlabeled}
            unlabeledCount={props.unlabeledCount}
            captured={props.captured}
            remove={props.remove}
          />
        </div>
      </div>
    </section>
  );
}
