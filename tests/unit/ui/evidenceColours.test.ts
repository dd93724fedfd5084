// The heatmap's drawing, without a canvas: the ramp's ends and order, opacity growing with the
// evidence (the photo shows through where there is none), and the smooth upsampling's size.
import { describe, expect, it } from 'vitest';
import { heatmapPixels, RAMP, rampColour, rampGradient } from '../../../src/ui/Evidence/colours';
import { normaliseCam } from '../../../src/shared/heatmap';

describe('evidence heatmap colours', () => {
  it('runs the ramp from its first stop to its last, between stops linearly', () => {
    expect(rampColour(0)).toEqual([...RAMP[0]!]);
    expect(rampColour(1)).toEqual([...RAMP.at(-1)!]);
    expect(rampColour(-3)).toEqual(rampColour(0));
    expect(rampColour(7)).toEqual(rampColour(1));
    const [a, b] = [RAMP[0]!, RAMP[1]!];
    expect(rampColour(0.125)).toEqual([0, 1, 2].map((k) => Math.round((a[k]! + b[k]!) / 2)));
    expect(rampGradient()).toMatch(/^linear-gradient\(to right, rgb\(48 18 90\) 0%,.* 100%\)$/);
  });

  it('draws the map upsampled, alpha = opacity x evidence, the peak cell the most opaque', () => {
    // A 2x2 map whose top-right cell holds all the evidence.
    const map = normaliseCam([0, 4, 0, 0], 2, 2);
    const pixels = heatmapPixels(map, 8, 8, 0.5);
    expect(pixels.length).toBe(8 * 8 * 4);
    const alphaAt = (x: number, y: number) => pixels[(y * 8 + x) * 4 + 3]!;
    expect(alphaAt(7, 0)).toBe(Math.round(0.5 * 255)); // beyond the cell's centre: clamped to 1
    expect(alphaAt(0, 7)).toBe(0); // no evidence: the photo shows through
    expect(alphaAt(4, 2)).toBeGreaterThan(alphaAt(3, 2)); // smooth, rising toward the peak
    expect(alphaAt(3, 2)).toBeGreaterThan(0);
    expect([...pixels.slice((0 * 8 + 7) * 4, (0 * 8 + 7) * 4 + 3)]).toEqual([...RAMP.at(-1)!]);
    expect(heatmapPixels(map, 8, 8, 0).every((v, i) => i % 4 !== 3 || v === 0)).toBe(true);
  });
});
