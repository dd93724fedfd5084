// Projects: the dataset loaded now saved as a project (index and, by choice, the images), the model
// trained last saved into it, and projects listed, opened (dataset and model back without
// re-dropping the folder or retraining), renamed, duplicated and deleted. Deleting frees the images
// and features no other project uses. The storage-only operations are projectLibrary.ts's, which
// the page runs in the projects worker; here they also serve tests and the engine's own callers.
import type { ContentHash } from '../shared/brand';
import type { DatasetProblem } from '../shared/dataset';
import type { BackboneSpec, ExtractResult, TrainOutcome } from '../shared/engine';
import type {
  OpenedProject,
  ProjectRecord,
  ProjectSummary,
  SavedModel,
  SavedPrediction,
} from '../shared/project';
import type { RunRecord, Settings, TrainingCurves } from '../shared/session';
import type { ProjectStore } from '../shared/stores';
import type { TrainConfig } from '../shared/training';
import { loadHead, saveHead } from '../ml/head/headIo';
import { saveTail } from '../ml/finetune/tailIo';
import type { Tail } from '../ml/finetune/tail';
import type { Backbone } from '../ml/backbones/backbone';
import { rebuildTunedBlock } from './tunedBlock';
import type { EngineContext } from './context';
import { EMPTY_POOL } from '../shared/labelAssist';
import { saveLoadedDataset } from './projectSave';
import { cleanName, createProjectLibrary, summaryOf, type ProjectLibrary } from './projectLibrary';

const GONE = 'This project no longer exists.';

/** What the page needs of a saved model: everything but the weights (head and tuned block). */
export function withoutHead(model: SavedModel | null): OpenedProject['model'] {
  if (!model) return null;
  const rest: { -readonly [K in keyof SavedModel]?: SavedModel[K] } = { ...model };
  delete rest.head;
  delete rest.tunedBlock;
  return rest as NonNullable<OpenedProject['model']>;
}

export function createProjectOps(ctx: EngineContext) {
  const { state, compute } = ctx;
  const store = (): ProjectStore => {
    if (!ctx.deps.projects) throw new Error('Projects are not available here.');
    return ctx.deps.projects;
  };
  // The storage-only operations (list, rename, duplicate, delete, sizes), shared with the projects
  // worker; made on first use, since an engine without a project store has none.
  let lib: ProjectLibrary | null = null;
  const library = () =>
    (lib ??= createProjectLibrary({
      projects: store(),
      openCache: ctx.getCache,
      knownFiles: ctx.deps.knownFiles,
    }));
  function forget(id: string) {
    if (state.projectId !== id) return;
    state.projectId = null;
    state.dataset = null;
    state.unlabeled = { pool: EMPTY_POOL, blobs: new Map() };
    ctx.setTrained(null);
  }
  async function requireProject(id: string): Promise<ProjectRecord> {
    const record = await store().get(id);
    if (!record) throw new Error(GONE);
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
    listProjects: () => library().listProjects(),
    renameProject: (id: string, name: string) => library().renameProject(id, name),
    duplicateProject: (id: string) => library().duplicateProject(id),
    projectUsage: () => library().projectUsage(),

    /** Saves the dataset imported last as a new project, and makes it the current one. */
    async createProject(
      name: string,
      problems: readonly DatasetProblem[],
      settings: Settings | null,
      keepImages = true,
    ): Promise<ProjectSummary> {
      const dataset = ctx.requireDataset();
      const { manifest, blobs } = dataset;
      const pool = state.unlabeled;
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
        runs: [],
        lastPrediction: null,
        // Label assist's pool, when the drop had one (an `unlabeled` folder).
        ...(pool.pool.photos.length > 0 && { unlabeled: pool.pool }),
      };
      await store().add(record, new Map([...pool.blobs, ...blobs]));
      state.projectId = record.id;
      // An edit that landed while the record was written (a webcam capture, a label) found no
      // project to save into: it goes in now. Later edits save themselves (projectSave.ts).
      if (state.dataset !== dataset || state.unlabeled !== pool)
        await saveLoadedDataset(
          ctx,
          () => (state.unlabeled.pool.photos.length > 0 ? { unlabeled: state.unlabeled.pool } : {}),
          new Map([...state.unlabeled.blobs, ...(state.dataset?.blobs ?? [])]),
        );
      return summaryOf(record);
    },

    /**
     * Saves the model trained last, with what the results page shows and the runs table so far, into
     * the current project. The last prediction was the old model's: it goes.
     */
    async saveModel(run: {
      readonly settings: Settings;
      readonly spec: BackboneSpec;
      readonly config: TrainConfig;
      readonly outcome: TrainOutcome;
      readonly curves: TrainingCurves | null;
      readonly extraction: ExtractResult | null;
      readonly runs: readonly RunRecord[];
    }): Promise<ProjectSummary | null> {
      const trained = state.trained;
      const id = state.projectId;
      if (!id || !trained) return null;
      const tuned = trained.fineTuned;
      // The head of a fine-tuned model takes the tuned block's features: without the block a
      // reopened project would feed it the stock backbone's.
      const tunedBlock = tuned && (await saveTail(tuned.tail, tuned.frozen.info.featureLayer!));
      const model: SavedModel = {
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
      };
      // The model's fields only: the name, the dataset and the pool are other writers'.
      const updated = await store().update(id, (record) => ({
        ...record,
        updatedAt: Date.now(),
        settings: run.settings,
        model,
        runs: run.runs,
        lastPrediction: null,
        // The retrain counter started again with this model (the pool as saved, not the one now:
        // it goes with the dataset as saved; the next label saves both).
        ...(record.unlabeled && {
          unlabeled: {
            ...record.unlabeled,
            labelsSinceTrain: state.unlabeled.pool.labelsSinceTrain ?? 0,
          },
        }),
      }));
      if (!updated) throw new Error(GONE);
      return summaryOf(updated);
    },

    /**
     * Keeps the last single-image prediction in the current project, so a reload shows it again: its
     * image (a thumbnail from the page) only when the project keeps images, else its name and result.
     */
    async savePrediction(prediction: SavedPrediction): Promise<void> {
      if (!state.projectId) return;
      const saved = await store().update(state.projectId, (record) => ({
        ...record,
        lastPrediction: { ...prediction, image: record.keepImages ? prediction.image : null },
      }));
      if (!saved) throw new Error(GONE);
    },

    /** Saves the page's settings into project `id` (its backbone is remembered per project). */
    async saveProjectSettings(id: string, settings: Settings): Promise<void> {
      if (!(await store().update(id, (record) => ({ ...record, settings })))) throw new Error(GONE);
    },

    /** Makes `id` the current project: its dataset, images and model, ready to predict. */
    async openProject(id: string): Promise<OpenedProject> {
      const record = await requireProject(id);
      const { manifest } = record.dataset;
      const pool = record.unlabeled ?? EMPTY_POOL;
      const blobs = await store().images([...manifest.images, ...pool.photos].map((i) => i.id));
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
      // After setTrained, which starts the retrain counter again: the saved count is this model's.
      const poolIds = new Set(pool.photos.map((p) => p.id));
      state.unlabeled = {
        pool,
        blobs: new Map([...blobs].filter(([id]) => poolIds.has(id as ContentHash))) as Map<
          ContentHash,
          Blob
        >,
      };
      state.projectId = id;
      const opened = await store().update(id, (saved) => ({ ...saved, openedAt: Date.now() }));
      if (!opened) {
        forget(id); // deleted while it was being opened
        throw new Error(GONE);
      }
      return {
        project: summaryOf(opened),
        dataset: record.dataset,
        files: manifest.images
          .filter((i) => blobs.has(i.id))
          .map((i) => ({ path: i.path, file: blobs.get(i.id)! })),
        settings: record.settings,
        model: withoutHead(record.model),
        runs: record.runs,
        lastPrediction: record.lastPrediction,
      };
    },

    /**
     * Deletes the project as the projects worker does (projectLibrary.ts), and forgets it here if it
     * is the current one.
     */
    async deleteProject(id: string): Promise<{ readonly freedImages: number }> {
      const freed = await library().deleteProject(id);
      forget(id);
      return freed;
    },

    /**
     * The page deleted `id` through the projects worker: if it is the current project, the dataset
     * and model go. Synchronous, so it takes effect before any call the page makes after it.
     */
    forgetProject(id: string): void {
      forget(id);
    },
  };
}
