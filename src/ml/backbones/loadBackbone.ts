// Turns a BackboneSpec into a running Backbone: a built-in one (VGG16, MobileNetV2) or any layers
// model described by a descriptor URL, or one imported into this browser.
import type { BackboneSpec } from '../../shared/engine';
import { loadBackboneFromDescriptor, type Backbone } from './backbone';
import { loadBuiltinBackbone } from './builtinBackbones';
import type { ImportedBackboneStore, WeightsStore } from '../../shared/stores';
import { loadImportedBackbone } from './importedBackbone';

/** `appBaseUrl` is where the app is served from: built-in weights may be served under it. */
export function createBackboneLoader(
  store: WeightsStore | null,
  appBaseUrl: string,
  imported: ImportedBackboneStore | null = null,
) {
  return (spec: BackboneSpec): Promise<Backbone> => {
    switch (spec.kind) {
      case 'builtin':
        return loadBuiltinBackbone(spec.id, spec.inputSize, store, appBaseUrl);
      case 'descriptor':
        return loadBackboneFromDescriptor(
          spec.url,
          spec.inputSize ? { inputSize: spec.inputSize } : {},
        );
      case 'imported':
        return loadImportedBackbone(spec.id, spec.inputSize, imported);
    }
  };
}
