// A backbone the person imported: inspected (feature layer, input size and preprocessing proposed),
// checked by building it at the chosen settings, kept in the store, and loaded from it again.
import type { PreprocessMode } from '../../shared/backbone';
import type {
  BackboneImportChoice,
  BackboneInspection,
  ImportedBackbone,
} from '../../shared/backboneImport';
import type { ImportedBackboneStore, StoredBackbone } from '../../shared/stores';
import { backboneFromModel, disposeFully, type Backbone } from './backbone';
import { proposeBackbone, readTeachableMetadata } from './inspectModel';
import { buildModel, ModelRefusedError, type ModelSource } from './modelFiles';
import { hashWeights } from '../weights/weightsHash';

/** What the inspection found, without the token (the engine adds it). */
export async function inspectSource(
  source: ModelSource,
): Promise<Omit<BackboneInspection, 'token'>> {
  const teachable = readTeachableMetadata(source.metadata);
  const model = await buildModel(source.artifacts);
  try {
    const name = teachable?.modelName ?? source.name;
    const proposal = proposeBackbone(model, { name, teachable });
    return {
      from: source.from,
      suggestedName: teachable ? `${name} (Teachable Machine)` : name,
      teachableMachine: teachable && { labels: teachable.labels },
      ...proposal,
      weightBytes: source.artifacts.weightData.byteLength,
    };
  } finally {
    disposeFully(model);
  }
}

const idOf = (hash: string, c: BackboneImportChoice) =>
  `${hash.slice(0, 16)}:${c.featureLayer}:${c.inputSize}:${c.preprocess}`;

/** Builds the backbone at `choice` (so a bad layer or size fails now, with a reason) and keeps it. */
export async function saveImport(
  source: ModelSource,
  choice: BackboneImportChoice,
  store: ImportedBackboneStore,
): Promise<ImportedBackbone> {
  if (!choice.name.trim()) throw new ModelRefusedError('Give the backbone a name.');
  const weightsHash = await hashWeights(source.artifacts.weightData);
  const backbone = await backboneFromModel(await buildModel(source.artifacts), {
    ...choice,
    weights: { kind: 'installed', from: source.from, installedAt: '' },
    weightsHash,
  });
  const { inputSize, featureShape } = backbone.info;
  backbone.dispose();
  const summary: ImportedBackbone = {
    id: idOf(weightsHash, { ...choice, inputSize }),
    name: choice.name.trim(),
    featureLayer: choice.featureLayer,
    inputSize,
    preprocess: choice.preprocess,
    from: source.from,
    importedAt: new Date().toISOString(),
    weightsHash,
    bytes: source.artifacts.weightData.byteLength,
    featureShape,
  };
  const stored: StoredBackbone = {
    summary,
    modelTopology: source.artifacts.modelTopology,
    weightSpecs: source.artifacts.weightSpecs,
    weightData: source.artifacts.weightData,
  };
  await store.save(stored);
  return summary;
}

/** Loads imported backbone `id` from the store, at `inputSize` where the model allows it. */
export async function loadImportedBackbone(
  id: string,
  inputSize: number | undefined,
  store: ImportedBackboneStore | null,
): Promise<Backbone> {
  const stored = await store?.load(id);
  if (!stored)
    throw new Error('This imported backbone is no longer in this browser: import it again.');
  const s = stored.summary;
  const model = await buildModel({
    modelTopology: stored.modelTopology as object,
    format: 'layers-model',
    weightSpecs: [...stored.weightSpecs],
    weightData: stored.weightData,
  });
  return backboneFromModel(model, {
    name: s.name,
    inputSize: inputSize ?? s.inputSize,
    preprocess: s.preprocess satisfies PreprocessMode,
    featureLayer: s.featureLayer,
    weights: { kind: 'installed', from: s.from, installedAt: s.importedAt },
    weightsHash: s.weightsHash,
  });
}
