// The features saved in this browser, per setting, with a way to delete the ones no longer needed.
import { useCallback, useEffect, useState } from 'react';
import type { SavedFeatures as Saved } from '../../shared/engine';
import { plural } from '../format';
import { formatBytes } from '../../shared/text';
import styles from './SavedFeatures.module.css';

interface Props {
  readonly load: () => Promise<Saved[]>;
  readonly remove: (settingsId: string) => Promise<void>;
  /** Open (and refreshed) when storage ran out, so the person sees what can go. */
  readonly urgent: boolean;
  /** Changes whenever the saved features may have changed, to refresh the list. */
  readonly version: unknown;
}

export function SavedFeatures({ load, remove, urgent, version }: Props) {
  const [entries, setEntries] = useState<Saved[] | null>(null);
  const refresh = useCallback(() => {
    load().then(setEntries, () => setEntries([]));
  }, [load]);
  useEffect(refresh, [refresh, version]);

  if (!entries || entries.length === 0) return null;
  const total = entries.reduce((sum, e) => sum + e.bytes, 0);
  return (
    <details className={styles.box} open={urgent || undefined}>
      <summary>
        Saved features: {formatBytes(total)} in {plural(entries.length, 'setting')}
      </summary>
      <ul className={styles.list}>
        {entries.map((entry) => (
          <li key={entry.settingsId}>
            <span>
              {entry.label} · {plural(entry.count, 'image')} · {formatBytes(entry.bytes)}
              {entry.current && <strong> (in use)</strong>}
            </span>
            <button
              type="button"
              onClick={() => void remove(entry.settingsId).then(refresh)}
              aria-label={`Delete saved features: ${entry.label}`}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
