// Persistent storage is asked once per profile, and the storage status says whether it was.
import { describe, expect, it, vi } from 'vitest';
import {
  PERSIST_ASKED_KEY,
  requestPersistenceOnce,
  storageStatus,
} from '../../../src/app/storageUsage';

function fakes(granted: boolean, alreadyPersisted = false) {
  const remembered = new Map<string, string>();
  const storage = {
    persist: vi.fn(async () => granted),
    persisted: vi.fn(async () => alreadyPersisted),
    estimate: vi.fn(async () => ({ usage: 1234, quota: 10_000 })),
  };
  const remember = {
    getItem: (key: string) => remembered.get(key) ?? null,
    setItem: (key: string, value: string) => void remembered.set(key, value),
  };
  return { storage, remember, deps: { storage: storage as unknown as StorageManager, remember } };
}

describe('requestPersistenceOnce', () => {
  it('asks once, however often it is called', async () => {
    const { storage, deps } = fakes(false);
    expect(await requestPersistenceOnce(deps)).toBe(false);
    expect(await requestPersistenceOnce(deps)).toBe(false);
    expect(storage.persist).toHaveBeenCalledTimes(1);
    expect((await storageStatus(deps))?.asked).toBe(true);
  });

  it('does not ask when storage is already persistent', async () => {
    const { storage, remember, deps } = fakes(true, true);
    expect(await requestPersistenceOnce(deps)).toBe(true);
    expect(storage.persist).not.toHaveBeenCalled();
    expect(remember.getItem(PERSIST_ASKED_KEY)).toBeNull();
  });
});

describe('storageStatus', () => {
  it('reports usage, quota, persistence, and that nothing was asked yet', async () => {
    const { deps } = fakes(true);
    expect(await storageStatus(deps)).toEqual({
      usageBytes: 1234,
      quotaBytes: 10_000,
      persisted: false,
      asked: false,
    });
  });
});
