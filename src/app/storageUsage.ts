// Storage persistence and usage (main thread: persist() exists only on window), so the UI can show
// how much room the feature cache takes and ask the browser not to evict it.
import type { StorageStatus } from '../shared/offline';

/** Remembered in localStorage: persist() is asked once per browser profile, not at every visit. */
export const PERSIST_ASKED_KEY = 'graft.persist-asked';

interface StorageDeps {
  readonly storage: StorageManager | undefined;
  readonly remember: Pick<Storage, 'getItem' | 'setItem'>;
}

const browserDeps = (): StorageDeps => ({ storage: navigator.storage, remember: localStorage });

/**
 * Asks the browser, once, not to evict our data under pressure (cached features are hours of work
 * on a slow device). Resolves to whether it is persisted now; harmless when refused or unsupported.
 */
export async function requestPersistenceOnce(deps: StorageDeps = browserDeps()): Promise<boolean> {
  const { storage, remember } = deps;
  try {
    if (await storage?.persisted?.()) return true;
    if (remember.getItem(PERSIST_ASKED_KEY) !== null || !storage?.persist) return false;
    remember.setItem(PERSIST_ASKED_KEY, new Date().toISOString());
    return await storage.persist();
  } catch {
    return false;
  }
}

export async function storageStatus(
  deps: StorageDeps = browserDeps(),
): Promise<StorageStatus | null> {
  const { storage, remember } = deps;
  if (!storage?.estimate) return null;
  const [estimate, persisted] = await Promise.all([
    storage.estimate(),
    storage.persisted?.() ?? Promise.resolve(false),
  ]);
  return {
    usageBytes: estimate.usage ?? 0,
    quotaBytes: estimate.quota ?? 0,
    persisted,
    asked: remember.getItem(PERSIST_ASKED_KEY) !== null,
  };
}
