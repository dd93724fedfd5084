// Worker entry: wires the engine to the browser's decoder, IndexedDB and backends, and exposes it.
import { expose } from 'comlink';
import { createEngine } from '../ml/engine';
import { initBackend } from '../ml/backends';
import { loadBackboneForSpec } from '../ml/loadBackbone';
import { decodeToRgba } from '../data/decode';
import { openGraftDb } from '../storage/db';
import { createFeatureCache } from '../storage/featureCache';

expose(
  createEngine({
    initBackend,
    decode: decodeToRgba,
    openCache: async () => createFeatureCache(await openGraftDb()),
    loadBackbone: loadBackboneForSpec,
  }),
);
