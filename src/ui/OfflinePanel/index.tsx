// "On this device": what works without a network (which backbones have their weights here) and the
// storage the app uses, whether the browser may evict it, and what that means.
import { BUILTIN_BACKBONE_FACTS, type BuiltinBackboneId } from '../../shared/backbone';
import type { BackboneReadiness, OfflineReadiness, StorageStatus } from '../../shared/offline';
import { formatBytes } from '../../shared/text';
import styles from './OfflinePanel.module.css';

const READINESS_WORDS: Record<OfflineReadiness, string> = {
  installed: 'ready offline: real weights installed in this browser',
  cached: "ready offline: the app's real weights, kept by the app",
  'needs-network':
    "needs the network once: the app's real weights are not downloaded yet (offline, generated test weights would run instead)",
  generated:
    'ready offline with generated test weights only; install real weights in the Weights panel',
};

interface Props {
  readonly readiness: BackboneReadiness | null;
  readonly storage: StorageStatus | null;
  /** The app's version, so a person can tell which one runs after an update. */
  readonly version: string;
}

export function OfflinePanel({ readiness, storage, version }: Props) {
  return (
    <div className={styles.panel}>
      <div>
        <h3 className={styles.h3}>Backbones without a network</h3>
        {readiness ? (
          <ul className={styles.list}>
            {(Object.keys(readiness) as BuiltinBackboneId[]).map((id) => (
              <li
                key={id}
                data-testid="offline-backbone"
                data-backbone={id}
                data-ready={readiness[id]}
              >
                <strong>{BUILTIN_BACKBONE_FACTS[id].label}</strong>{' '}
                <span className={readiness[id] === 'needs-network' ? styles.warning : undefined}>
                  {READINESS_WORDS[readiness[id]]}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className={styles.muted}>Checking…</p>
        )}
      </div>
      <div>
        <h3 className={styles.h3}>Storage</h3>
        {storage ? (
          <StorageFacts storage={storage} />
        ) : (
          <p className={styles.muted}>Not reported by this browser.</p>
        )}
        <p className={styles.muted}>
          Graft <span data-testid="app-version">{version}</span>
        </p>
      </div>
    </div>
  );
}

function StorageFacts({ storage }: { readonly storage: StorageStatus }) {
  const { usageBytes, quotaBytes, persisted, asked } = storage;
  return (
    <>
      <p data-testid="storage-usage">
        {formatBytes(usageBytes)} used of {formatBytes(quotaBytes)} this browser allows this site.
      </p>
      <p data-testid="storage-persisted" data-persisted={persisted} data-asked={asked}>
        {persisted
          ? 'Persistent storage granted: the browser will not delete your features and weights to free space.'
          : asked
            ? 'Persistent storage was not granted.'
            : 'Graft asks for persistent storage when you import your first dataset.'}
      </p>
      {!persisted && (
        <p className={styles.muted}>
          Without it, when the disk runs low the browser may delete this site&apos;s data (saved
          features, installed weights, the original images of projects that keep them), least
          recently used sites first. Your photos never leave this device. Installing the app or
          bookmarking it makes the browser more likely to grant persistence.
        </p>
      )}
    </>
  );
}
