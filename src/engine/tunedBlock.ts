// A fine-tuned block brought back (from a project, or from an imported file) onto the loaded
// backbone: split it where fine-tuning split it, and give the tail copies the saved weights. The
// frozen part is the loaded backbone's own layers, so its weights must be the ones the block was
// trained after: callers check the backbone's weights hash first.
import type { SavedTunedBlock } from '../shared/project';
import type { Backbone } from '../ml/backbones/backbone';
import { loadTailWeights } from '../ml/finetune/tailIo';
import type { Tail } from '../ml/finetune/tail';

/** The frozen part and the saved block on `backbone`; throws with the reason when it does not fit. */
export function rebuildTunedBlock(
  backbone: Backbone,
  saved: SavedTunedBlock,
): { frozen: Backbone; tail: Tail } {
  if (!backbone.splitAt || saved.layers.length === 0)
    throw new Error(`${backbone.info.name} cannot take a fine-tuned block.`);
  // From the first tuned layer to the feature layer: the layers fine-tuning copied (a descriptor's
  // named layers start there too; which of them trained does not matter for predicting).
  const { frozen, frozenLayer, tail } = backbone.splitAt(saved.layers[0]!);
  try {
    loadTailWeights(tail, frozenLayer, saved);
  } catch (error) {
    tail.dispose();
    throw error;
  }
  return { frozen, tail };
}
