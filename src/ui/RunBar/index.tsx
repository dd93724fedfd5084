// The run in progress, pinned to the top of the window: what is happening, how far it is, how long
// is left, and a way to stop it. Long runs are where people scroll away; this never leaves the screen.
import styles from './RunBar.module.css';

export interface RunBarProps {
  /** What is happening, in words: "Extracting features". */
  readonly title: string;
  /** Progress as done of total; null while it cannot be counted yet (the bar is indeterminate). */
  readonly progress: { readonly done: number; readonly total: number } | null;
  /** "12 / 40 images · 3.1 images/s", "epoch 4 of up to 30". */
  readonly detail: string;
  /** "about 2 min left"; empty while unknown. */
  readonly eta: string;
  readonly stop?: { readonly label: string; readonly busy: boolean; readonly onStop: () => void };
}

export function RunBar({ title, progress, detail, eta, stop }: RunBarProps) {
  return (
    <div className={styles.bar} role="region" aria-label="Progress" data-testid="run-bar">
      <div className={styles.words}>
        <strong className={styles.title}>{title}</strong>
        <span className={styles.detail} aria-live="polite">
          {detail}
          {eta && <> · {eta}</>}
        </span>
      </div>
      {progress ? (
        <progress
          className={styles.progress}
          max={Math.max(1, progress.total)}
          value={progress.done}
          aria-label={`${title}: progress`}
        />
      ) : (
        <progress className={styles.progress} aria-label={`${title}: progress`} />
      )}
      {stop && (
        <button type="button" onClick={stop.onStop} disabled={stop.busy}>
          {stop.busy ? 'Stopping…' : stop.label}
        </button>
      )}
    </div>
  );
}
