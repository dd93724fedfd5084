// VGG16 must match Keras layer for layer, or Keras weight files will not load into it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildVgg16, vgg16Gflops } from '../../../../src/ml/backbones/vgg16';
import { useWasm } from '../../../helpers/tfBackend';

const TOPOLOGY = path.resolve(
  __dirname,
  '../../../../../shared/assets/backbones/vgg16-notop-topology/topology.json',
);

interface KerasLayer {
  class_name: string;
  name: string;
  config: {
    filters?: number;
    padding?: string;
    strides?: number[];
    pool_size?: number[];
    batch_input_shape?: (number | null)[];
  };
}
interface Topology {
  modelTopology: { model_config: { config: { layers: KerasLayer[] } } };
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
}

/** Keras's own per-layer output shapes at 224, worked out from its config fields alone. */
function kerasOutputShapes(layers: KerasLayer[]): Map<string, (number | null)[]> {
  const shapes = new Map<string, (number | null)[]>();
  let [h, w, c] = [224, 224, 3];
  for (const l of layers) {
    if (l.class_name === 'Conv2D') {
      expect(l.config.padding).toBe('same');
      expect(l.config.strides).toEqual([1, 1]);
      c = l.config.filters!;
    } else if (l.class_name === 'MaxPooling2D') {
      expect(l.config.padding).toBe('valid');
      const [ph] = l.config.pool_size!;
      const [sh] = l.config.strides!;
      h = Math.floor((h - ph!) / sh!) + 1;
      w = Math.floor((w - ph!) / sh!) + 1;
    }
    shapes.set(l.name, [null, h, w, c]);
  }
  return shapes;
}

/** tfjs makes variable names unique per process (`kernel_1`); the saved name is without it. */
const normalise = (name: string) => name.replace(/_\d+$/, '');

describe.skipIf(!existsSync(TOPOLOGY))('buildVgg16 against Keras topology.json', () => {
  let topology: Topology;
  let model: tf.LayersModel;
  beforeAll(async () => {
    await useWasm();
    topology = JSON.parse(readFileSync(TOPOLOGY, 'utf8')) as Topology;
    model = buildVgg16(224);
    return () => model.dispose();
  });

  it('has Keras layer names, kinds and order', () => {
    const keras = topology.modelTopology.model_config.config.layers.filter(
      (l) => l.class_name !== 'InputLayer',
    );
    const ours = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
    expect(ours.map((l) => [l.name, l.getClassName()])).toEqual(
      keras.map((l) => [l.name, l.class_name]),
    );
  });

  it('has Keras output shapes at 224 (block5_pool 7x7x512)', () => {
    const expected = kerasOutputShapes(topology.modelTopology.model_config.config.layers);
    for (const layer of model.layers.filter((l) => l.getClassName() !== 'InputLayer')) {
      expect([layer.name, layer.outputShape]).toEqual([layer.name, expected.get(layer.name)]);
    }
    expect(model.getLayer('block5_pool').outputShape).toEqual([null, 7, 7, 512]);
    expect(model.outputs[0]!.shape).toEqual([null, 7, 7, 512]);
  });

  it('has the 26 Keras weights, same names, order and shapes', () => {
    expect(topology.weightSpecs).toHaveLength(26);
    const ours = model.weights.map((w) => ({ name: normalise(w.originalName), shape: w.shape }));
    expect(ours).toEqual(topology.weightSpecs.map((s) => ({ name: s.name, shape: s.shape })));
    // Even the per-process unique names come out as Keras's for the first model built.
    expect(model.weights.map((w) => normalise(w.name))).toEqual(
      topology.weightSpecs.map((s) => s.name),
    );
    expect(model.countParams()).toBe(14_714_688);
  });
});

describe('buildVgg16', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it('runs at 32 px down to a 1x1x512 block5_pool', () => {
    const before = tf.memory().numTensors;
    const model = buildVgg16(32);
    const out = tf.tidy(() => model.predict(tf.ones([2, 32, 32, 3])) as tf.Tensor);
    expect(out.shape).toEqual([2, 1, 1, 512]);
    out.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses inputs too small for five poolings', () => {
    expect(() => buildVgg16(31)).toThrow(/>= 32/);
    expect(() => buildVgg16(64.5)).toThrow(/integer/);
  });

  it('estimates 15.47 GFLOP at 224, scaling with area', () => {
    expect(vgg16Gflops(224)).toBeCloseTo(15.47, 2);
    expect(vgg16Gflops(112)).toBeCloseTo(15.47 / 4, 2);
  });
});
