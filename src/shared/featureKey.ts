// The feature cache key: everything that changes a feature's value, except the image itself.
// Changing this format orphans every cached feature (they are recomputed, never mixed): bump FEATURE_KEY_VERSION.
import type { FeatureSettingsId } from './brand';
import type { PreprocessMode } from './backbone';
import type { FeatureView } from './augment';

export const FEATURE_KEY_VERSION = 1;

export interface FeatureSettings {
  readonly backboneName: string;
  /** SHA-256 of the backbone's weight bytes: features from other weights are never mixed in. */
  readonly weightsHash: string;
  readonly inputSize: number;
  readonly preprocess: PreprocessMode;
  readonly featureLayer: string | null;
  /** Spatial pooling applied before storage. Features are stored unpooled today. */
  readonly pooling: 'none';
  /**
   * Which view of the image: the original, its mirror image (test-time flip), or augmented view n
   * with the augmentation's parameters and seed (shared/augment.ts).
   */
  readonly view: FeatureView;
}

export function featureSettingsId(s: FeatureSettings): FeatureSettingsId {
  return [
    `v${FEATURE_KEY_VERSION}`,
    `backbone=${encodeURIComponent(s.backboneName)}`,
    `weights=${s.weightsHash}`,
    `size=${s.inputSize}`,
    `pre=${s.preprocess}`,
    `layer=${s.featureLayer === null ? '(output)' : encodeURIComponent(s.featureLayer)}`,
    `pool=${s.pooling}`,
    `view=${encodeURIComponent(s.view)}`,
  ].join('|') as FeatureSettingsId;
}

/** Human words for a settings id, for the list of saved features: "VGG16 · 224 px · block5_pool". */
export function describeSettingsId(id: FeatureSettingsId): string {
  const fields = new Map(
    id
      .split('|')
      .slice(1)
      .map((part) => {
        const at = part.indexOf('=');
        return [part.slice(0, at), decodeURIComponent(part.slice(at + 1))] as const;
      }),
  );
  const weights = fields.get('weights') ?? '';
  const view = fields.get('view') ?? 'original';
  return [
    fields.get('backbone') ?? 'unknown backbone',
    `${fields.get('size') ?? '?'} px`,
    fields.get('layer') ?? '',
    `weights ${weights.slice(0, 8)}`,
    view === 'flip'
      ? 'mirrored'
      : view.startsWith('aug')
        ? `augmented view ${view.slice(3, view.indexOf('~'))}`
        : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
