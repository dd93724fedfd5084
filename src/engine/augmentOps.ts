// The augmentation preview: a few training images beside their augmented views, computed with the
// same draws and the same transform extraction uses (at a small size), before any backbone runs.
import * as tf from '@tensorflow/tfjs';
import type { AugmentConfig } from '../shared/augment';
import { augmentProblem } from '../shared/augment';
import type { AugmentPreview } from '../shared/engine';
import { drawAffine, transformRow } from '../ml/augment/affine';
import { augmentBatch } from '../ml/augment/augment';
import type { EngineContext } from './context';
import { imageSeed } from './views';

/** Pixels per side of a preview tile. */
const PREVIEW_SIZE = 112;
/** Views shown per image; with augmentation off the preview still shows what it would do. */
const PREVIEW_VIEWS = 4;

export function createAugmentOps(ctx: EngineContext) {
  return {
    /** `count` training images (classes in turn), each with up to four augmented views. */
    async previewAugmentation(augment: AugmentConfig, count = 4): Promise<AugmentPreview> {
      const problem = augmentProblem(augment);
      if (problem) throw new Error(problem);
      const { manifest, blobs } = ctx.requireDataset();
      const classes = manifest.classes.length;
      const picked = [];
      for (let round = 0; picked.length < count && round < manifest.images.length; round++) {
        const c = round % classes;
        const image = manifest.images.filter((i) => i.split === 'train' && i.classIndex === c)[
          Math.floor(round / classes)
        ];
        if (image) picked.push(image);
      }
      const views = Math.max(1, Math.min(PREVIEW_VIEWS, augment.views || PREVIEW_VIEWS));
      const s = PREVIEW_SIZE;
      const rows = [];
      for (const image of picked) {
        const rgba = await ctx.deps.decode(blobs.get(image.id)!, s);
        const rgb = new Float32Array(s * s * 3);
        for (let p = 0; p < s * s; p++)
          for (let c = 0; c < 3; c++) rgb[p * 3 + c] = rgba[p * 4 + c]!;
        const transforms = Array.from({ length: views }, (_, v) =>
          transformRow(drawAffine(augment, imageSeed(image.id), v + 1), s, s),
        );
        const x = tf.tensor4d(rgb, [1, s, s, 3]);
        const batch = tf.tidy(() => tf.tile(x, [views, 1, 1, 1]) as tf.Tensor4D);
        const out = augmentBatch(batch, transforms);
        const values = await out.data();
        tf.dispose([x, batch, out]);
        const tiles = Array.from({ length: views }, (_, v) => {
          const tile = new Uint8ClampedArray(s * s * 4);
          for (let p = 0; p < s * s; p++) {
            for (let c = 0; c < 3; c++) tile[p * 4 + c] = values[(v * s * s + p) * 3 + c]!;
            tile[p * 4 + 3] = 255;
          }
          return tile;
        });
        rows.push({ path: image.path, classIndex: image.classIndex, original: rgba, views: tiles });
      }
      return { size: s, rows };
    },
  };
}
