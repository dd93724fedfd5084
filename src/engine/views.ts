// Views of the images besides the originals: K augmented views of each training image (the
// augmentation's features, cached per view and setting, so changing K reuses what exists) and the
// mirror image of each test image (test-time flip). Plans their extraction and reads them back.
import type { ContentHash } from '../shared/brand';
import type { AugmentConfig } from '../shared/augment';
import { augmentedViewName } from '../shared/augment';
import type { BackboneInfo } from '../shared/backbone';
import type { DatasetManifest } from '../shared/dataset';
import type { FeatureCache } from '../storage/featureCache';
import { drawAffine, flipRow, transformRow } from '../ml/augment/affine';
import type { ExtractionJob } from './extract';
import { settingsIdOf } from './context';

/** A number from the image's hash, so each image gets its own augmentation draws. */
export function imageSeed(id: ContentHash): number {
  return Number.parseInt(id.slice(0, 8), 16) >>> 0;
}

/** The cache keys of augmented views 1..K under `augment`. */
export function augmentedSettingsIds(info: BackboneInfo, augment: AugmentConfig) {
  return Array.from({ length: augment.views }, (_, i) =>
    settingsIdOf(info, augmentedViewName(augment, i + 1)),
  );
}

/** Extraction jobs for the views the cache lacks: augmented training views, then mirrored test images. */
export async function missingViewJobs(
  manifest: DatasetManifest,
  blobs: ReadonlyMap<ContentHash, Blob>,
  info: BackboneInfo,
  augment: AugmentConfig | undefined,
  cache: FeatureCache,
): Promise<{ jobs: ExtractionJob[]; planned: number }> {
  const size = info.inputSize;
  const jobs: ExtractionJob[] = [];
  let planned = 0;
  const plan = async (
    images: readonly { id: ContentHash; path: string }[],
    view: (id: ContentHash) => {
      transform: readonly number[];
      settingsId: ReturnType<typeof settingsIdOf>;
    },
    settingsId: ReturnType<typeof settingsIdOf>,
  ) => {
    planned += images.length;
    const missing = new Set(
      await cache.missing(
        settingsId,
        images.map((i) => i.id),
      ),
    );
    for (const image of images) {
      if (missing.has(image.id))
        jobs.push({
          id: image.id,
          path: image.path,
          blob: blobs.get(image.id)!,
          view: view(image.id),
        });
    }
  };
  if (!augment) return { jobs, planned };
  const train = manifest.images.filter((i) => i.split === 'train');
  const ids = augmentedSettingsIds(info, augment);
  for (let v = 1; v <= augment.views; v++) {
    const settingsId = ids[v - 1]!;
    await plan(
      train,
      (id) => ({
        transform: transformRow(drawAffine(augment, imageSeed(id), v), size, size),
        settingsId,
      }),
      settingsId,
    );
  }
  if (augment.testTimeFlip) {
    const settingsId = settingsIdOf(info, 'flip');
    const test = manifest.images.filter((i) => i.split === 'test');
    await plan(test, () => ({ transform: flipRow(size), settingsId }), settingsId);
  }
  return { jobs, planned };
}

/** Features of the augmented views of the training images that are cached, with their labels. */
export async function loadAugmentedTrain(
  manifest: DatasetManifest,
  info: BackboneInfo,
  augment: AugmentConfig,
  cache: FeatureCache,
): Promise<{ vectors: Float32Array[]; labels: number[] }> {
  const train = manifest.images.filter((i) => i.split === 'train');
  const out = { vectors: [] as Float32Array[], labels: [] as number[] };
  for (const settingsId of augmentedSettingsIds(info, augment)) {
    const features = await cache.getMany(
      settingsId,
      train.map((i) => i.id),
    );
    for (const image of train) {
      const feature = features.get(image.id);
      if (!feature) continue; // not decodable: reported at extraction
      out.vectors.push(feature.values);
      out.labels.push(image.classIndex);
    }
  }
  return out;
}

/** The mirrored features of `ids`, in order; the original's place where one is missing. */
export async function loadFlipped(
  ids: readonly ContentHash[],
  originals: readonly Float32Array[],
  info: BackboneInfo,
  cache: FeatureCache,
): Promise<Float32Array[]> {
  const features = await cache.getMany(settingsIdOf(info, 'flip'), ids);
  return ids.map((id, i) => features.get(id)?.values ?? originals[i]!);
}
