// Worker entry: wires the engine to the browser's decoder, IndexedDB and backends, and exposes it.
import { expose } from 'comlink';
import { createEngine, type EngineApi } from '../engine/engine';
import { initBackend } from '../ml/backends/backends';
import { createBackendChooser } from '../ml/backends/backendChoice';
import { createBackboneLoader } from '../ml/backbones/loadBackbone';
import { createWeightsStore } from '../storage/weights';
import { createBackboneStore } from '../storage/backbones';
import { decodeToRgba } from '../data/decode';
import { DB_NAME, openGraftDb } from '../storage/db';
import { createFeatureCache } from '../storage/featureCache';
import { createBackendChoiceStore } from '../storage/backendChoices';
import { createProjectStore } from '../storage/projects';
import { createKnownFileStore } from '../storage/knownFiles';
import { holdLivenessLock } from '../shared/liveness';
import { loseActiveDevice } from '../ml/backends/deviceLoss';
import { forceExtractionBatch } from '../ml/backends/batchSize';

/** What the worker exposes: the engine, plus a liveness handshake (see shared/liveness.ts). */
export type EngineWorkerApi = EngineApi & { whenAlive(): Promise<void> };

const alive = holdLivenessLock(self.name);
const weights = createWeightsStore(() => openGraftDb(DB_NAME));
// The worker's own URL is under assets/; served weights live under the app's base URL.
const appBaseUrl = new URL(import.meta.env.BASE_URL, self.location.origin).href;
const backbones = createBackboneStore(() => openGraftDb(DB_NAME));
const loadBackbone = createBackboneLoader(weights, appBaseUrl, backbones);

// One connection for projects and known files, reopened after another tab's upgrade closed it.
let projectsDb: ReturnType<typeof openGraftDb> | null = null;
function openProjectsDb() {
  projectsDb ??= openGraftDb(DB_NAME, { onVersionChange: () => (projectsDb = null) });
  projectsDb.catch(() => (projectsDb = null));
  return projectsDb;
}

const api: EngineWorkerApi = Object.assign(
  createEngine({
    initBackend: (preference, exclude) => initBackend(preference, undefined, exclude),
    decode: decodeToRgba,
    openCache: async (onClosed) =>
      createFeatureCache(await openGraftDb(DB_NAME, { onVersionChange: onClosed })),
    loadBackbone,
    weights,
    projects: createProjectStore(openProjectsDb),
    knownFiles: createKnownFileStore(openProjectsDb),
    backbones,
    chooser: createBackendChooser({
      loadBackbone,
      openStore: async () => createBackendChoiceStore(await openGraftDb(DB_NAME)),
    }),
  }),
  { whenAlive: () => alive },
);
expose(api);

// For fault tests, through Playwright's worker.evaluate: loses the GPU device for real, as a driver
// reset would, and makes batches small so a loss lands mid-run without hundreds of images.
// Not reachable from the page or the network.
Object.assign(self, {
  graftFaults: { loseDevice: loseActiveDevice, forceBatch: forceExtractionBatch },
});
