// What the "On this device" panel shows: storage (asking once for persistence when the first
// dataset is imported) and which backbones can run offline, with real weights or generated ones.
// Re-read whenever a refresh key changes (a run ended, weights were installed), since both move
// with the work done. Readiness is its own hook: the backbone choice needs it before the projects.
import { useEffect, useState } from 'react';
import { withEngine } from '../bridge/engine';
import type { BackboneReadiness, StorageStatus } from '../shared/offline';
import { backboneReadiness } from './offlineBackbones';
import { requestPersistenceOnce, storageStatus } from './storageUsage';

export function useStorageStatus(datasetImported: boolean, refreshKey: string) {
  const [storage, setStorage] = useState<StorageStatus | null>(null);

  useEffect(() => {
    // The first real project is worth keeping: ask the browser not to evict it (once).
    if (datasetImported)
      void requestPersistenceOnce()
        .then(() => storageStatus())
        .then(setStorage);
  }, [datasetImported]);

  useEffect(() => {
    void storageStatus().then(setStorage);
  }, [refreshKey]);

  return storage;
}

export function useBackboneReadiness(refreshKey: string) {
  const [readiness, setReadiness] = useState<BackboneReadiness | null>(null);
  /** The first look at the backbones is over (readiness may still be null: it failed). */
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    withEngine((engine) => engine.installedWeights())
      .then((installed) => backboneReadiness(installed.map((w) => w.id)))
      .then(setReadiness)
      .catch(() => setReadiness(null)) // the worker failed to start: the app says so elsewhere
      .finally(() => setChecked(true));
  }, [refreshKey]);

  return { readiness, checked };
}
