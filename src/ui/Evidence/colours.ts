// The heatmap's colours: evidence 0..1 to a colour ramp (dark blue, cyan, green, yellow, red) with
// opacity growing with the evidence, so the photo shows through where the model did not look and
// the strongest evidence is the most opaque. Pure, so the drawing is tested without a canvas.
import { upsampleBilinear, type Heatmap } from '../../shared/heatmap';

/** The ramp's stops, evenly spaced from 0 to 1 (a perceptually ordered "turbo"-like ramp). */
export const RAMP: readonly (readonly [number, number, number])[] = [
  [48, 18, 90],
  [40, 120, 240],
  [30, 210, 130],
  [250, 210, 40],
  [215, 35, 15],
];

/** The ramp's colour at `v` (clamped to [0, 1]), linearly between stops. */
export function rampColour(v: number): [number, number, number] {
  const t = Math.min(Math.max(v, 0), 1) * (RAMP.length - 1);
  const i = Math.min(Math.floor(t), RAMP.length - 2);
  const f = t - i;
  const [a, b] = [RAMP[i]!, RAMP[i + 1]!];
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/** The legend's CSS gradient: the same ramp, left (no evidence) to right (strongest). */
export function rampGradient(): string {
  const stops = RAMP.map((c, i) => `rgb(${c.join(' ')}) ${(100 * i) / (RAMP.length - 1)}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/**
 * RGBA pixels of `map` drawn at `width` x `height`: bilinear upsampling (shared/heatmap.ts), the
 * ramp's colour, alpha `opacity` x evidence (opacity in [0, 1]).
 */
export function heatmapPixels(
  map: Heatmap,
  width: number,
  height: number,
  opacity: number,
): Uint8ClampedArray<ArrayBuffer> {
  const values = upsampleBilinear(map, width, height);
  const out = new Uint8ClampedArray(width * height * 4);
  const alpha = Math.min(Math.max(opacity, 0), 1) * 255;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const [r, g, b] = rampColour(v);
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = Math.round(alpha * v);
  }
  return out;
}
