import { describe, expect, it } from 'vitest';
import type { ImageFormat } from '../../../src/shared/dataset';
import {
  DOWNSCALE_TARGET_PIXELS,
  MAX_FULL_DECODE_PIXELS,
  describeSize,
  planDecode,
} from '../../../src/data/decodePlan';

const image = (format: ImageFormat, width: number, height: number) => ({
  format,
  width,
  height,
  orientation: 1,
  frames: 1,
});

describe('planDecode', () => {
  it('decodes ordinary photos, 1 x 1 to 8,000 x 8,000, at full size', () => {
    expect(planDecode(image('png', 1, 1), true)).toEqual({ kind: 'full', pixels: 1 });
    expect(planDecode(image('jpeg', 4032, 3024), true).kind).toBe('full');
    expect(planDecode(image('png', 8000, 8000), false)).toEqual({
      kind: 'full',
      pixels: MAX_FULL_DECODE_PIXELS,
    });
  });

  it('decodes a huge JPEG downscaled, within the target, keeping its aspect ratio', () => {
    const plan = planDecode(image('jpeg', 12000, 12000), true);
    expect(plan.kind).toBe('downscale');
    if (plan.kind !== 'downscale') return;
    expect(plan.pixels).toBeLessThanOrEqual(DOWNSCALE_TARGET_PIXELS);
    expect(plan.width).toBe(plan.height);
    const wide = planDecode(image('jpeg', 16320, 12240), true); // a 200-megapixel phone photo
    expect(
      wide.kind === 'downscale' && Math.abs(wide.width / wide.height - 16320 / 12240),
    ).toBeLessThan(0.01);
  });

  it('refuses a huge PNG, or a huge JPEG where the browser cannot downscale, saying why', () => {
    const png = planDecode(image('png', 12000, 12000), true);
    expect(png).toEqual({
      kind: 'refuse',
      detail:
        '12,000 × 12,000 pixels (144 megapixels): it is more than the 64 megapixels this app decodes. Scale it down and add it again.',
    });
    const jpeg = planDecode(image('jpeg', 12000, 12000), false);
    expect(jpeg.kind === 'refuse' && jpeg.detail).toMatch(
      /cannot decode large JPEGs at reduced size/,
    );
  });

  it('describes sizes in words a person reads', () => {
    expect(describeSize(640, 480)).toBe('640 × 480 pixels (0.3 megapixels)');
  });
});
