// Worker entry for the project list's storage-only operations (engine/projectLibrary.ts): a second
// thread beside the engine worker, so listing, renaming, duplicating and deleting projects never
// wait behind compute. It loads no tfjs and holds no backend.
import { expose } from 'comlink';
import { createProjectLibrary, type ProjectLibrary } from '../engine/projectLibrary';
import { DB_NAME, openGraftDb } from '../storage/db';
import { createFeatureCache } from '../storage/featureCache';
import { createProjectStore } from '../storage/projects';
import { createKnownFileStore } from '../storage/knownFiles';
import { holdLivenessLock } from '../shared/liveness';

export type ProjectsWorkerApi = ProjectLibrary & { whenAlive(): Promise<void> };

const alive = holdLivenessLock(self.name);

// One connection, reopened after another tab's upgrade closed it.
let db: ReturnType<typeof openGraftDb> | null = null;
function openDb() {
  db ??= openGraftDb(DB_NAME, { onVersionChange: () => (db = null) });
  db.catch(() => (db = null));
  return db;
}

const api: ProjectsWorkerApi = Object.assign(
  createProjectLibrary({
    projects: createProjectStore(openDb),
    openCache: async () => createFeatureCache(await openDb()),
    knownFiles: createKnownFileStore(openDb),
  }),
  { whenAlive: () => alive },
);
expose(api);
