// Worker entry: wires the engine to the browser's decoder, IndexedDB and backends, and exposes it.
import { expose } from 'comlink';
import { createEngine, type EngineWorkerApi } from '../ml/engine';
import { initBackend } from '../ml/backends';
import { loadBackboneForSpec } from '../ml/loadBackbone';
import { decodeToRgba } from '../data/decode';
import { DB_NAME, openGraftDb } from '../storage/db';
import { createFeatureCache } from '../storage/featureCache';
import { holdLivenessLock } from '../shared/liveness';

const alive = holdLivenessLock(self.name);

const api: EngineWorkerApi = Object.assign(
  createEngine({
    initBackend,
    decode: decodeToRgba,
    openCache: async (onClosed) =>
      createFeatureCache(await openGraftDb(DB_NAME, { onVersionChange: onClosed })),
    loadBackbone: loadBackboneForSpec,
  }),
  { whenAlive: () => alive },
);
expose(api);
