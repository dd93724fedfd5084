// The pointing game, small: a head trained on each real pretrained backbone (darknet-tiny,
// MobileNetV2 0.35) must point at the pasted pattern far more often than chance, and its map must
// not survive re-initialising the head (Adebayo et al. 2018). `npm run bench:evidence` plays the
// full game; this one is cheap. Deterministic (seeded placements and heads): no bound depends on load.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAssetBackbone } from '../../../scripts/lib/assetBackbone';
import { CHROMIUM, decodeSquare } from '../../../scripts/lib/decodeInChromium';
import { gameRng, makeImages, playPointingGame, spearman } from '../../../scripts/lib/pointingGame';
import { ASSETS_DIR, hasAssets, MISSING_ASSETS_REASON } from '../../helpers/assets';
import { useWasm } from '../../helpers/tfBackend';

describe('spearman', () => {
  it('is 1 for the same order, -1 for the reverse, and shares ranks between ties', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 400])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([0, 0, 1, 1], [0, 0, 1, 1])).toBeCloseTo(1, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBe(0);
  });
});

const ready = hasAssets && existsSync(CHROMIUM);
const reason = hasAssets ? `${CHROMIUM} not found` : MISSING_ASSETS_REASON;

describe.skipIf(!ready)(
  `the pointing game on real backbones (${ready ? 'real photos' : reason})`,
  () => {
    beforeAll(useWasm);

    it.each(['darknet-tiny', 'mobilenet-v2-0.35'] as const)(
      '%s: the peak falls inside the pattern far more often than chance',
      async (id) => {
        const flowers = join(ASSETS_DIR, 'datasets/flowers-dev');
        const files = readdirSync(flowers, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile() && /\.jpe?g$/i.test(e.name))
          .map((e) => join(e.parentPath, e.name))
          .sort()
          .filter((_, i) => i % 15 === 0); // 20 photos, across the classes
        const photos = await decodeSquare(files, 224);
        const rng = gameRng(3);
        const train = makeImages(photos.slice(0, 12), 10, 224, 48, rng);
        const test = makeImages(photos.slice(12), 4, 224, 48, rng);
        const backbone = await loadAssetBackbone(ASSETS_DIR, id);
        const before = tf.memory().numTensors;
        const result = (await playPointingGame(backbone, train, test, 1))[0]!;
        expect(tf.memory().numTensors).toBe(before);
        backbone.dispose();
        console.log(`${id}: pointing ${result.hitRate} on ${result.testImages} images`);
        // Chance is the pattern's share of the image, under 5%; the centre scores about as little.
        expect(result.uniformHitRate).toBeLessThan(0.05);
        // The full game (npm run bench:evidence, 60 images) scores 88-100% over three seeds; on
        // these 12 images both score 11 or 12. At least 9 leaves room for tfjs's arithmetic on
        // another machine, not for a map that points elsewhere.
        expect(result.hitRate).toBeGreaterThanOrEqual(0.75);
        expect(result.hitRate).toBeGreaterThan(result.centreHitRate + 0.3);
        // A re-initialised head's map is unrelated to the trained one; another trained head's is not.
        expect(result.randomisedSpearman).toBeLessThan(result.retrainedSpearman);
        // About 35 s on a loaded two-core machine (Chromium decoding, extraction, three heads): the
        // limit only catches a hang, it is no speed check.
      },
      900_000,
    );
  },
);
