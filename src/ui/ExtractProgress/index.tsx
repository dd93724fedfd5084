// Extraction progress: a bar, images done of total, speed and time left, and a way to stop.
import type { ExtractProgress as Progress } from '../../shared/session';
import { plural, timeLeft } from '../format';
import styles from './ExtractProgress.module.css';

interface Props {
  readonly progress: Progress | null;
  readonly cancelling: boolean;
  readonly waitingForOtherTab: boolean;
  readonly onCancel: () => void;
}

export function ExtractProgress({ progress, cancelling, waitingForOtherTab, onCancel }: Props) {
  return (
    <div className={styles.box}>
      <div className={styles.top}>
        <strong>Extracting features</strong>
        <button type="button" onClick={onCancel} disabled={cancelling}>
          {cancelling ? 'Stopping…' : 'Cancel'}
        </button>
      </div>
      {waitingForOtherTab ? (
        <p className={styles.detail} role="status">
          Another Graft tab is extracting features. This one starts when it finishes, and reuses
          what it computed.
        </p>
      ) : progress === null ? (
        <p className={styles.detail}>Loading the backbone and checking the cache…</p>
      ) : (
        <>
          <progress
            className={styles.bar}
            max={progress.total}
            value={progress.done}
            aria-label="Feature extraction progress"
          />
          <p className={styles.detail} data-testid="extract-progress">
            {progress.done.toLocaleString('en')} / {progress.total.toLocaleString('en')} images
            {progress.cached > 0 && (
              <>
                {' '}
                · {plural(progress.cached, 'cached')}, {progress.toCompute.toLocaleString('en')} new
              </>
            )}
            {progress.done < progress.total && (
              <>
                {' '}
                ·{' '}
                {progress.imagesPerSecond > 0
                  ? `${progress.imagesPerSecond.toFixed(1)} images/s`
                  : 'warming up'}{' '}
                · {timeLeft(progress.etaSeconds)}
              </>
            )}
          </p>
        </>
      )}
    </div>
  );
}
