// A descriptor names the layers fine-tuning trains: only those change, the layers between them are
// carried along frozen, and a layer inside a nested model (a Teachable Machine export wraps
// MobileNetV2 in Sequentials) is found, with the layers after the nested model joining the tail.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitForFineTuning } from '../../../../src/ml/finetune/tail';
import { DEFAULT_FINE_TUNE, fineTune } from '../../../../src/ml/finetune/fineTune';
import { createHead } from '../../../../src/ml/head/head';
import { blobs } from '../../../helpers/headFixtures';
import { useWasm } from '../../../helpers/tfBackend';
import { seededConv } from '../../../helpers/seededConv';

beforeAll(useWasm);

const conv = (name: string, seed: number) => seededConv(name, seed, 4);

/** input -> Sequential[ functional[frozen_conv, residual add, conv_a, bn_b, conv_c], global pool ]. */
function nestedBackbone(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3] });
  const frozen = conv('frozen_conv', 1).apply(input) as tf.SymbolicTensor;
  const side = conv('side_conv', 2).apply(frozen) as tf.SymbolicTensor;
  let x = tf.layers.add({ name: 'residual_add' }).apply([frozen, side]) as tf.SymbolicTensor;
  x = conv('conv_a', 3).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'bn_b' }).apply(x) as tf.SymbolicTensor;
  x = conv('conv_c', 4).apply(x) as tf.SymbolicTensor;
  const inner = tf.model({ inputs: input, outputs: x, name: 'inner' });
  const wrapper = tf.sequential({ name: 'wrapper' });
  wrapper.add(inner);
  wrapper.add(tf.layers.globalAveragePooling2d({ name: 'pool' }));
  const outerInput = tf.input({ shape: [8, 8, 3] });
  return tf.model({ inputs: outerInput, outputs: wrapper.apply(outerInput) as tf.SymbolicTensor });
}

const values = (ts: readonly tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));

describe('trainable layers named by a descriptor', () => {
  it('finds them inside nested models and computes what the whole model computes', () => {
    const model = nestedBackbone();
    const { frozen, tail } = splitForFineTuning(model, ['conv_a', 'conv_c'], null);
    expect(tail.layerNames).toEqual(['conv_a', 'bn_b', 'conv_c', 'pool']);
    expect(frozen.outputs[0]!.sourceLayer.name).toBe('residual_add');
    expect(tail.inputShape).toEqual([8, 8, 4]);
    // conv_a and conv_c: kernel and bias each; bn_b is carried along but not trained.
    expect(tail.variables).toHaveLength(4);
    const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 5);
    const whole = model.predict(x) as tf.Tensor;
    const split = tail.apply(frozen.predict(x) as tf.Tensor);
    expect(split.shape).toEqual([2, 4]);
    const gap = tf.max(tf.abs(tf.sub(whole, split))).dataSync()[0]!;
    expect(gap).toBeLessThan(1e-5);
    tf.dispose([x, whole, split]);
    tail.dispose();
    model.dispose();
  });

  it('trains only the named layers', async () => {
    const model = nestedBackbone();
    const { tail } = splitForFineTuning(model, ['conv_a', 'conv_c'], null);
    const start = tail.snapshot(); // every weight of the tail, trained or carried along
    const before = values(start);
    tf.dispose(start);
    const [train, val] = blobs([8, 8, 4], 2, [12, 4], 3, 0.5);
    const head = createHead('pooled', [4], 2, 2);
    await fineTune({
      tail,
      head,
      train: train!,
      val: val!,
      config: { ...DEFAULT_FINE_TUNE, learningRate: 0.1, epochs: 3, patience: 0 },
    });
    const snapshot = tail.snapshot();
    const after = values(snapshot);
    tf.dispose(snapshot);
    // conv_a's and conv_c's kernels and biases moved; bn_b (between them, not named) kept its four.
    expect(after).toHaveLength(8);
    const moved = after.filter((w, i) => w.some((v, j) => v !== before[i]![j]));
    expect(tail.variables).toHaveLength(4);
    expect(moved).toEqual(values(tail.variables));
    tail.dispose();
    head.dispose();
    model.dispose();
  });

  it('names the layers it cannot find or that lie past the feature layer', () => {
    const model = nestedBackbone();
    expect(() => splitForFineTuning(model, ['conv_z'], null)).toThrow(/not in this model: conv_z/);
    expect(() => splitForFineTuning(model, ['side_conv'], null)).toThrow(/chain/);
    model.dispose();
  });
});
