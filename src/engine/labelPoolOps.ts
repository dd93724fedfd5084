// Label assist's pool in the engine (issue #29): photos without a label (a dropped folder, or webcam
// frames captured into "Unlabeled"), read like dropped images (examine: format from the bytes,
// header, SHA-256, the same refusals), kept apart from the dataset; each decision about one (label,
// skip, undo) appends to or trims the pool's log, and a labelled photo becomes an ordinary image of
// the dataset (addKnownImages: split by the usual rule). Pool (its retrain counter with it) and
// dataset are saved together with the current project, one change at a time, so that a reload
// finds both as they were.
import type { ContentHash } from '../shared/brand';
import type { DroppedFile } from '../shared/dataset';
import type { EMPTY_POOL } from '../shared/labelAssist';
import {
  type LabelChange,
  type LabelDecision,
  type LabelPoolState,
  type PhotoStatus,
  type UnlabeledCapture,
  type UnlabeledPhoto,
} from '../shared/labelAssist';
import { browserFrameCodec, framesToFiles } from '../data/frames';
import {
  addKnownImages,
  classNameProblem,
  emptyDataset,
  removeFromDataset,
} from '../data/editDataset';
import { examine } from '../data/examine';
import { DEFAULT_MAX_FILE_BYTES, datasetProblems } from '../data/ingest';
import {
  addNewClass,
  addPhotos,
  decide,
  photoViews,
  poolPath,
  statusOf,
  tidyPool,
  undo,
  unlabeledCount,
} from '../data/labelPool';
import { DEFAULT_RETRAIN_EVERY, shouldRetrain } from '../ml/labelAssist/retrain';
import type { EngineContext, LoadedDataset, UnlabeledSet } from './context';
import { saveLoadedDataset } from './projectSave';

type Refused = LabelPoolState['refused'];

/** Reads `files` as pool photos; refuses what import would, and photos the dataset already has. */
export async function examinePool(
  files: readonly DroppedFile[],
  dataset: LoadedDataset | null,
  current: UnlabeledSet,
): Promise<{ set: UnlabeledSet; refused: Refused }> {
  const labelled = new Map<ContentHash, string>();
  for (const image of dataset?.manifest.images ?? [])
    labelled.set(image.id, dataset!.manifest.classes[image.classIndex]!.name);
  const photos: UnlabeledPhoto[] = [];
  const blobs = new Map(current.blobs);
  const refused: { path: string; detail: string }[] = [];
  for (const dropped of files) {
    const path = poolPath(dropped.path);
    const outcome = await examine({ path, file: dropped.file }, DEFAULT_MAX_FILE_BYTES, false);
    if ('reason' in outcome) {
      // System litter (.DS_Store) is not the person's photo: left out without a word, as at import.
      if (outcome.reason !== 'hidden')
        refused.push({ path: dropped.path, detail: outcome.detail ?? outcome.reason });
      continue;
    }
    const already = labelled.get(outcome.id);
    if (already !== undefined) {
      refused.push({ path: dropped.path, detail: `the same image is already in "${already}"` });
      continue;
    }
    photos.push({ id: outcome.id, path, format: outcome.format, bytes: outcome.file.size });
    blobs.set(outcome.id, outcome.file);
  }
  const { pool } = addPhotos(current.pool, photos);
  return { set: { pool, blobs }, refused };
}

/** The dataset with photo `photo`'s image matching its status (labelled: in it, under that class). */
function withStatus(
  dataset: LoadedDataset,
  photo: UnlabeledPhoto,
  blob: Blob | undefined,
  before: PhotoStatus,
  after: PhotoStatus,
): LoadedDataset {
  let next = dataset;
  if (
    before.kind === 'labelled' &&
    after.kind === 'labelled' &&
    before.className === after.className
  )
    return next;
  if (before.kind === 'labelled') next = removeFromDataset(next, [photo.id]);
  if (after.kind === 'labelled') {
    const { manifest, blobs, decodeHints } = addKnownImages(
      next,
      [{ ...photo, blob }],
      after.className,
    );
    next = { manifest, blobs, ...(decodeHints && { decodeHints }) };
  }
  return next;
}

export function createLabelPoolOps(ctx: EngineContext) {
  const { state } = ctx;
  let refused: Refused = [];
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(change: () => Promise<T>): Promise<T> {
    const run = queue.then(change, change);
    queue = run.catch(() => undefined);
    return run;
  }

  function view(): LabelPoolState {
    const dataset = state.dataset;
    const classNames = dataset?.manifest.classes.map((c) => c.name) ?? [];
    const pool = tidyPool(state.unlabeled.pool, classNames);
    return {
      photos: photoViews(pool),
      unlabeledCount: unlabeledCount(pool),
      classes: [...classNames, ...pool.newClasses],
      canUndo: pool.log.length > 0,
      // Counted in the pool (decide, undo), started again by every new head (context.setTrained).
      labelsSinceTrain: pool.labelsSinceTrain ?? 0,
      retrainEvery: DEFAULT_RETRAIN_EVERY,
      refused,
      dataset: dataset && {
        manifest: dataset.manifest,
        problems: datasetProblems(dataset.manifest),
      },
    };
  }

  /** Saves pool and dataset into the current project (nothing to do before one is saved). */
  async function save(): Promise<void> {
    if (!state.dataset) return;
    const blobs = new Map([...state.unlabeled.blobs, ...state.dataset.blobs]);
    await saveLoadedDataset(ctx, () => ({ unlabeled: state.unlabeled.pool }), blobs);
  }

  /** Applies a change of the pool's log, bringing the dataset along photo by photo. */
  function applyLog(next: typeof EMPTY_POOL, ids: readonly ContentHash[]): void {
    const before = state.unlabeled.pool;
    let dataset: LoadedDataset = state.dataset ?? emptyDataset(0);
    for (const id of new Set(ids)) {
      const photo = next.photos.find((p) => p.id === id)!;
      const blob = state.unlabeled.blobs.get(id);
      dataset = withStatus(dataset, photo, blob, statusOf(before, id), statusOf(next, id));
    }
    state.dataset = dataset;
    state.unlabeled = { ...state.unlabeled, pool: next };
  }

  async function decideAll(decisions: readonly LabelDecision[]): Promise<LabelChange> {
    for (const d of decisions) {
      if (d.kind !== 'label') continue;
      const problem = classNameProblem(d.className);
      if (problem) throw new Error(problem);
    }
    const next = decide(state.unlabeled.pool, decisions);
    applyLog(
      next,
      decisions.map((d) => d.id),
    );
    await save();
    const since = state.unlabeled.pool.labelsSinceTrain ?? 0;
    return { pool: view(), retrain: shouldRetrain(since, DEFAULT_RETRAIN_EVERY) };
  }

  /** Photos without a label into the pool; what joined it (not there before) and what did not. */
  function add(files: readonly DroppedFile[]) {
    return serial(async () => {
      const before = new Set(state.unlabeled.pool.photos.map((p) => p.id));
      const { set, refused: now } = await examinePool(files, state.dataset, state.unlabeled);
      state.unlabeled = set;
      refused = now;
      await save();
      const added = set.pool.photos
        .filter((p) => !before.has(p.id) && set.blobs.has(p.id))
        .map((p) => ({ id: p.id, path: p.path, file: set.blobs.get(p.id)! }));
      return { pool: view(), added, refused: now };
    });
  }

  const ops = {
    /** Photos without a label into the pool (a folder chosen or dropped as "Unlabeled photos"). */
    async addUnlabeled(files: readonly DroppedFile[]): Promise<LabelPoolState> {
      return (await add(files)).pool;
    },

    /** Webcam frames into the pool, stored as JPEG files like a capture into a class. */
    async captureUnlabeled(bitmaps: readonly ImageBitmap[]): Promise<UnlabeledCapture> {
      return add(await framesToFiles(ctx.deps.frames ?? browserFrameCodec, bitmaps));
    },

    labelPoolState(): LabelPoolState {
      return view();
    },

    /** The pool's files by photo id, for the page's thumbnails (kept ones only). */
    labelPoolFiles(): { readonly id: ContentHash; readonly file: Blob }[] {
      return [...state.unlabeled.blobs].map(([id, file]) => ({ id, file }));
    },

    /** Records decisions (labels and skips) and applies the labels to the dataset. */
    labelDecide(decisions: readonly LabelDecision[]): Promise<LabelChange> {
      return serial(() => decideAll(decisions));
    },

    /** Undoes the last decision, or photo `id`'s last one. */
    labelUndo(id?: ContentHash): Promise<LabelChange> {
      return serial(async () => {
        const undone = undo(state.unlabeled.pool, id);
        if (!undone) throw new Error('There is no decision to undo.');
        applyLog(undone.pool, [undone.undone.id]);
        await save();
        return { pool: view(), retrain: false };
      });
    },

    /** A class made from the grid: offered for labels from now on, saved with the pool. */
    labelNewClass(name: string): Promise<LabelPoolState> {
      return serial(async () => {
        const problem = classNameProblem(name);
        if (problem) throw new Error(problem);
        const clean = name.trim().normalize('NFC');
        state.unlabeled = { ...state.unlabeled, pool: addNewClass(state.unlabeled.pool, clean) };
        await save();
        return view();
      });
    },
  };
  return {
    ops,
    /** For labelSuggestOps: decisions in the same queue as the page's. */
    decideAll: (decisions: readonly LabelDecision[]) => serial(() => decideAll(decisions)),
  };
}

export type LabelPool = ReturnType<typeof createLabelPoolOps>;
