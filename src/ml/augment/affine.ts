// The augmentation's geometry, in plain JS: random parameters drawn the way Keras's
// ImageDataGenerator draws them, and the matrix tf.image.transform needs. Keras builds, in (row, col)
// coordinates about the image centre, M = rotation · shift · shear · zoom, which maps each *output*
// pixel to the *input* point it samples (scipy's affine_transform); the horizontal flip comes after.
// Here the flip is folded into the same matrix, so one resampling pass does everything.
import type { AugmentConfig } from '../../shared/augment';
import { createRng, deriveSeed } from '../random';

/** One view's draws. Angles in radians; shifts as fractions of the image (Keras `tx` is rows). */
export interface AffineDraw {
  readonly theta: number;
  /** Row shift (Keras tx, from height_shift_range) and column shift (Keras ty), as fractions. */
  readonly rowShift: number;
  readonly colShift: number;
  readonly shear: number;
  /** Row and column zoom (Keras zx, zy). */
  readonly zoomRow: number;
  readonly zoomCol: number;
  readonly flip: boolean;
}

export const IDENTITY_DRAW: AffineDraw = {
  theta: 0,
  rowShift: 0,
  colShift: 0,
  shear: 0,
  zoomRow: 1,
  zoomCol: 1,
  flip: false,
};

/** tf.image.transform's [a0, a1, a2, b0, b1, b2, c0, c1] for the identity. */
export const IDENTITY_TRANSFORM: readonly number[] = [1, 0, 0, 0, 1, 0, 0, 0];

const DEG = Math.PI / 180;

/**
 * The draws for view `view` (1-based) of the image whose seed is `imageSeed` (from its hash): the
 * same image, view and settings always give the same view, on any machine.
 */
export function drawAffine(config: AugmentConfig, imageSeed: number, view: number): AffineDraw {
  const rng = createRng(deriveSeed(config.seed, imageSeed, view));
  const uniform = (range: number) => (2 * rng() - 1) * range;
  // Draw every parameter even when its range is 0, so changing one range leaves the others' draws.
  const theta = uniform(config.rotation) * DEG;
  const rowShift = uniform(config.heightShift);
  const colShift = uniform(config.widthShift);
  const shear = uniform(config.shear) * DEG;
  const zoomRow = 1 + uniform(config.zoom);
  const zoomCol = 1 + uniform(config.zoom);
  const flip = config.horizontalFlip && rng() < 0.5;
  return { theta, rowShift, colShift, shear, zoomRow, zoomCol, flip };
}

type Matrix3 = readonly [number, number, number, number, number, number, number, number, number];

function multiply(a: Matrix3, b: Matrix3): Matrix3 {
  const out = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++)
      for (let k = 0; k < 3; k++) out[r * 3 + c]! += a[r * 3 + k]! * b[k * 3 + c]!;
  return out as unknown as Matrix3;
}

/**
 * The output-to-input map of `draw` on a `height` x `width` image in (row, col) coordinates, as a
 * row-major 3x3 matrix: Keras's apply_affine_transform, then its flip_axis on columns.
 */
export function kerasMatrix(draw: AffineDraw, height: number, width: number): Matrix3 {
  const { theta, shear } = draw;
  const rotation: Matrix3 = [
    Math.cos(theta),
    -Math.sin(theta),
    0,
    Math.sin(theta),
    Math.cos(theta),
    0,
    0,
    0,
    1,
  ];
  const shift: Matrix3 = [1, 0, draw.rowShift * height, 0, 1, draw.colShift * width, 0, 0, 1];
  const shearing: Matrix3 = [1, -Math.sin(shear), 0, 0, Math.cos(shear), 0, 0, 0, 1];
  const zoom: Matrix3 = [draw.zoomRow, 0, 0, 0, draw.zoomCol, 0, 0, 0, 1];
  const m = multiply(multiply(multiply(rotation, shift), shearing), zoom);
  // Keras's transform_matrix_offset_center: about the centre of the pixel grid.
  const oRow = height / 2 - 0.5;
  const oCol = width / 2 - 0.5;
  const centred = multiply(multiply([1, 0, oRow, 0, 1, oCol, 0, 0, 1], m), [
    1,
    0,
    -oRow,
    0,
    1,
    -oCol,
    0,
    0,
    1,
  ]);
  if (!draw.flip) return centred;
  // Output column c shows what column (width - 1 - c) showed before the flip.
  return multiply(centred, [1, 0, 0, 0, -1, width - 1, 0, 0, 1]);
}

/** `draw` as tf.image.transform's row: (x, y) = (col, row), mapping output to input points. */
export function transformRow(draw: AffineDraw, height: number, width: number): number[] {
  const m = kerasMatrix(draw, height, width);
  // input_row = m0 r + m1 c + m2; input_col = m3 r + m4 c + m5. With x = c, y = r:
  // input_x = m4 x + m3 y + m5, input_y = m1 x + m0 y + m2.
  return [m[4], m[3], m[5], m[1], m[0], m[2], 0, 0];
}

/** The mirror image's row, for test-time flip. */
export function flipRow(width: number): number[] {
  return [-1, 0, width - 1, 0, 1, 0, 0, 0];
}

/** Where output point (x, y) samples the input under a transform row (for tests and previews). */
export function sourceOf(row: readonly number[], x: number, y: number): [number, number] {
  return [row[0]! * x + row[1]! * y + row[2]!, row[3]! * x + row[4]! * y + row[5]!];
}
