// A fine-tuned model's trained block in an exported .zip (see TunedBlockMetadata): its description
// in metadata.json checked, and its weights taken by name from the image-in model (the block's
// layers are named as in the backbone, and the frozen part before them holds none of those names)
// or from the head-only export's own block model (tuned-block/model.json + weights.bin).
import type { SavedTunedBlock } from '../../shared/project';
import { BUNDLE_FILES, type BundleInput, type BundleMetadata } from './metadata';
import {
  copyWeights,
  isShape,
  parseJson,
  refuse,
  weightTable,
  type WeightEntry,
} from './bundleParts';

/** Refuses a fine-tuned model without a well-formed block description, or a block without one. */
export function checkTunedMetadata(meta: BundleMetadata): void {
  const block = meta.tunedBlock;
  if (meta.fineTuned !== true) {
    if (block !== undefined)
      refuse('metadata.json describes a tuned block, but fineTuned is not true.');
    return;
  }
  if (block === undefined)
    refuse(
      'This model was fine-tuned (its backbone was trained too) but its file does not hold the trained block (it comes from an older Graft). Export it again from a newer Graft.',
    );
  if (
    typeof block !== 'object' ||
    block === null ||
    typeof block.frozenLayer !== 'string' ||
    !Array.isArray(block.layers) ||
    block.layers.length === 0 ||
    !block.layers.every((l) => typeof l === 'string' && l.length > 0) ||
    !isShape(block.inputShape)
  )
    refuse('metadata.json: the tuned block description is incomplete.');
  if (
    meta.input === 'features' &&
    (block!.files?.model !== BUNDLE_FILES.blockModel ||
      block!.files.weights !== BUNDLE_FILES.blockWeights)
  )
    refuse(
      `metadata.json: a fine-tuned head's block must be in ${BUNDLE_FILES.blockModel} and ${BUNDLE_FILES.blockWeights}.`,
    );
}

/** The weights of the block's layers among an image-in model's (`layer/...` for each block layer). */
function blockEntries(entries: readonly WeightEntry[], layers: readonly string[]): WeightEntry[] {
  const found = entries.filter((e) => layers.some((l) => e.name.startsWith(`${l}/`)));
  if (found.length === 0)
    refuse(`model.json holds no weights of the tuned block's layers (${layers.join(', ')}).`);
  return found;
}

/**
 * The trained block of a fine-tuned model, or undefined for a model that is not. Its weights' names
 * and shapes are checked against the backbone when the import rebuilds the block there.
 */
export function tunedBlockOf(
  meta: BundleMetadata,
  input: BundleInput,
  files: Readonly<Record<string, Uint8Array>>,
  modelEntries: readonly WeightEntry[],
  modelWeights: Uint8Array,
): SavedTunedBlock | undefined {
  const block = meta.tunedBlock;
  const extra = [BUNDLE_FILES.blockModel, BUNDLE_FILES.blockWeights].filter((f) => files[f]);
  if (!block || input === 'image') {
    if (extra.length > 0)
      refuse(`${extra[0]} belongs in a fine-tuned head-only export; this file is not one.`);
    if (!block) return undefined;
  }
  let entries: WeightEntry[];
  let weights: Uint8Array;
  if (input === 'image') {
    entries = blockEntries(modelEntries, block.layers);
    weights = modelWeights;
  } else {
    const [json, bin] = [files[BUNDLE_FILES.blockModel], files[BUNDLE_FILES.blockWeights]];
    if (!json || !bin)
      refuse(
        `This fine-tuned head needs its block: the archive lacks ${!json ? BUNDLE_FILES.blockModel : BUNDLE_FILES.blockWeights}.`,
      );
    weights = bin!;
    entries = weightTable(
      parseJson(BUNDLE_FILES.blockModel, json!),
      BUNDLE_FILES.blockModel,
      BUNDLE_FILES.blockWeights,
      weights.length,
    );
  }
  return {
    frozenLayer: block.frozenLayer,
    layers: [...block.layers],
    inputShape: [...block.inputShape],
    weights: entries.map((e) => ({ name: e.name, shape: e.shape })),
    weightData: copyWeights(weights, entries),
  };
}
