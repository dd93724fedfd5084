import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FINE_TUNE_FROM, splitForFineTuning } from '../../../../src/ml/finetune/tail';
import { DEFAULT_FINE_TUNE, fineTune } from '../../../../src/ml/finetune/fineTune';
import { createHead } from '../../../../src/ml/head/head';
import { buildVgg16 } from '../../../../src/ml/backbones/vgg16';
import { buildMobileNetV2 } from '../../../../src/ml/backbones/mobilenetv2';
import { blobs } from '../../../helpers/headFixtures';
import { useWasm } from '../../../helpers/tfBackend';
import { seededConv } from '../../../helpers/seededConv';

beforeAll(useWasm);

/** conv "frozen_conv" -> pool -> conv "tail_conv1" -> conv "tail_conv2": a backbone in miniature. */
function tinyBackbone(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3] });
  const conv = (name: string, seed: number) => seededConv(name, seed, 4);
  let x = conv('frozen_conv', 1).apply(input) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ name: 'frozen_pool', poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = conv('tail_conv1', 2).apply(x) as tf.SymbolicTensor;
  x = conv('tail_conv2', 3).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

const values = (ts: readonly tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));

describe('fine-tuning the last block', () => {
  it('names the tutorial blocks: VGG16 block5, MobileNetV2 block_16 and Conv_1', () => {
    const vgg = buildVgg16(32);
    const v = splitForFineTuning(vgg, FINE_TUNE_FROM.vgg16, 'block5_pool');
    expect(v.tail.layerNames).toEqual([
      'block5_conv1',
      'block5_conv2',
      'block5_conv3',
      'block5_pool',
    ]);
    expect(v.tail.inputShape).toEqual([2, 2, 512]); // block4_pool at 32 px
    v.tail.dispose();
    vgg.dispose();
    const mobile = buildMobileNetV2(32, 0.35);
    const m = splitForFineTuning(mobile, FINE_TUNE_FROM.mobilenetv2, null);
    expect(m.tail.layerNames[0]).toBe('block_16_expand');
    expect(m.tail.layerNames).toContain('Conv_1');
    expect(m.tail.layerNames.at(-1)).toBe('out_relu');
    m.tail.dispose();
    mobile.dispose();
    // A residual block is not a chain: refused with the layer named.
    const again = buildMobileNetV2(32, 0.35);
    expect(() => splitForFineTuning(again, 'block_15_expand', null)).toThrow(/chain/);
    again.dispose();
  });

  it('changes only the tail and the head, lowers the loss, and leaks nothing', async () => {
    const model = tinyBackbone();
    const modelBefore = values(model.getWeights());
    const before = tf.memory().numTensors;
    const { frozen, tail } = splitForFineTuning(model, 'tail_conv1', null);
    expect(tail.layerNames).toEqual(['tail_conv1', 'tail_conv2']);
    expect(tail.inputShape).toEqual([4, 4, 4]);
    const frozenBefore = values(frozen.getWeights());
    // The copies start equal to the backbone's tail.
    const copies = tail.snapshot();
    expect(values(copies)).toEqual(values(model.getWeights().slice(2)));
    tf.dispose(copies);

    const [train, val] = blobs([4, 4, 4], 3, [16, 4], 9, 0.5);
    const head = createHead('pooled', [4, 4, 4], 3, 5);
    const tailBefore = values(tail.variables);
    const headBefore = values(head.variables);
    const events: string[] = [];
    const result = await fineTune({
      tail,
      head,
      train: train!,
      val: val!,
      config: { ...DEFAULT_FINE_TUNE, learningRate: 0.1, epochs: 12, patience: 0 },
      onEvent: (e) => events.push(e.type),
    });
    expect(events.filter((e) => e === 'epoch')).toHaveLength(12);
    const losses = result.history.map((h) => h.loss);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.8);
    expect(result.history[result.bestEpoch - 1]!.valLoss).toBeLessThan(result.history[0]!.valLoss);

    // Every tail weight and the head moved; the frozen part and the backbone itself did not.
    values(tail.variables).forEach((w, i) => expect(w).not.toEqual(tailBefore[i]));
    values(head.variables).forEach((w, i) => expect(w).not.toEqual(headBefore[i]));
    expect(values(frozen.getWeights())).toEqual(frozenBefore);
    expect(values(model.getWeights())).toEqual(modelBefore);

    tail.dispose();
    head.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('keeps the weights it came with when no epoch beats them', async () => {
    const model = tinyBackbone();
    const { tail } = splitForFineTuning(model, 'tail_conv1', null);
    const [train, val] = blobs([4, 4, 4], 2, [6, 3], 2);
    const head = createHead('pooled', [4, 4, 4], 2, 1);
    const start = values([...tail.variables, ...head.variables]);
    // A learning rate so large that every epoch ends worse than where it started.
    const result = await fineTune({
      tail,
      head,
      train: train!,
      val: { vectors: val!.vectors, labels: val!.labels.map((l) => 1 - l) },
      config: { ...DEFAULT_FINE_TUNE, learningRate: 5, epochs: 2, patience: 0 },
    });
    if (result.bestEpoch === 0)
      expect(values([...tail.variables, ...head.variables])).toEqual(start);
    tail.dispose();
    head.dispose();
    model.dispose();
  });
});
