// A fine-tuned block (a Tail) in and out of bytes: its weights by name for the project store and
// for exported files, and put back into a tail rebuilt on the same backbone, each weight checked by
// name and shape so a block from another backbone or another split is refused, not half-loaded.
import * as tf from '@tensorflow/tfjs';
import type { SavedTunedBlock } from '../../shared/project';
import type { Tail } from './tail';

/** The tail's weights (all of them: batch-norm statistics too) as one buffer, by name. */
export async function saveTail(tail: Tail, frozenLayer: string): Promise<SavedTunedBlock> {
  const weights = tail.model.weights;
  const parts = await Promise.all(weights.map((w) => w.read().data<'float32'>()));
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return {
    frozenLayer,
    layers: [...tail.layerNames],
    inputShape: [...tail.inputShape],
    weights: weights.map((w) => ({ name: w.originalName, shape: [...w.shape] as number[] })),
    weightData: all.buffer,
  };
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Gives `tail` the saved weights. Throws (leaving the tail as it was) when the saved block is not
 * this tail's: other layers, another frozen layer or input shape, a weight missing or misshapen.
 */
export function loadTailWeights(tail: Tail, frozenLayer: string, saved: SavedTunedBlock): void {
  if (!sameList(saved.layers, tail.layerNames) || saved.frozenLayer !== frozenLayer)
    throw new Error(
      `The fine-tuned block has layers ${saved.layers.join(', ')} after ${saved.frozenLayer}; this backbone's block is ${tail.layerNames.join(', ')} after ${frozenLayer}.`,
    );
  if (!sameList(saved.inputShape, tail.inputShape))
    throw new Error(
      `The fine-tuned block takes [${saved.inputShape.join(', ')}]; this backbone's frozen part gives [${tail.inputShape.join(', ')}].`,
    );
  const values = new Float32Array(saved.weightData);
  const offsets = new Map<string, { at: number; shape: readonly number[] }>();
  let at = 0;
  for (const w of saved.weights) {
    offsets.set(w.name, { at, shape: w.shape });
    at += w.shape.reduce((a, b) => a * b, 1);
  }
  if (at !== values.length)
    throw new Error(
      `The fine-tuned block's weights have ${values.length} values; their shapes need ${at}.`,
    );
  const targets = tail.model.weights;
  if (targets.length !== saved.weights.length)
    throw new Error(
      `The fine-tuned block has ${saved.weights.length} weights; this backbone's block has ${targets.length}.`,
    );
  const assignments = targets.map((w) => {
    const found = offsets.get(w.originalName);
    const shape = w.shape as number[]; // a built layer's weights have every size
    if (!found || !sameList(found.shape, shape))
      throw new Error(
        `The fine-tuned block's weight ${w.originalName} is ${found ? `[${found.shape.join(', ')}], expected [${shape.join(', ')}]` : 'missing'}.`,
      );
    const size = shape.reduce((a, b) => a * b, 1);
    return { w, shape, data: values.subarray(found.at, found.at + size) };
  });
  // Checked all before writing any: a refused block leaves the tail whole.
  for (const { w, shape, data } of assignments)
    tf.tidy(() => {
      w.write(tf.tensor(data, shape));
    });
}
