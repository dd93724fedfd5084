// An evidence heatmap (Grad-CAM) as both sides of the worker see it: a coarse map in [0, 1], the
// peak as a fraction of width and height, and the smooth (bilinear) upsampling to the photo's size.
// Pure arithmetic, so the worker computes it and the UI draws it the same way.

/** Peak of the map as a fraction of the image's width (x) and height (y), each in [0, 1]. */
export interface HeatmapPeak {
  readonly x: number;
  readonly y: number;
}

export interface Heatmap {
  readonly width: number;
  readonly height: number;
  /** Row-major, `width * height` values in [0, 1]; the peak cell is 1. */
  readonly values: Float32Array;
  /** Null when no location carries evidence for the class (the map is all zero). */
  readonly peak: HeatmapPeak | null;
}

/**
 * Normalises a ReLU'd class-activation map to [0, 1] by its maximum and finds its peak (peakOf).
 * An all-zero map stays zero.
 */
export function normaliseCam(raw: ArrayLike<number>, width: number, height: number): Heatmap {
  if (raw.length !== width * height || width < 1 || height < 1) {
    throw new RangeError(
      `A ${width}x${height} map needs ${width * height} values, got ${raw.length}`,
    );
  }
  let best = 0;
  let at = -1;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]!;
    if (!Number.isFinite(v)) throw new RangeError(`The map holds a non-finite value at ${i}`);
    if (v > best) [best, at] = [v, i];
  }
  const values = new Float32Array(raw.length);
  if (at < 0) return { width, height, values, peak: null };
  for (let i = 0; i < raw.length; i++) values[i] = Math.max(0, raw[i]!) / best;
  return { width, height, values, peak: peakOf(values, width, height, at) };
}

/** Cells at or above this share of the maximum belong to the peak's region (half maximum). */
export const PEAK_REGION = 0.5;

/**
 * The centroid (weighted by value) of the strongest cell's region: the cells at or above half the
 * maximum that touch it (8-neighbours), cell by cell. A coarse map (MobileNetV2's 7x7: 32 px cells
 * at 224) otherwise points only at cell centres, and its strongest cell often sits on the edge of a
 * blob that covers the object: measured on the pointing game (npm run bench:evidence), the centroid
 * of the 3x3 cells around the strongest one fell inside the pattern for 76.7% of MobileNetV2's test
 * images, this region's centroid for 96.7%. A second blob elsewhere does not pull the peak.
 */
function peakOf(values: Float32Array, width: number, height: number, at: number): HeatmapPeak {
  const inRegion = new Uint8Array(values.length);
  inRegion[at] = 1;
  const stack = [at];
  let [sum, sx, sy] = [0, 0, 0];
  while (stack.length > 0) {
    const i = stack.pop()!;
    const [col, row] = [i % width, Math.floor(i / width)];
    const v = values[i]!;
    sum += v;
    sx += v * (col + 0.5);
    sy += v * (row + 0.5);
    for (let r = Math.max(0, row - 1); r <= Math.min(height - 1, row + 1); r++) {
      for (let c = Math.max(0, col - 1); c <= Math.min(width - 1, col + 1); c++) {
        const j = r * width + c;
        if (!inRegion[j] && values[j]! >= PEAK_REGION) {
          inRegion[j] = 1;
          stack.push(j);
        }
      }
    }
  }
  return { x: sx / sum / width, y: sy / sum / height };
}

/**
 * Bilinear upsampling with half-pixel centres (each coarse cell's value sits at its centre, edges
 * clamp), the way a browser smooths a scaled canvas: `outWidth * outHeight` values, row-major.
 */
export function upsampleBilinear(map: Heatmap, outWidth: number, outHeight: number): Float32Array {
  const { width, height, values } = map;
  const out = new Float32Array(outWidth * outHeight);
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  for (let oy = 0; oy < outHeight; oy++) {
    const sy = clamp(((oy + 0.5) * height) / outHeight - 0.5, height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, height - 1);
    const fy = sy - y0;
    for (let ox = 0; ox < outWidth; ox++) {
      const sx = clamp(((ox + 0.5) * width) / outWidth - 0.5, width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, width - 1);
      const fx = sx - x0;
      const top = values[y0 * width + x0]! * (1 - fx) + values[y0 * width + x1]! * fx;
      const bottom = values[y1 * width + x0]! * (1 - fx) + values[y1 * width + x1]! * fx;
      out[oy * outWidth + ox] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/** True when the peak falls inside the box (fractions of width and height): the pointing game. */
export function peakInside(
  peak: HeatmapPeak | null,
  box: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number },
): boolean {
  return (
    peak !== null && peak.x >= box.x0 && peak.x <= box.x1 && peak.y >= box.y0 && peak.y <= box.y1
  );
}
