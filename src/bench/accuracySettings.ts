// The settings the accuracy benchmark compares (scripts/benchAccuracy.mjs names them on its command
// line): what each adds to the default head on the cached features.

export interface AccuracySetting {
  /** Augmented views per training image (0: none). */
  readonly views: number;
  /** Test-time flip: each test image's prediction averaged with its mirror image's. */
  readonly flip: boolean;
  /** The backbone's last block trained with the head afterwards. */
  readonly fineTune: boolean;
}

export const ACCURACY_SETTINGS = {
  head: { views: 0, flip: false, fineTune: false },
  'augment-k2': { views: 2, flip: false, fineTune: false },
  'augment-k4': { views: 4, flip: false, fineTune: false },
  flip: { views: 0, flip: true, fineTune: false },
  'augment-k4+flip': { views: 4, flip: true, fineTune: false },
  'fine-tune': { views: 0, flip: false, fineTune: true },
  'fine-tune+flip': { views: 0, flip: true, fineTune: true },
  'fine-tune+augment-k2+flip': { views: 2, flip: true, fineTune: true },
} as const satisfies Record<string, AccuracySetting>;

export type AccuracySettingId = keyof typeof ACCURACY_SETTINGS;
