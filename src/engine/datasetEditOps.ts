// Adding images to the loaded dataset (webcam frames, files for one class) and removing them. What
// is added becomes an ordinary image of the dataset: content hash, split, feature cache on the next
// extraction, training, and whatever keeps the dataset with a project.
import type { ContentHash } from '../shared/brand';
import type { DroppedFile } from '../shared/dataset';
import type { DatasetEdit } from '../shared/webcam';
import { browserFrameCodec, framesToFiles } from '../data/frames';
import { addToDataset, emptyDataset, removeFromDataset } from '../data/editDataset';
import { datasetProblems } from '../data/ingest';
import type { EngineContext, LoadedDataset } from './context';

export function createDatasetEditOps(ctx: EngineContext) {
  const { state } = ctx;
  const frames = ctx.deps.frames ?? browserFrameCodec;

  const resultOf = (dataset: LoadedDataset) => ({
    manifest: dataset.manifest,
    problems: datasetProblems(dataset.manifest),
  });

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
    state.dataset = { manifest: result.manifest, blobs: result.blobs };
    return {
      dataset: resultOf(state.dataset),
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
    removeImages(ids: readonly ContentHash[]): DatasetEdit {
      const dataset = ctx.requireDataset();
      state.dataset = removeFromDataset(dataset, ids);
      return { dataset: resultOf(state.dataset), added: [], refused: [] };
    },
  };
}
