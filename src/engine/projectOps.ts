// Projects: the dataset loaded now saved as a project (index and, by choice, the images), the model
// trained last saved into it, and projects listed, opened (dataset and model back without
// re-dropping the folder or retraining), renamed, duplicated and deleted. Deleting frees the images
// and features no other project uses.
import type { ContentHash } from '../shared/brand';
import type { DatasetProblem } from '../shared/dataset';
import type { BackboneSpec, ExtractResult, TrainOutcome } from '../shared/engine';
import type {
  OpenedProject,
  ProjectRecord,
  ProjectSummary,
  ProjectUsage,
  SavedModel,
} from '../shared/project';
import type { Settings, TrainingCurves } from '../shared/session';
import type { ProjectStore } from '../shared/stores';
import type { TrainConfig } from '../shared/training';
import { loadHead, saveHead } from '../ml/head/headIo';
import { saveTail } from '../ml/finetune/tailIo';
import type { Tail } from '../ml/finetune/tail';
import type { Backbone } from '../ml/backbones/backbone';
import { rebuildTunedBlock } from './tunedBlock';
import type { EngineContext } from './context';

const MAX_NAME = 200;

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

function cleanName(name: string): string {
  const trimmed = name.trim().slice(0, MAX_NAME);
  if (!trimmed) throw new Error('A project needs a name.');
  return trimmed;
}

/** What the page needs of a saved model: everything but the weights (head and tuned block). */
export function withoutHead(model: SavedModel | null): OpenedProject['model'] {
  if (!model) return null;
  const rest: { -readonly [K in keyof SavedModel]?: SavedModel[K] } = { ...model };
  delete rest.head;
  delete rest.tunedBlock;
  return rest as NonNullable<OpenedProject['model']>;
}

const modelBytes = (p: ProjectRecord) =>
  (p.model?.head.weightData.byteLength ?? 0) + (p.model?.tunedBlock?.weightData.byteLength ?? 0);

export function createProjectOps(ctx: EngineContext) {
  const { state, compute } = ctx;
  const store = (): ProjectStore => {
    if (!ctx.deps.projects) throw new Error('Projects are not available here.');
    return ctx.deps.projects;
  };
  async function requireProject(id: string): Promise<ProjectRecord> {
    const record = await store().get(id);
    if (!record) throw new Error('This project no longer exists.');
    return record;
  }

  /**
   * A saved fine-tuned model's block rebuilt on its backbone; `lost` says why the model cannot
   * predict (saved before the block was, other weights installed since); null when not fine-tuned.
   */
  async function restoreTuned(
    model: SavedModel,
  ): Promise<{ frozen: Backbone; tail: Tail } | { lost: string } | null> {
    const again =
      'Press Train (then Fine-tune) to train it again; the features are saved, so the head is quick.';
    if (!model.tunedBlock)
      return model.outcome.run.fineTuned
        ? {
            lost: `This model was fine-tuned before Graft saved the tuned block with the project, so it cannot predict. ${again}`,
          }
        : null;
    try {
      const backbone = await compute.ensureBackbone(model.spec);
      if (backbone.info.weightsHash !== model.backbone.weightsHash)
        throw new Error(
          `it was trained on ${model.backbone.name} weights ${model.backbone.weightsHash.slice(0, 12)}…, the ones loaded now are ${backbone.info.weightsHash.slice(0, 12)}…`,
        );
      return rebuildTunedBlock(backbone, model.tunedBlock);
    } catch (error) {
      return {
        lost: `This fine-tuned model cannot predict here (${(error as Error).message}). ${again}`,
      };
    }
  }

  return {
    /** Saves the dataset imported last as a new project, and makes it the current one. */
    async createProject(
      name: string,
      problems: readonly DatasetProblem[],
      settings: Settings | null,
      keepImages = true,
    ): Promise<ProjectSummary> {
      const { manifest, blobs } = ctx.requireDataset();
      const now = Date.now();
      const record: ProjectRecord = {
        id: crypto.randomUUID(),
        name: cleanName(name),
        createdAt: now,
        updatedAt: now,
        openedAt: now,
        keepImages,
        dataset: { manifest, problems },
        settings,
        model: null,
      };
      await store().put(record, blobs);
      state.projectId = record.id;
      return summaryOf(record);
    },

    /**
     * Saves the dataset as it is now into the current project: for images added after the import
     * (a webcam capture is one more image of the manifest, and one more blob by hash).
     */
    async saveDataset(problems: readonly DatasetProblem[]): Promise<void> {
      if (!state.projectId) return;
      const { manifest, blobs } = ctx.requireDataset();
      const record = await requireProject(state.projectId);
      await store().put(
        { ...record, updatedAt: Date.now(), dataset: { manifest, problems } },
        blobs,
      );
    },

    /** Saves the model trained last, with what the results page shows, into the current project. */
    async saveModel(run: {
      readonly settings: Settings;
      readonly spec: BackboneSpec;
      readonly config: TrainConfig;
      readonly outcome: TrainOutcome;
      readonly curves: TrainingCurves | null;
      readonly extraction: ExtractResult | null;
    }): Promise<ProjectSummary | null> {
      const trained = state.trained;
      if (!state.projectId || !trained) return null;
      const record = await requireProject(state.projectId);
      const tuned = trained.fineTuned;
      // The head of a fine-tuned model takes the tuned block's features: without the block a
      // reopened project would feed it the stock backbone's.
      const tunedBlock = tuned && (await saveTail(tuned.tail, tuned.frozen.info.featureLayer!));
      const updated: ProjectRecord = {
        ...record,
        updatedAt: Date.now(),
        settings: run.settings,
        model: {
          head: await saveHead(trained.head),
          ...(tunedBlock && { tunedBlock }),
          backbone: trained.backboneInfo,
          classNames: trained.classNames,
          spec: run.spec,
          config: run.config,
          outcome: run.outcome,
          curves: run.curves,
          extraction: run.extraction,
          trainedAt: new Date().toISOString(),
        },
      };
      await store().put(updated);
      return summaryOf(updated);
    },

    /** Every project, the one opened last first. */
    async listProjects(): Promise<ProjectSummary[]> {
      const all = await store().list();
      return all.map(summaryOf).sort((a, b) => b.openedAt - a.openedAt);
    },

    /** Makes `id` the current project: its dataset, images and model, ready to predict. */
    async openProject(id: string): Promise<OpenedProject> {
      const record = await requireProject(id);
      const { manifest } = record.dataset;
      const blobs = await store().images(manifest.images.map((i) => i.id));
      const backend = record.model ? (await compute.ensureBackend()).name : null;
      // Build the model before changing anything: weights that do not load leave the session as it was.
      const tuned = record.model ? await restoreTuned(record.model) : null;
      const head = record.model && !(tuned && 'lost' in tuned) ? loadHead(record.model.head) : null;
      state.dataset = { manifest, blobs: blobs as Map<ContentHash, Blob> };
      ctx.setTrained(
        head && record.model
          ? {
              head,
              ...(tuned && 'tail' in tuned && { fineTuned: tuned }),
              backboneInfo: record.model.backbone,
              backend: backend!,
              classNames: record.model.classNames ?? manifest.classes.map((c) => c.name),
            }
          : null,
      );
      if (tuned && 'lost' in tuned) state.modelLost = tuned.lost;
      state.projectId = id;
      const opened = { ...record, openedAt: Date.now() };
      await store().put(opened);
      return {
        project: summaryOf(opened),
        dataset: record.dataset,
        files: manifest.images
          .filter((i) => blobs.has(i.id))
          .map((i) => ({ path: i.path, file: blobs.get(i.id)! })),
        settings: record.settings,
        model: withoutHead(record.model),
      };
    },

    async renameProject(id: string, name: string): Promise<ProjectSummary> {
      const record = await requireProject(id);
      const renamed = { ...record, name: cleanName(name), updatedAt: Date.now() };
      await store().put(renamed);
      return summaryOf(renamed);
    },

    /** A copy under a new name; it shares images and features with the original (by hash). */
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
      await store().put(copy);
      return summaryOf(copy);
    },

    /**
     * Deletes the project, and the images, features and remembered file paths no other project
     * uses.
     */
    async deleteProject(id: string): Promise<{ readonly freedImages: number }> {
      const orphans = await store().remove(id);
      await (await ctx.getCache()).deleteImages(orphans);
      await ctx.deps.knownFiles?.forget(orphans);
      if (state.projectId === id) {
        state.projectId = null;
        state.dataset = null;
        ctx.setTrained(null);
      }
      return { freedImages: orphans.length };
    },

    /** Bytes per project (images, features, model) and in all. */
    async projectUsage(): Promise<ProjectUsage> {
      const [projects, imageBytes, featureBytes] = await Promise.all([
        store().list(),
        store().imageSizes(),
        (await ctx.getCache()).bytesByImage(),
      ]);
      const perImage = (hash: string) =>
        (imageBytes.get(hash) ?? 0) + (featureBytes.get(hash) ?? 0);
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
