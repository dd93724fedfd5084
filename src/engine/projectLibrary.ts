// The project list's storage-only operations: list, sizes, rename, duplicate, delete. They touch
// IndexedDB and nothing else (no backend, no backbone, no tfjs), so the page runs them in a worker
// of their own (worker/projects.worker.ts): a delete never waits behind the engine worker's compute,
// whose synchronous kernels (a software GPU compiling gradient shaders for the fine-tuning cost
// estimate) hold that worker's only thread for minutes. The engine composes the same functions.
import type { ProjectRecord, ProjectSummary, ProjectUsage } from '../shared/project';
import type { KnownFileStore, ProjectStore } from '../shared/stores';
import type { FeatureCache } from '../storage/featureCache';

const MAX_NAME = 200;
const GONE = 'This project no longer exists.';

export function summaryOf(p: ProjectRecord): ProjectSummary {
  return {
    id: p.id,
    name: p.name,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    openedAt: p.openedAt,
    classes: p.dataset.manifest.classes.length,
    images: p.dataset.manifest.images.length,
    keepImages: p.keepImages,
    accuracy: p.model?.outcome.evaluation.accuracy ?? null,
  };
}

export function cleanName(name: string): string {
  const trimmed = name.trim().slice(0, MAX_NAME);
  if (!trimmed) throw new Error('A project needs a name.');
  return trimmed;
}

export interface ProjectLibraryDeps {
  readonly projects: ProjectStore;
  readonly openCache: () => Promise<FeatureCache>;
  readonly knownFiles?: KnownFileStore;
}

export function createProjectLibrary(deps: ProjectLibraryDeps) {
  const store = deps.projects;
  async function requireProject(id: string): Promise<ProjectRecord> {
    const record = await store.get(id);
    if (!record) throw new Error(GONE);
    return record;
  }

  return {
    /** Every project, the one opened last first. */
    async listProjects(): Promise<ProjectSummary[]> {
      const all = await store.list();
      return all.map(summaryOf).sort((a, b) => b.openedAt - a.openedAt);
    },

    async renameProject(id: string, name: string): Promise<ProjectSummary> {
      const clean = cleanName(name);
      // The name alone: the engine worker may be saving a model or a label into it right now.
      const renamed = await store.update(id, (record) => ({
        ...record,
        name: clean,
        updatedAt: Date.now(),
      }));
      if (!renamed) throw new Error(GONE);
      return summaryOf(renamed);
    },

    /** A copy under a new name, runs table included; it shares images and features (by hash). */
    async duplicateProject(id: string): Promise<ProjectSummary> {
      const record = await requireProject(id);
      const now = Date.now();
      const copy: ProjectRecord = {
        ...record,
        id: crypto.randomUUID(),
        name: cleanName(`${record.name} (copy)`),
        createdAt: now,
        updatedAt: now,
        openedAt: 0, // not the one to reopen after a reload until it is opened
      };
      await store.add(copy);
      return summaryOf(copy);
    },

    /**
     * Deletes the project (its runs and last prediction with it), and the images, features and
     * remembered file paths no other project uses.
     */
    async deleteProject(id: string): Promise<{ readonly freedImages: number }> {
      const orphans = await store.remove(id);
      await (await deps.openCache()).deleteImages(orphans);
      await deps.knownFiles?.forget(orphans);
      return { freedImages: orphans.length };
    },

    /** Bytes per project (images, features, model) and in all. */
    async projectUsage(): Promise<ProjectUsage> {
      const [projects, imageBytes, featureBytes] = await Promise.all([
        store.list(),
        store.imageSizes(),
        (await deps.openCache()).bytesByImage(),
      ]);
      const perImage = (hash: string) =>
        (imageBytes.get(hash) ?? 0) + (featureBytes.get(hash) ?? 0);
      // The model's weights: its head and, once fine-tuned, its tuned block.
      const modelBytes = (p: ProjectRecord) =>
        (p.model?.head.weightData.byteLength ?? 0) +
        (p.model?.tunedBlock?.weightData.byteLength ?? 0);
      const perProject: Record<string, number> = {};
      for (const p of projects) {
        const hashes = new Set(p.dataset.manifest.images.map((i) => i.id));
        perProject[p.id] = [...hashes].reduce((n, h) => n + perImage(h), modelBytes(p));
      }
      const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
      const total =
        sum(imageBytes) + sum(featureBytes) + projects.reduce((n, p) => n + modelBytes(p), 0);
      return { perProject, total };
    },
  };
}

export type ProjectLibrary = ReturnType<typeof createProjectLibrary>;
