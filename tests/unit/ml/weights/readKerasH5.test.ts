import h5wasm, { type File as H5File } from 'h5wasm';
import { describe, expect, it } from 'vitest';
import { withH5File } from '../../../../src/ml/weights/h5/openH5';
import { readKerasWeights } from '../../../../src/ml/weights/h5/readKerasH5';
import { writeKerasH5, type SpecLayer, type WriteOptions } from '../../../helpers/h5/kerasH5';

const f32 = (...v: number[]) => Float32Array.from(v);

const LAYERS: SpecLayer[] = [
  { name: 'input_1', weights: [] },
  {
    name: 'conv',
    weights: [
      { role: 'kernel', shape: [1, 1, 2, 3], values: f32(1, 2, 3, 4, 5, 6) },
      { role: 'bias', shape: [3], values: f32(0.5, -0.5, 0.25) },
    ],
  },
  { name: 'pool', weights: [] },
  {
    name: 'bn',
    weights: ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((role, i) => ({
      role,
      shape: [3],
      values: f32(i, i + 1, i + 2),
    })),
  },
];

const read = (bytes: Uint8Array) => withH5File(bytes, readKerasWeights);

/** An HDF5 file built by hand, for layouts the Keras writer helper does not make. */
async function handMade(build: (file: H5File) => void): Promise<Uint8Array> {
  const module = await h5wasm.ready;
  const file = new h5wasm.File('/hand.h5', 'w');
  try {
    build(file);
  } finally {
    file.close();
  }
  const bytes = module.FS.readFile('/hand.h5');
  module.FS.unlink('/hand.h5');
  return bytes;
}

describe('readKerasWeights', () => {
  it.each<[string, WriteOptions]>([
    ['legacy names (block_W_1:0) in a weights-only file', { naming: 'legacy' }],
    ['modern names (layer/kernel:0) in subgroups', { naming: 'modern' }],
    ['a full-model save (model_weights group)', { fullModel: true }],
    ['layer_names split into layer_names0, layer_names1', { chunkLayerNames: 2 }],
  ])('reads %s in file order, skipping layers without weights', async (_, options) => {
    const result = await read(await writeKerasH5(LAYERS, options));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const layers = result.value.layers;
    expect(layers.map((l) => l.name)).toEqual(['conv', 'bn']);
    expect(layers[0]!.weights.map((w) => w.shape)).toEqual([[1, 1, 2, 3], [3]]);
    expect(Array.from(layers[0]!.weights[0]!.values!)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(layers[1]!.weights[3]!.values!)).toEqual([3, 4, 5]);
    const names = layers[0]!.weights.map((w) => w.name);
    expect(names).toEqual(
      options.naming === 'modern' ? ['conv/kernel:0', 'conv/bias:0'] : ['conv_W_1:0', 'conv_b_1:0'],
    );
  });

  it('reads only shapes for the layers the caller does not want', async () => {
    const bytes = await writeKerasH5(LAYERS);
    const result = await withH5File(bytes, (file) =>
      readKerasWeights(file, { valuesFor: (name) => name === 'bn' }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.layers[0]!.weights.map((w) => [w.shape, w.values])).toEqual([
      [[1, 1, 2, 3], null],
      [[3], null],
    ]);
    expect(result.value.layers[1]!.weights[0]!.values).toBeInstanceOf(Float32Array);
  });

  it('decodes NUL-terminated ASCII names and float64 datasets', async () => {
    const bytes = await handMade((file) => {
      file.create_attribute('layer_names', ['dense', 'x'], [2], 'A12');
      const g = file.create_group('dense');
      g.create_attribute('weight_names', ['dense/kernel:0'], [1], 'A20');
      g.create_group('dense').create_dataset({
        name: 'kernel:0',
        data: Float64Array.from([1.5, 2.5]),
        shape: [1, 2],
      });
      file.create_group('x').create_attribute('weight_names', new Float64Array(0), [0]);
    });
    const result = await read(bytes);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const w = result.value.layers[0]!.weights[0]!;
    expect(w.values).toBeInstanceOf(Float32Array);
    expect(Array.from(w.values!)).toEqual([1.5, 2.5]);
  });

  it('refuses a listed weight that is missing, naming the layer and the weight', async () => {
    const bytes = await handMade((file) => {
      file.create_attribute('layer_names', ['conv'], [1], 'S4');
      file.create_group('conv').create_attribute('weight_names', ['conv_W_1:0'], [1], 'S10');
    });
    expect(await read(bytes)).toEqual({
      ok: false,
      message: 'Layer conv lists weight conv_W_1:0, but the file has no such dataset',
    });
  });

  it('refuses HDF5 files that are not Keras 2 weights, saying what they look like', async () => {
    const keras3 = await handMade((file) => file.create_group('layers'));
    expect(await read(keras3)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Keras 3/),
    });
    const other = await handMade((file) => file.create_group('data'));
    expect(await read(other)).toEqual({
      ok: false,
      message:
        'This HDF5 file is not a Keras weights file: it has no layer_names attribute (it holds data)',
    });
  });
});

describe('withH5File', () => {
  it('refuses bytes that are not HDF5 before touching h5wasm', async () => {
    const html = new TextEncoder().encode('<!DOCTYPE html><html>Access denied</html>');
    expect(await read(html)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/web page/),
    });
    expect(await read(new Uint8Array(0))).toEqual({ ok: false, message: 'The file is empty' });
    expect(await read(new Uint8Array(100))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not an HDF5 file/),
    });
  });

  it('refuses a truncated file with both sizes, and leaves no file behind', async () => {
    const bytes = await writeKerasH5(LAYERS);
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
    const result = await read(cut);
    expect(result).toEqual({
      ok: false,
      message: `The file is truncated: it has ${cut.length} bytes, its HDF5 header says ${bytes.length} (an incomplete download?)`,
    });
    const module = await h5wasm.ready;
    expect(module.FS.readdir('/').filter((n: string) => n.startsWith('graft-h5'))).toEqual([]);
  });
});
