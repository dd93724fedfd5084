import { describe, expect, it } from 'vitest';
import { normaliseCam, peakInside, upsampleBilinear } from '../../../src/shared/heatmap';

describe('normaliseCam', () => {
  it('scales by the maximum; a lone strongest cell is the peak, at its centre', () => {
    const map = normaliseCam([0, 0, 0, 0, 0, 4], 3, 2);
    expect([...map.values]).toEqual([0, 0, 0, 0, 0, 1]);
    expect(map.peak).toEqual({ x: 2.5 / 3, y: 0.75 });
  });

  it("the peak is the centroid of the strongest cell's region: touching cells at half the maximum or more", () => {
    const map = normaliseCam([0, 3, 0, 0, 0, 4], 3, 2);
    expect([...map.values]).toEqual([0, 0.75, 0, 0, 0, 1]);
    // Centroid of 0.75 at cell (1, 0) and 1 at cell (2, 1) (diagonal neighbours), in cells.
    expect(map.peak!.x).toBeCloseTo((0.75 * 1.5 + 2.5) / 1.75 / 3, 12);
    expect(map.peak!.y).toBeCloseTo((0.75 * 0.5 + 1.5) / 1.75 / 2, 12);
    // A neighbour under half the maximum does not count, nor a strong cell that does not touch.
    expect(normaliseCam([0, 1, 4], 3, 1).peak).toEqual({ x: 2.5 / 3, y: 0.5 });
    expect(normaliseCam([4, 0, 3.9], 3, 1).peak).toEqual({ x: 0.5 / 3, y: 0.5 });
    // A blob wider than 3 cells counts whole: four equal cells in a row peak at their middle.
    expect(normaliseCam([0, 2, 2, 2, 2, 0], 6, 1).peak!.x).toBeCloseTo(0.5, 12);
  });

  it('an all-zero map has no peak; a wrong size or NaN is refused', () => {
    expect(normaliseCam([0, 0, 0, 0], 2, 2).peak).toBeNull();
    expect(() => normaliseCam([1, 2, 3], 2, 2)).toThrow(/needs 4 values/);
    expect(() => normaliseCam([1, NaN, 3, 4], 2, 2)).toThrow(/non-finite/);
  });
});

describe('upsampleBilinear', () => {
  it('is smooth, stays in [0, 1] and keeps the maximum at the peak', () => {
    const map = normaliseCam([0, 0, 0, 0, 1, 0, 0, 0, 0.5], 3, 3);
    const up = upsampleBilinear(map, 33, 33);
    expect(Math.max(...up)).toBeCloseTo(1, 6);
    const at = up.indexOf(Math.max(...up));
    // Pixel (16, 16) is the middle cell's centre (11 pixels a cell).
    expect([at % 33, Math.floor(at / 33)]).toEqual([16, 16]);
    expect(up.every((v) => v >= 0 && v <= 1)).toBe(true);
    // Smooth: neighbouring pixels differ by at most a cell's rise over a cell's width in pixels.
    for (let x = 1; x < 33; x++)
      expect(Math.abs(up[16 * 33 + x]! - up[16 * 33 + x - 1]!)).toBeLessThanOrEqual(1 / 11 + 1e-6);
  });
});

describe('peakInside', () => {
  it('is the pointing game: the peak inside the box, or no peak at all', () => {
    const box = { x0: 0.2, y0: 0.2, x1: 0.4, y1: 0.5 };
    expect(peakInside({ x: 0.3, y: 0.3 }, box)).toBe(true);
    expect(peakInside({ x: 0.5, y: 0.3 }, box)).toBe(false);
    expect(peakInside(null, box)).toBe(false);
  });
});
