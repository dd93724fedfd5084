// Storage persistence and usage (main thread: persist() exists only on window), so the UI can show
// how much room the feature cache takes and ask the browser not to evict it.
import type { StorageUsage } from '../shared/session';

/** Asks the browser not to evict our data under pressure. Harmless when refused or unsupported. */
export async function requestPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

export async function storageUsage(): Promise<StorageUsage | null> {
  if (!navigator.storage?.estimate) return null;
  const [estimate, persisted] = await Promise.all([
    navigator.storage.estimate(),
    navigator.storage.persisted?.() ?? Promise.resolve(false),
  ]);
  return { usageBytes: estimate.usage ?? 0, quotaBytes: estimate.quota ?? 0, persisted };
}
