// The pointing game for evidence heatmaps: each class is a small pattern pasted at a random place on
// a real photo; a head trained on a real backbone's features must point (the Grad-CAM peak) inside
// the pattern. Also the randomisation check of Adebayo et al. (2018): a map that survives
// re-initialising the head's weights explains the photo, not the model. Runs in Node on tfjs.
import type { Backbone } from '../../src/ml/backbones/backbone';
import { preprocessBatch } from '../../src/ml/backbones/preprocess';
import { createExplainer } from '../../src/ml/explain/explainer';
import { createHead, type Head } from '../../src/ml/head/head';
import { trainHead, type FeatureSet } from '../../src/ml/head/train';
import { mulberry32, type Rng } from '../../src/ml/random';
import { peakInside } from '../../src/shared/heatmap';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/training';

export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface GameImage {
  readonly pixels: Uint8ClampedArray;
  readonly label: number;
  /** Where the pattern is, as fractions of width and height. */
  readonly box: Box;
}

type Rgb = readonly [number, number, number];
/** One pattern per class, by local coordinates in [0, 1): high contrast, unlike flowers. */
const PATTERNS: readonly ((u: number, v: number) => Rgb)[] = [
  (u, v) => ((Math.floor(u * 6) + Math.floor(v * 6)) % 2 ? [0, 0, 0] : [255, 255, 255]),
  (u, v) => ((u - 0.5) ** 2 + (v - 0.5) ** 2 < 0.16 ? [230, 20, 20] : [20, 20, 230]),
  (_u, v) => (Math.floor(v * 8) % 2 ? [0, 0, 0] : [255, 230, 0]),
];
export const PATTERN_CLASSES = PATTERNS.length;

/** `background` with class `label`'s pattern of side `pattern` pasted at (x, y), in pixels. */
export function compose(
  background: Uint8ClampedArray,
  size: number,
  label: number,
  x: number,
  y: number,
  pattern: number,
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(background);
  const draw = PATTERNS[label]!;
  for (let j = 0; j < pattern; j++) {
    for (let i = 0; i < pattern; i++) {
      const o = ((y + j) * size + x + i) * 4;
      const [r, g, b] = draw((i + 0.5) / pattern, (j + 0.5) / pattern);
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = 255;
    }
  }
  return out;
}

/** `perClass` images of each class on backgrounds drawn from `backgrounds`, at random places. */
export function makeImages(
  backgrounds: readonly Uint8ClampedArray[],
  perClass: number,
  size: number,
  pattern: number,
  rng: Rng,
): GameImage[] {
  const images: GameImage[] = [];
  for (let label = 0; label < PATTERN_CLASSES; label++) {
    for (let n = 0; n < perClass; n++) {
      const background = backgrounds[Math.floor(rng() * backgrounds.length)]!;
      const x = Math.floor(rng() * (size - pattern + 1));
      const y = Math.floor(rng() * (size - pattern + 1));
      const box = {
        x0: x / size,
        y0: y / size,
        x1: (x + pattern) / size,
        y1: (y + pattern) / size,
      };
      images.push({ pixels: compose(background, size, label, x, y, pattern), label, box });
    }
  }
  return images;
}

/** Spearman's rank correlation (ties share their mean rank); 0 when either side is constant. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ranks = (v: ArrayLike<number>) => {
    const order = Array.from(v, (x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Float64Array(v.length);
    for (let i = 0; i < order.length;) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
      for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const [ra, rb] = [ranks(a), ranks(b)];
  const mean = (ra.length - 1) / 2;
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < ra.length; i++) {
    const [da, db] = [ra[i]! - mean, rb[i]! - mean];
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

async function features(backbone: Backbone, images: readonly GameImage[]): Promise<FeatureSet> {
  const vectors: Float32Array[] = [];
  const { inputSize, preprocess } = backbone.info;
  for (let at = 0; at < images.length; at += 16) {
    const chunk = images.slice(at, at + 16);
    const batch = preprocessBatch(
      chunk.map((i) => i.pixels),
      inputSize,
      preprocess,
    );
    const out = backbone.extract(batch);
    batch.dispose();
    const flat = (await out.data()) as Float32Array;
    out.dispose();
    const width = flat.length / chunk.length;
    chunk.forEach((_, i) => vectors.push(flat.slice(i * width, (i + 1) * width)));
  }
  return { vectors, labels: images.map((i) => i.label) };
}

async function trained(backbone: Backbone, train: FeatureSet, seed: number): Promise<Head> {
  // Every fifth image validates (early stopping); the rest train.
  const pick = (keep: (i: number) => boolean): FeatureSet => ({
    vectors: train.vectors.filter((_, i) => keep(i)),
    labels: train.labels.filter((_, i) => keep(i)),
  });
  const { head } = await trainHead({
    train: pick((i) => i % 5 !== 0),
    val: pick((i) => i % 5 === 0),
    featureShape: backbone.info.featureShape,
    numClasses: PATTERN_CLASSES,
    config: { ...DEFAULT_TRAIN_CONFIG, seed },
  });
  return head;
}

export interface GameResult {
  readonly layer: string;
  readonly testImages: number;
  /** The trained head's accuracy on the test images (the pattern is all there is to learn). */
  readonly accuracy: number;
  /** Share of test images whose heatmap peak (for the true class) falls inside the pattern. */
  readonly hitRate: number;
  /** The pointing game's usual allowance (Zhang et al. 2016): the peak within 15 px of the pattern. */
  readonly hitRateWithin15px: number;
  /** The same game played by always pointing at the image's centre. */
  readonly centreHitRate: number;
  /** The chance that a uniformly random point lands in the pattern (its share of the image). */
  readonly uniformHitRate: number;
  /** Mean Spearman correlation of the trained map with the map of a re-initialised head. */
  readonly randomisedSpearman: number;
  /** ... and with the map of a second head trained with another seed. */
  readonly retrainedSpearman: number;
  /** Mean time to explain one image from its pixels (backbone, gradient, map), after a warm-up. */
  readonly msPerImage: number;
}

/**
 * Trains heads on `train`, explains every `test` image, and scores the maps: on the default layer,
 * or on each of the first `layers` layers the explainer offers (one result per layer).
 */
export async function playPointingGame(
  backbone: Backbone,
  train: readonly GameImage[],
  test: readonly GameImage[],
  seed: number,
  layers = 1,
): Promise<GameResult[]> {
  const trainSet = await features(backbone, train);
  const head = await trained(backbone, trainSet, seed);
  const second = await trained(backbone, trainSet, seed + 1);
  const random = createHead('pooled', backbone.info.featureShape, PATTERN_CLASSES, seed + 2);
  const explainer = createExplainer(backbone);
  const score = async (layer: string): Promise<GameResult> => {
    const explain = (pixels: Uint8ClampedArray, h: Head, label: number) =>
      explainer.explain(pixels, h, label, layer);
    await explain(test[0]!.pixels, head, test[0]!.label); // warm-up, untimed
    let [hits, near, correct, centre, ms, rRandom, rRetrained] = [0, 0, 0, 0, 0, 0, 0];
    const slack = 15 / 224;
    for (const image of test) {
      const started = performance.now();
      const map = await explain(image.pixels, head, image.label);
      ms += performance.now() - started;
      if (peakInside(map.heatmap.peak, image.box)) hits++;
      const { x0, y0, x1, y1 } = image.box;
      const wider = { x0: x0 - slack, y0: y0 - slack, x1: x1 + slack, y1: y1 + slack };
      if (peakInside(map.heatmap.peak, wider)) near++;
      if (peakInside({ x: 0.5, y: 0.5 }, image.box)) centre++;
      const p = map.probabilities;
      if (p.indexOf(Math.max(...p)) === image.label) correct++;
      const other = await explain(image.pixels, second, image.label);
      const blank = await explain(image.pixels, random, image.label);
      rRetrained += spearman(map.heatmap.values, other.heatmap.values);
      rRandom += spearman(map.heatmap.values, blank.heatmap.values);
    }
    const n = test.length;
    const { box } = test[0]!;
    return {
      layer,
      testImages: n,
      accuracy: correct / n,
      hitRate: hits / n,
      hitRateWithin15px: near / n,
      centreHitRate: centre / n,
      uniformHitRate: (box.x1 - box.x0) * (box.y1 - box.y0),
      randomisedSpearman: rRandom / n,
      retrainedSpearman: rRetrained / n,
      msPerImage: ms / n,
    };
  };
  try {
    const results: GameResult[] = [];
    for (const layer of explainer.layers.slice(0, layers)) results.push(await score(layer));
    return results;
  } finally {
    explainer.dispose();
    for (const h of [head, second, random]) h.dispose();
  }
}

/** A seeded stream for the game's placements. */
export const gameRng = (seed: number): Rng => mulberry32(seed);
