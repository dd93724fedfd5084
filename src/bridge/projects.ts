// Main-thread side of the projects worker (worker/projects.worker.ts): the project list's
// storage-only operations, on a thread of their own so that they never wait behind the engine's
// compute. Started lazily and watched like the engine worker (connection.ts).
import type { ProjectsWorkerApi } from '../worker/projects.worker';
import { lazyWorker } from './connection';

export const PROJECTS_WORKER_NAME_PREFIX = 'graft-projects:';

export const withProjects = lazyWorker<ProjectsWorkerApi>(
  PROJECTS_WORKER_NAME_PREFIX,
  'The projects worker',
  (name) =>
    new Worker(new URL('../worker/projects.worker.ts', import.meta.url), { type: 'module', name }),
);
