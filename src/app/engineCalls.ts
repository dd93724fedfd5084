// Engine calls the page makes that touch no session state: each a plain function over the worker.
import { callback, withEngine } from '../bridge/engine';
import type { AugmentConfig } from '../shared/augment';
import type { BackboneImportChoice, BackboneImportSource } from '../shared/backboneImport';
import type { BackboneSpec } from '../shared/engine';
import type { TrainConfig } from '../shared/training';
import type { Settings } from '../shared/session';
import type { EvidenceTarget } from '../shared/evidence';

export const engineCalls = {
  inspectBackbone: (source: BackboneImportSource) =>
    withEngine((engine) => engine.inspectBackbone(source)),
  saveImportedBackbone: (token: string, choice: BackboneImportChoice) =>
    withEngine((engine) => engine.saveImportedBackbone(token, choice)),
  importedBackbones: () => withEngine((engine) => engine.importedBackbones()),
  countCached: (spec: BackboneSpec, augment: AugmentConfig) =>
    withEngine((engine) => engine.countCached(spec, augment)),
  saveProjectSettings: (id: string, settings: Settings) =>
    withEngine((engine) => engine.saveProjectSettings(id, settings)),
  savedFeatures: () => withEngine((engine) => engine.savedFeatures()),
  deleteSavedFeatures: (settingsId: string) =>
    withEngine((engine) => engine.deleteSavedFeatures(settingsId)),
  crossValidate: (
    spec: BackboneSpec,
    config: TrainConfig,
    k: number,
    onFold: (done: number, k: number) => void,
  ) => withEngine((engine) => engine.crossValidate(spec, config, k, callback(onFold))),
  previewAugmentation: (augment: AugmentConfig) =>
    withEngine((engine) => engine.previewAugmentation(augment)),
  /** What fine-tuning would cost now, measured on one batch (storage, extraction, epoch time). */
  estimateFineTune: (spec: BackboneSpec, augment: AugmentConfig) =>
    withEngine((engine) => engine.estimateFineTune(spec, augment)),
  predict: (spec: BackboneSpec, file: Blob) => withEngine((engine) => engine.predict(spec, file)),
  /** The evidence heatmap of one image for a class (null: the predicted one), on a layer. */
  explainImage: (
    spec: BackboneSpec,
    target: EvidenceTarget,
    classIndex: number | null,
    layer: string | null,
  ) => withEngine((engine) => engine.explainImage(spec, target, classIndex, layer)),
  /** Per class, the training photos the model finds most and least typical. */
  typicalImages: (spec: BackboneSpec, k: number) =>
    withEngine((engine) => engine.typicalImages(spec, k)),
};
