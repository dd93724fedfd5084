import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  drawAffine,
  flipRow,
  IDENTITY_DRAW,
  kerasMatrix,
  sourceOf,
  transformRow,
  type AffineDraw,
} from '../../../../src/ml/augment/affine';
import { augmentBatch } from '../../../../src/ml/augment/augment';
import { augmentedViewName, DEFAULT_AUGMENTATION } from '../../../../src/shared/augment';
import { featureSettingsId, type FeatureSettings } from '../../../../src/shared/featureKey';
import { useCpu } from '../../../helpers/tfBackend';

beforeAll(useCpu);

const S = 32;
/** A white 4x4 square (rows 10..13, cols 18..21) on black: off-centre, so every motion shows. */
const SQUARE = { top: 10, left: 18, side: 4 };

function squareImage(): number[][] {
  return Array.from({ length: S }, (_, r) =>
    Array.from({ length: S }, (_, c) =>
      r >= SQUARE.top &&
      r < SQUARE.top + SQUARE.side &&
      c >= SQUARE.left &&
      c < SQUARE.left + SQUARE.side
        ? 1
        : 0,
    ),
  );
}

/** Runs one transform on a one-image, one-channel batch and returns the rows. */
async function apply(image: number[][], row: readonly number[] | null): Promise<number[][]> {
  const x = tf.tensor4d(image.flat(), [1, S, S, 1]);
  const y = augmentBatch(x, [row]);
  const values = Array.from(await y.data());
  tf.dispose([x, y]);
  return Array.from({ length: S }, (_, r) => values.slice(r * S, (r + 1) * S));
}

const draw = (patch: Partial<AffineDraw>): AffineDraw => ({ ...IDENTITY_DRAW, ...patch });

/** Where input point (row, col) lands in the output: the inverse of Keras's output-to-input map. */
function forward(d: AffineDraw, row: number, col: number): [number, number] {
  const m = kerasMatrix(d, S, S);
  const [a, b, c, dd, e, f] = m;
  const det = a * e - b * dd;
  const r0 = row - c;
  const c0 = col - f;
  return [(e * r0 - b * c0) / det, (-dd * r0 + a * c0) / det];
}

function brightPixels(image: number[][], threshold = 0.5): [number, number][] {
  const out: [number, number][] = [];
  image.forEach((row, r) => row.forEach((v, c) => v > threshold && out.push([r, c])));
  return out;
}

function centroid(image: number[][]): [number, number] {
  let sum = 0;
  let sr = 0;
  let sc = 0;
  image.forEach((row, r) =>
    row.forEach((v, c) => {
      sum += v;
      sr += v * r;
      sc += v * c;
    }),
  );
  return [sr / sum, sc / sum];
}

const squareCentre = (): [number, number] => [
  SQUARE.top + (SQUARE.side - 1) / 2,
  SQUARE.left + (SQUARE.side - 1) / 2,
];

describe('augmentation geometry on a known square', () => {
  it('leaves the image alone for the identity and mirrors it exactly for a flip', async () => {
    const image = squareImage();
    expect(await apply(image, transformRow(IDENTITY_DRAW, S, S))).toEqual(image);
    const flipped = await apply(image, transformRow(draw({ flip: true }), S, S));
    expect(flipped).toEqual(image.map((row) => [...row].reverse()));
    expect(await apply(image, flipRow(S))).toEqual(flipped);
  });

  it('rotates by 90 degrees about the centre: the corners land where the rotation puts them', async () => {
    const out = await apply(squareImage(), transformRow(draw({ theta: Math.PI / 2 }), S, S));
    const corners = brightPixels(out);
    expect(corners).toHaveLength(16); // a quarter turn about the grid centre moves pixels onto pixels
    const { top, left, side } = SQUARE;
    const expected = [
      [top, left],
      [top, left + side - 1],
      [top + side - 1, left],
      [top + side - 1, left + side - 1],
    ].map(([r, c]) => forward(draw({ theta: Math.PI / 2 }), r!, c!).map(Math.round));
    for (const corner of expected) expect(corners).toContainEqual(corner);
    // Keras's rotation matrix with +90 degrees moves the square above right of centre to below right.
    expect(Math.min(...corners.map(([r]) => r))).toBeGreaterThan(S / 2);
    expect(Math.min(...corners.map(([, c]) => c))).toBeGreaterThan(S / 2);
  });

  it('shifts by whole pixels exactly, repeating the edge ("nearest") where the image ends', async () => {
    // A horizontal ramp: value = column. Keras's ty (width shift) of -5 px samples column c - 5.
    const ramp = Array.from({ length: S }, () => Array.from({ length: S }, (_, c) => c));
    const out = await apply(ramp, transformRow(draw({ colShift: -5 / S }), S, S));
    for (const row of out) {
      expect(row.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]); // filled with column 0's value
      expect(row.slice(5)).toEqual(Array.from({ length: S - 5 }, (_, c) => c));
    }
    // Height shift of +4 px: the square moves up by 4.
    const up = await apply(squareImage(), transformRow(draw({ rowShift: 4 / S }), S, S));
    const rows = brightPixels(up).map(([r]) => r);
    expect([Math.min(...rows), Math.max(...rows)]).toEqual([
      SQUARE.top - 4,
      SQUARE.top + SQUARE.side - 5,
    ]);
  });

  it('shears and zooms the square where the matrix says, about the centre', async () => {
    for (const d of [
      draw({ shear: 0.4 }),
      draw({ zoomRow: 0.5, zoomCol: 0.5 }),
      draw({ zoomRow: 1.2, zoomCol: 0.8 }),
      draw({ theta: 0.6, rowShift: 0.1, colShift: -0.1, shear: 0.2, zoomRow: 0.9, zoomCol: 1.1 }),
    ]) {
      const out = await apply(squareImage(), transformRow(d, S, S));
      const [r, c] = centroid(out);
      const [er, ec] = forward(d, ...squareCentre());
      expect(Math.abs(r - er), JSON.stringify(d)).toBeLessThan(0.6);
      expect(Math.abs(c - ec), JSON.stringify(d)).toBeLessThan(0.6);
      // Each corner pixel's centre lands on a bright output pixel.
      const { top, left, side } = SQUARE;
      for (const [cr, cc] of [
        [top + 0.5, left + 0.5],
        [top + 0.5, left + side - 1.5],
        [top + side - 1.5, left + 0.5],
        [top + side - 1.5, left + side - 1.5],
      ]) {
        const [fr, fc] = forward(d, cr!, cc!).map(Math.round);
        expect(out[fr!]![fc!], `${JSON.stringify(d)} corner ${cr},${cc}`).toBeGreaterThan(0.3);
      }
    }
    // Zoom 0.5 samples half the span: a 2x magnification, about four times the area.
    const zoomed = await apply(
      squareImage(),
      transformRow(draw({ zoomRow: 0.5, zoomCol: 0.5 }), S, S),
    );
    const area = zoomed.flat().reduce((a, b) => a + b, 0);
    expect(area / 16).toBeGreaterThan(3.5);
    expect(area / 16).toBeLessThan(4.5);
  });

  it('maps points as tf.image.transform does (x = column, y = row)', () => {
    const row = transformRow(draw({ colShift: 0.25 }), S, S);
    expect(sourceOf(row, 3, 7)).toEqual([3 + 8, 7]);
  });
});

describe('augmentation draws and cache keys', () => {
  it('gives the same view for the same seed, and another for another view or seed', () => {
    const a = drawAffine(DEFAULT_AUGMENTATION, 1234, 1);
    expect(drawAffine(DEFAULT_AUGMENTATION, 1234, 1)).toEqual(a);
    expect(drawAffine(DEFAULT_AUGMENTATION, 1234, 2)).not.toEqual(a);
    expect(drawAffine(DEFAULT_AUGMENTATION, 1235, 1)).not.toEqual(a);
    expect(drawAffine({ ...DEFAULT_AUGMENTATION, seed: 2 }, 1234, 1)).not.toEqual(a);
  });

  it('keeps every draw inside the tutorial ranges and flips about half the views', () => {
    const draws = Array.from({ length: 400 }, (_, i) => drawAffine(DEFAULT_AUGMENTATION, i, 1));
    for (const d of draws) {
      expect(Math.abs(d.theta)).toBeLessThanOrEqual((40 * Math.PI) / 180);
      expect(Math.abs(d.rowShift)).toBeLessThanOrEqual(0.2);
      expect(Math.abs(d.colShift)).toBeLessThanOrEqual(0.2);
      expect(Math.abs(d.shear)).toBeLessThanOrEqual((0.2 * Math.PI) / 180);
      expect(Math.abs(d.zoomRow - 1)).toBeLessThanOrEqual(0.2);
    }
    const flips = draws.filter((d) => d.flip).length;
    expect(flips).toBeGreaterThan(160);
    expect(flips).toBeLessThan(240);
    expect(Math.max(...draws.map((d) => Math.abs(d.theta)))).toBeGreaterThan(0.6);
  });

  it('keys each view and each setting apart, and the original as before', () => {
    const base: FeatureSettings = {
      backboneName: 'MobileNetV2',
      weightsHash: 'abc',
      inputSize: 224,
      preprocess: 'tf',
      featureLayer: null,
      pooling: 'none',
      view: 'original',
    };
    const ids = new Set([
      featureSettingsId(base),
      featureSettingsId({ ...base, view: 'flip' }),
      featureSettingsId({ ...base, view: augmentedViewName(DEFAULT_AUGMENTATION, 1) }),
      featureSettingsId({ ...base, view: augmentedViewName(DEFAULT_AUGMENTATION, 2) }),
      featureSettingsId({
        ...base,
        view: augmentedViewName({ ...DEFAULT_AUGMENTATION, rotation: 20 }, 1),
      }),
      featureSettingsId({
        ...base,
        view: augmentedViewName({ ...DEFAULT_AUGMENTATION, seed: 9 }, 1),
      }),
    ]);
    expect(ids.size).toBe(6);
    // K is not part of a view's key: view 1 is the same features whether K is 2 or 4.
    expect(augmentedViewName({ ...DEFAULT_AUGMENTATION, views: 2 }, 1)).toBe(
      augmentedViewName({ ...DEFAULT_AUGMENTATION, views: 4 }, 1),
    );
    expect(featureSettingsId(base)).toMatch(/\|view=original$/);
  });

  it('leaks no tensors and leaves a batch without transforms untouched', () => {
    const before = tf.memory().numTensors;
    const x = tf.zeros([2, 4, 4, 3]) as tf.Tensor4D;
    expect(augmentBatch(x, [null, null])).toBe(x);
    const y = augmentBatch(x, [null, flipRow(4)]);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => augmentBatch(tf.zeros([1, 4, 4, 3]) as tf.Tensor4D, [])).toThrow(RangeError);
  });
});
