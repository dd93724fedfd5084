// A new version of the app: offered, never forced. Accepted during an extraction or training, it
// waits for that work to end, so nothing running is cut off and old and new code never mix.
import type { AppShellStatus } from '../../shared/offline';
import styles from './UpdateBanner.module.css';

interface Props {
  readonly update: AppShellStatus['update'];
  /** An extraction, import or training is running. */
  readonly busy: boolean;
  readonly onAccept: () => void;
}

const KEEPS = 'Your datasets, saved features and installed weights are kept.';

export function UpdateBanner({ update, busy, onAccept }: Props) {
  if (update === 'none') return null;
  const text =
    update === 'deferred'
      ? 'The update will be applied as soon as the running work ends.'
      : update === 'reload-needed'
        ? 'Graft was updated in another tab; this one still runs the old version.'
        : busy
          ? 'Update available. It can wait until the running work ends.'
          : 'Update available, reload to use it.';
  return (
    <div className={styles.banner} role="status" data-testid="update-banner" data-update={update}>
      <span>
        {text} {KEEPS}
      </span>
      {update !== 'deferred' && (
        <button type="button" onClick={onAccept}>
          {busy ? 'Update when done' : 'Reload to update'}
        </button>
      )}
    </div>
  );
}
