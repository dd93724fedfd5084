// The backbone picker's figures are counted, not copied: each built-in's multiply-adds at 224 px,
// from its own layers up to its feature layer, match what the picker shows (to its precision).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countMultiplyAdds } from '../../../../src/ml/backbones/flops';
import { ARCHITECTURES } from '../../../../src/ml/backbones/builtinBackbones';
import {
  BUILTIN_BACKBONES,
  BUILTIN_BACKBONE_FACTS,
  gflopsAt224,
} from '../../../../src/shared/backbone';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('built-in backbone facts', () => {
  for (const id of BUILTIN_BACKBONES) {
    it(`${id}: the picker's multiply-adds and parameters are the model's own`, () => {
      const arch = ARCHITECTURES[id];
      const model = arch.build(224);
      const counted = countMultiplyAdds(model, arch.featureLayer) / 1e9;
      const facts = BUILTIN_BACKBONE_FACTS[id];
      expect(Math.abs(counted - facts.gMultiplyAddsAt224)).toBeLessThan(0.05 * counted);
      expect(gflopsAt224(facts)).toBeCloseTo(2 * facts.gMultiplyAddsAt224);
      expect(model.countParams()).toBe(facts.params);
      model.dispose();
    });
  }
  it('VGG16 without its top is 15.35 G multiply-adds: 30.7 GFLOP, not "15.47"', () => {
    expect(gflopsAt224(BUILTIN_BACKBONE_FACTS.vgg16)).toBeCloseTo(30.7, 1);
  });
});
