// Every class of the model with its live confidence, the top one highlighted, and the measured
// speed: predictions per second and the time from grabbing a frame to its prediction. Below the
// model's confidence floor the top line says "not sure" and keeps the best guess in small type.
import { floorWords, isSure, type ConfidenceFloor } from '../../shared/confidence';
import { percent } from '../format';
import { formatFps } from './liveStats';
import { SMOOTHING_FRAMES, type LiveState } from './useLiveClassifier';
import styles from './WebcamPanel.module.css';

interface Props {
  readonly live: LiveState;
  readonly paused: string | null;
  readonly smoothing: boolean;
  readonly onSmoothing: (on: boolean) => void;
  /** The trained model's "not sure" level; null when it has none. */
  readonly floor: ConfidenceFloor | null;
}

export function Predictions({ live, paused, smoothing, onSmoothing, floor }: Props) {
  if (paused) return <p className={styles.muted}>{paused}</p>;
  if (live.kind === 'no-model' || live.kind === 'failed') {
    return (
      <p className={live.kind === 'failed' ? styles.error : styles.hint} role="status">
        {live.message}
      </p>
    );
  }
  if (live.kind === 'waiting')
    return <p className={styles.muted}>Waiting for the first prediction…</p>;

  const { view } = live;
  const top = Math.max(...view.probabilities);
  const best = view.probabilities.indexOf(top);
  const sure = isSure(floor, top);
  return (
    <div className={styles.predictions}>
      <p className={styles.topLine}>
        <span className={styles.muted}>Sees:</span>{' '}
        <strong data-testid="webcam-top" data-sure={String(sure)}>
          {sure ? view.classNames[best] : 'not sure'}
        </strong>
        {!sure && (
          <span className={styles.guess} data-testid="webcam-guess">
            {' '}
            best guess {view.classNames[best]} {percent(top)}
          </span>
        )}
      </p>
      <p className={styles.floor} data-testid="webcam-floor">
        {floorWords(floor)}
      </p>
      <ul className={styles.bars} aria-label="Confidence per class">
        {view.classNames.map((name, i) => {
          const p = view.probabilities[i] ?? 0;
          return (
            <li
              key={name}
              className={i === best ? styles.best : undefined}
              data-class={name}
              data-probability={p}
            >
              <span className={styles.bar} style={{ width: `${p * 100}%` }} aria-hidden />
              <span className={styles.barName} title={name}>
                {name}
              </span>
              <span className={styles.barValue}>{percent(p)}</span>
            </li>
          );
        })}
      </ul>
      <p
        className={styles.speed}
        data-testid="webcam-speed"
        data-max-in-flight={view.maxInFlight}
        data-sent={view.sent}
        data-dropped={view.dropped}
      >
        {view.fps === null ? (
          'measuring speed…'
        ) : (
          <>
            <span data-testid="webcam-fps">{formatFps(view.fps)}</span> frames/s
          </>
        )}{' '}
        · <span data-testid="webcam-latency">{Math.round(view.latencyMs)}</span> ms from frame to
        prediction · {view.dropped.toLocaleString('en')} frames skipped while the model was busy
      </p>
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={smoothing}
          onChange={(event) => onSmoothing(event.target.checked)}
        />
        Smooth over the last {SMOOTHING_FRAMES} frames (steadier bars, slower to follow a change)
      </label>
    </div>
  );
}
