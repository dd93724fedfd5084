// What the "On this device" panel shows: storage (asking once for persistence when the first
// dataset is imported) and which backbones can run offline. Re-read whenever `refreshKey` changes
// (a run ended, weights were installed), since both move with the work done.
import { useEffect, useState } from 'react';
import { withEngine } from '../bridge/engine';
import type { BackboneReadiness, StorageStatus } from '../shared/offline';
import { backboneReadiness } from './offlineBackbones';
import { requestPersistenceOnce, storageStatus } from './storageUsage';

export function useDeviceStatus(datasetImported: boolean, refreshKey: string) {
  const [storage, setStorage] = useState<StorageStatus | null>(null);
  const [readiness, setReadiness] = useState<BackboneReadiness | null>(null);

  useEffect(() => {
    // The first real project is worth keeping: ask the browser not to evict it (once).
    if (datasetImported)
      void requestPersistenceOnce()
        .then(() => storageStatus())
        .then(setStorage);
  }, [datasetImported]);

  useEffect(() => {
    void storageStatus().then(setStorage);
    withEngine((engine) => engine.installedWeights())
      .then((installed) => backboneReadiness(installed.map((w) => w.id)))
      .then(setReadiness)
      .catch(() => setReadiness(null)); // the worker failed to start: the app says so elsewhere
  }, [refreshKey]);

  return { storage, readiness };
}
