// What the page asks the engine to explain and what comes back: an evidence heatmap (Grad-CAM, see
// ml/explain) for one image and one class, with the model's probabilities for that image.
import type { ContentHash } from './brand';
import type { Heatmap } from './heatmap';

/** The image to explain: one of the dataset's (by id) or a file the page holds (a new image). */
export type EvidenceTarget =
  | { readonly kind: 'dataset'; readonly id: ContentHash }
  | { readonly kind: 'file'; readonly file: Blob };

export interface Evidence {
  readonly heatmap: Heatmap;
  /** The backbone layer whose map was weighed (VGG16 block5_pool, MobileNetV2 out_relu, ...). */
  readonly layer: string;
  /**
   * The layers a person may choose instead (spatial layers that the features depend on alone), the
   * default first, then earlier ones; `layer` is one of them.
   */
  readonly layers: readonly string[];
  /** The class explained, by the model's output index, and its name. */
  readonly classIndex: number;
  readonly className: string;
  /** The model's classes, by output; the class selector offers each. */
  readonly classNames: readonly string[];
  /** The model's probabilities for this image (the photo as is, no test-time flip), by output. */
  readonly probabilities: readonly number[];
  /** Where the map came from: the feature cache, or one forward pass of the backbone. */
  readonly mapFrom: 'cache' | 'forward';
}

/**
 * Explains one image for `classIndex`, or for the class the model predicts when it is null, on
 * `layer`, or when null on the layer last chosen for this backbone (at first, its default).
 */
export type ExplainFn = (classIndex: number | null, layer: string | null) => Promise<Evidence>;

/** Explains one of the dataset's images (see ExplainFn). */
export type ExplainById = (
  id: ContentHash,
  classIndex: number | null,
  layer: string | null,
) => Promise<Evidence>;
