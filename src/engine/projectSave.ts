// Saving the loaded dataset into the current project, for every operation that changes it once the
// project exists: webcam captures and removals (datasetEditOps), label assist's decisions
// (labelPoolOps), the data doctor's fixes (doctorFixOps), and an edit that landed while the project
// was being created (projectOps). Each save is one field-level update (ProjectStore.update) that
// reads the engine's state when the write happens: of two saves, the one that lands last writes the
// dataset as it is then, and neither writes back a stale copy of another writer's fields (a rename
// in the projects worker, a model saved meanwhile).
import type { ProjectRecord } from '../shared/project';
import { datasetProblems } from '../data/ingest';
import type { EngineContext } from './context';

/**
 * Writes the loaded dataset (its manifest and problems), and the fields `more` returns (read at the
 * same moment), into the current project, with those of `images` it does not hold yet. Nothing
 * before a project is saved; false when there is none, or it is gone (deleted meanwhile).
 */
export async function saveLoadedDataset(
  ctx: EngineContext,
  more: () => Partial<ProjectRecord> = () => ({}),
  images: ReadonlyMap<string, Blob> = ctx.state.dataset?.blobs ?? new Map(),
): Promise<boolean> {
  const { state } = ctx;
  const id = state.projectId;
  const store = ctx.deps.projects;
  if (!id || !store) return false;
  const written = await store.update(
    id,
    (record) => {
      const dataset = state.dataset;
      // Another dataset loaded meanwhile (an import, another project opened) is not this project's.
      if (!dataset || state.projectId !== id) return null;
      const { manifest } = dataset;
      return {
        ...record,
        ...more(),
        updatedAt: Date.now(),
        dataset: { manifest, problems: datasetProblems(manifest) },
      };
    },
    images,
  );
  return written !== null;
}
