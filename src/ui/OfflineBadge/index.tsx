// The small always-visible facts about the app itself: online or offline, whether it would reload
// without a network, and the browser's offer to install it as an app.
import type { AppShellStatus } from '../../shared/offline';
import styles from './OfflineBadge.module.css';

interface Props {
  readonly status: AppShellStatus;
  readonly onInstall: () => void;
}

export function OfflineBadge({ status, onInstall }: Props) {
  const { online, offlineReady, canInstall } = status;
  return (
    <div className={styles.badge}>
      <span
        className={online ? styles.online : styles.offline}
        title={
          online
            ? 'Connected. Graft does not need the network once it is ready offline.'
            : 'No network. Everything on this page still works: nothing is uploaded anyway.'
        }
      >
        <span className={styles.dot} aria-hidden />
        <span data-testid="network" data-online={online}>
          {online ? 'online' : 'offline'}
        </span>
      </span>
      <span
        className={styles.detail}
        data-testid="offline-ready"
        data-ready={offlineReady}
        title="The app's files are kept on this computer by its service worker."
      >
        {offlineReady ? 'works offline' : 'getting ready to work offline…'}
      </span>
      {canInstall && (
        <button type="button" className={styles.install} onClick={onInstall}>
          Install app
        </button>
      )}
    </div>
  );
}
