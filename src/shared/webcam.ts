// What the webcam panel and the engine exchange: one frame's prediction, and a change to the dataset
// (frames captured into a class, images removed).
import type { ContentHash } from './brand';
import type { ImportResult } from './engine';

export interface FramePrediction {
  /** The classes of the model that predicted, by output (the dataset may have gained classes since). */
  readonly classNames: readonly string[];
  readonly probabilities: readonly number[];
  /** ms the worker spent on this frame: resize, backbone, head. */
  readonly workerMs: number;
  /**
   * The most frames the worker has held at once since it started, counted inside the worker: 1 when
   * the page keeps its promise of one frame in flight, more if frames ever queued.
   */
  readonly maxInFlight: number;
}

/** An image that is part of the dataset now, with its bytes, so the page can show and keep it. */
export interface AddedImage {
  readonly id: ContentHash;
  readonly path: string;
  readonly file: Blob;
}

export interface DatasetEdit {
  readonly dataset: ImportResult;
  readonly added: readonly AddedImage[];
  /** Files not added and why (not an image, already under another class). */
  readonly refused: readonly { readonly path: string; readonly detail: string }[];
}

/** The name the engine's error carries when there is no trained model to classify with. */
export const NO_MODEL_ERROR = 'NoModelError';

/** Longest side of a captured frame as stored: enough for any input size the app offers. */
export const CAPTURE_MAX_SIDE = 640;
