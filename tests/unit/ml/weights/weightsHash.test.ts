// The weights hash is part of every feature cache key: equal weights, equal hash; any change, a new one.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashModelWeights, hashWeights } from '../../../../src/ml/weights/weightsHash';

const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

function bytes(s: string): ArrayBuffer {
  return new TextEncoder().encode(s).slice().buffer;
}

function tinyModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [3], units: 2 }));
  return m;
}

describe('hashWeights', () => {
  it('is SHA-256 in lower-case hex', async () => {
    expect(await hashWeights(bytes('abc'))).toBe(ABC_SHA256);
  });

  it('hashes shards as one concatenation, in order', async () => {
    expect(await hashWeights([bytes('a'), bytes(''), bytes('bc')])).toBe(ABC_SHA256);
    expect(await hashWeights([bytes('bc'), bytes('a')])).not.toBe(ABC_SHA256);
  });
});

describe('hashModelWeights', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('follows the values, not the model object', async () => {
    const a = tinyModel();
    const b = tinyModel();
    b.setWeights(a.getWeights());
    expect(await hashModelWeights(a)).toBe(await hashModelWeights(b));
    const [k, bias] = a.getWeights();
    const changed = tf.add(k!, 1e-3);
    a.setWeights([changed, bias!]);
    changed.dispose();
    expect(await hashModelWeights(a)).not.toBe(await hashModelWeights(b));
    a.dispose();
    b.dispose();
  });

  it('equals the hash of the raw float32 bytes in weight order', async () => {
    const m = tinyModel();
    const kernel = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const bias = tf.tensor1d([7, 8]);
    m.setWeights([kernel, bias]);
    tf.dispose([kernel, bias]);
    const raw = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
    expect(await hashModelWeights(m)).toBe(await hashWeights(raw));
    m.dispose();
  });

  it('creates no tensors', async () => {
    const m = tinyModel();
    const before = tf.memory().numTensors;
    await hashModelWeights(m);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});
