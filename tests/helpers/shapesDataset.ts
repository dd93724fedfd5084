// Generates a small labelled dataset of drawn shapes (real PNG files in class folders) for tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from './png';
import { mulberry32 } from '../../src/ml/random';

export const SHAPE_CLASSES = ['circles', 'horizontal stripes', 'vertical stripes'] as const;

/** One image of a class: a jittered shape in a random dark colour on a random light background. */
export function drawShape(
  cls: (typeof SHAPE_CLASSES)[number],
  size: number,
  random: () => number,
): Uint8Array {
  const pixels = new Uint8Array(size * size * 3);
  const bg = [200 + random() * 55, 200 + random() * 55, 200 + random() * 55];
  const fg = [random() * 90, random() * 90, random() * 90];
  const cx = size * (0.4 + random() * 0.2);
  const cy = size * (0.4 + random() * 0.2);
  const radius = size * (0.25 + random() * 0.1);
  const period = Math.max(4, Math.round(size * (0.12 + random() * 0.06)));
  const phase = Math.floor(random() * period);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let on: boolean;
      if (cls === 'circles') on = (x - cx) ** 2 + (y - cy) ** 2 < radius ** 2;
      else if (cls === 'horizontal stripes') on = (y + phase) % period < period / 2;
      else on = (x + phase) % period < period / 2;
      const colour = on ? fg : bg;
      const i = (y * size + x) * 3;
      for (let c = 0; c < 3; c++)
        pixels[i + c] = Math.max(0, Math.min(255, colour[c]! + (random() - 0.5) * 20));
    }
  }
  return pixels;
}

/**
 * Writes `perClass` PNGs per class under `root/<class>/` for the first `classes` classes and returns
 * the root. Tests that pay per image (the GPU backends on SwiftShader) ask for two classes.
 */
export function writeShapesDataset(
  root: string,
  perClass: number,
  size = 48,
  seed = 1,
  classes: number = SHAPE_CLASSES.length,
): string {
  const random = mulberry32(seed);
  for (const cls of SHAPE_CLASSES.slice(0, classes)) {
    const dir = join(root, cls);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < perClass; i++) {
      writeFileSync(
        join(dir, `${cls.replace(/ /g, '-')}-${i}.png`),
        encodePng(size, size, drawShape(cls, size, random)),
      );
    }
  }
  return root;
}
