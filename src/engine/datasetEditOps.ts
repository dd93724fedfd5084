// Adding images to the loaded dataset (webcam frames, files for one class) and removing them. What
// is added becomes an ordinary image of the dataset: content hash, split, feature cache on the next
// extraction, training. Each edit is saved into the current project before it is reported, so a
// reload finds it (and one that cannot be saved is not made).
import type { ContentHash } from '../shared/brand';
import type { DroppedFile } from '../shared/dataset';
import type { DatasetEdit } from '../shared/webcam';
import { browserFrameCodec, framesToFiles } from '../data/frames';
import { addToDataset, emptyDataset, removeFromDataset } from '../data/editDataset';
import { datasetProblems } from '../data/ingest';
import { errorMessage } from '../shared/text';
import type { EngineContext, LoadedDataset } from './context';
import { saveLoadedDataset } from './projectSave';

export function createDatasetEditOps(ctx: EngineContext) {
  const { state } = ctx;
  const frames = ctx.deps.frames ?? browserFrameCodec;

  const resultOf = (dataset: LoadedDataset) => ({
    manifest: dataset.manifest,
    problems: datasetProblems(dataset.manifest),
  });

  /** Makes `after` the loaded dataset, saved into the current project; a failed save takes it back. */
  async function commit(before: LoadedDataset | null, after: LoadedDataset): Promise<void> {
    state.dataset = after;
    try {
      await saveLoadedDataset(ctx);
    } catch (error) {
      // Unless another edit built on it meanwhile (its own save carries both, or says why not).
      if (state.dataset === after) state.dataset = before;
      throw new Error(
        `The change was not made: it could not be saved into the project (${errorMessage(error)}).`,
      );
    }
  }

  /**
   * Adds `files` to class `className`, new or existing; without an imported dataset, starts one.
   * The trained model is kept: it still knows the classes it was trained on until the next Train.
   */
  async function addImages(
    files: readonly DroppedFile[],
    className: string,
    splitSeed = 0,
  ): Promise<DatasetEdit> {
    const before = state.dataset ?? emptyDataset(splitSeed);
    const result = await addToDataset(before, files, className);
    // Another edit or an import may have replaced the dataset while files were hashed: apply to the latest.
    if (state.dataset !== null && state.dataset !== before) {
      return addImages(files, className, splitSeed);
    }
    const after = { manifest: result.manifest, blobs: result.blobs };
    await commit(state.dataset, after);
    return {
      dataset: resultOf(after),
      added: result.added.map((image) => ({
        id: image.id,
        path: image.path,
        file: result.blobs.get(image.id)!,
      })),
      refused: result.refused,
    };
  }

  return {
    addImages,

    /** Camera frames into class `className`, stored as JPEG files. Closes every frame. */
    async captureFrames(
      bitmaps: readonly ImageBitmap[],
      className: string,
      splitSeed = 0,
    ): Promise<DatasetEdit> {
      return addImages(await framesToFiles(frames, bitmaps), className, splitSeed);
    },

    /** Removes images (say, captured frames the person did not want) before training. */
    async removeImages(ids: readonly ContentHash[]): Promise<DatasetEdit> {
      const dataset = ctx.requireDataset();
      const after = removeFromDataset(dataset, ids);
      await commit(dataset, after);
      return { dataset: resultOf(after), added: [], refused: [] };
    },
  };
}
