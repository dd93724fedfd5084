// Each backbone sees pixels scaled exactly as it was trained on; an off-by-channel here silently
// costs accuracy, so the numbers are checked one by one.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { preprocessBatch } from '../../../../src/ml/backbones/preprocess';

/** A size x size RGBA image, every pixel (r, g, b, a). */
function solid(size: number, r: number, g: number, b: number, a = 255): Uint8ClampedArray {
  const px = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < px.length; i += 4) px.set([r, g, b, a], i);
  return px;
}

async function firstPixel(t: tf.Tensor): Promise<number[]> {
  return Array.from(await t.data()).slice(0, 3);
}

describe('preprocessBatch', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("caffe: RGB -> BGR minus Keras's ImageNet means, no scaling", async () => {
    const t = preprocessBatch([solid(2, 10, 200, 255, 7)], 2, 'caffe');
    expect(t.shape).toEqual([1, 2, 2, 3]);
    expect(t.dtype).toBe('float32');
    const [b, g, r] = await firstPixel(t);
    expect(b).toBeCloseTo(255 - 103.939, 4);
    expect(g).toBeCloseTo(200 - 116.779, 4);
    expect(r).toBeCloseTo(10 - 123.68, 4);
    t.dispose();
  });

  it('tf: scales to [-1, 1]', async () => {
    const t = preprocessBatch([solid(2, 0, 255, 51)], 2, 'tf');
    const v = await firstPixel(t);
    expect(v[0]).toBeCloseTo(-1, 6);
    expect(v[1]).toBeCloseTo(1, 6);
    expect(v[2]).toBeCloseTo(51 / 127.5 - 1, 6);
    t.dispose();
  });

  it('unit: scales to [0, 1]', async () => {
    const t = preprocessBatch([solid(2, 0, 255, 51)], 2, 'unit');
    const v = await firstPixel(t);
    expect(v[0]).toBe(0);
    expect(v[1]).toBe(1);
    expect(v[2]).toBeCloseTo(0.2, 6);
    t.dispose();
  });

  it('keeps images and pixels in order in the batch', async () => {
    const a = solid(3, 1, 2, 3);
    a.set([9, 8, 7, 255], (3 * 3 - 1) * 4); // last pixel of the first image
    const t = preprocessBatch([a, solid(3, 100, 110, 120)], 3, 'unit');
    expect(t.shape).toEqual([2, 3, 3, 3]);
    const v = await t.data();
    const at = (n: number, y: number, x: number, ch: number) => v[((n * 3 + y) * 3 + x) * 3 + ch]!;
    expect(at(0, 0, 0, 0) * 255).toBeCloseTo(1, 4);
    expect(at(0, 2, 2, 0) * 255).toBeCloseTo(9, 4);
    expect(at(0, 2, 2, 2) * 255).toBeCloseTo(7, 4);
    expect(at(1, 1, 1, 2) * 255).toBeCloseTo(120, 4);
    t.dispose();
  });

  it('rejects an image of the wrong size, naming it', () => {
    expect(() => preprocessBatch([solid(2, 0, 0, 0), solid(3, 0, 0, 0)], 2, 'unit')).toThrow(
      /image 1 has 36 bytes, expected 16/,
    );
    expect(() => preprocessBatch([], 2, 'unit')).toThrow(/empty/);
  });

  it('leaves only its result behind', () => {
    const before = tf.memory().numTensors;
    for (const mode of ['caffe', 'tf', 'unit'] as const) {
      preprocessBatch([solid(4, 1, 2, 3)], 4, mode).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
