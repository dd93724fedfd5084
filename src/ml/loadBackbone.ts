// Turns a BackboneSpec into a running Backbone: built-in VGG16 or any layers model described by a descriptor.
import type { BackboneSpec } from '../shared/engine';
import { createGeneratedVgg16, loadBackboneFromDescriptor, type Backbone } from './backbone';

/** Seed of the generated VGG16 weights used until real ImageNet weights are installed. */
export const GENERATED_VGG16_SEED = 16;

export function loadBackboneForSpec(spec: BackboneSpec): Promise<Backbone> {
  switch (spec.kind) {
    case 'builtin-vgg16':
      return createGeneratedVgg16(spec.inputSize, GENERATED_VGG16_SEED);
    case 'descriptor':
      return loadBackboneFromDescriptor(
        spec.url,
        spec.inputSize ? { inputSize: spec.inputSize } : {},
      );
  }
}
