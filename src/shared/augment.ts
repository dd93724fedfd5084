// Data augmentation settings: the tutorial's Keras ImageDataGenerator parameters, how many augmented
// views of each training image to extract, and test-time flip. Each view's features are cached under
// their own key (featureKey's `view`), so changing K keeps the views already computed.

export interface AugmentConfig {
  /** K: augmented views per training image, each extracted and cached once. 0 turns augmentation off. */
  readonly views: number;
  /** Rotation range in degrees: uniform in [-r, r]. */
  readonly rotation: number;
  /** Shifts as fractions of the width and height: uniform in [-s, s]. */
  readonly widthShift: number;
  readonly heightShift: number;
  /** Shear angle range in degrees, as Keras reads `shear_range` (0.2 is a fifth of a degree). */
  readonly shear: number;
  /** Zoom range: each axis scaled by a factor uniform in [1 - z, 1 + z]. */
  readonly zoom: number;
  readonly horizontalFlip: boolean;
  /** Pixels outside the image repeat the nearest edge pixel (Keras fill_mode "nearest"). */
  readonly fill: 'nearest';
  /** Seed of the random draws; the same seed gives each image the same views. */
  readonly seed: number;
  /** Average the predictions of the image and its mirror image when evaluating and predicting. */
  readonly testTimeFlip: boolean;
}

/** The tutorial's parameters; off (K = 0) unless a measurement says otherwise (docs/benchmarks.md). */
export const DEFAULT_AUGMENTATION: AugmentConfig = {
  views: 0,
  rotation: 40,
  widthShift: 0.2,
  heightShift: 0.2,
  shear: 0.2,
  zoom: 0.2,
  horizontalFlip: true,
  fill: 'nearest',
  seed: 1,
  testTimeFlip: false,
};

/** Most views per training image the app offers. */
export const MAX_VIEWS = 8;

/** The feature-cache view name of augmented view `index` (1-based) under `config`'s parameters. */
export function augmentedViewName(config: AugmentConfig, index: number): AugmentedView {
  const c = config;
  const params = [
    `rot${c.rotation}`,
    `ws${c.widthShift}`,
    `hs${c.heightShift}`,
    `sh${c.shear}`,
    `zo${c.zoom}`,
    `fl${c.horizontalFlip ? 1 : 0}`,
    `fill-${c.fill}`,
    `seed${c.seed}`,
  ].join(',');
  return `aug${index}~${params}`;
}

/** The original image, its mirror image (test-time flip), or augmented view n under some settings. */
export type AugmentedView = `aug${number}~${string}`;
export type FeatureView = 'original' | 'flip' | AugmentedView;

/** Checks a config from a form or a URL: a sentence for the first bad field, or null. */
export function augmentProblem(c: AugmentConfig): string | null {
  if (!Number.isInteger(c.views) || c.views < 0 || c.views > MAX_VIEWS)
    return `Views per image must be a whole number from 0 to ${MAX_VIEWS}.`;
  if (!(c.rotation >= 0 && c.rotation <= 180)) return 'Rotation must be 0 to 180 degrees.';
  for (const [name, v] of [
    ['Width shift', c.widthShift],
    ['Height shift', c.heightShift],
    ['Zoom', c.zoom],
  ] as const) {
    if (!(v >= 0 && v < 1)) return `${name} must be at least 0 and below 1.`;
  }
  if (!(c.shear >= 0 && c.shear <= 80)) return 'Shear must be 0 to 80 degrees.';
  return null;
}
