// An in-memory WeightsStore for Node tests (tf.io's indexeddb:// scheme only registers in browsers).
import * as tf from '@tensorflow/tfjs';
import type { BuiltinBackboneId } from '../../../src/shared/backbone';
import type { StoredWeights, WeightsStore } from '../../../src/ml/weightsStore';
import { modelArtifacts } from '../../../src/ml/h5/convert';

export function createMemoryWeightsStore(): WeightsStore & { saves: number } {
  const saved = new Map<BuiltinBackboneId, StoredWeights & { bytes: number }>();
  const store = {
    saves: 0,
    async list() {
      return [...saved].map(([id, w]) => ({ id, ...w.meta, bytes: w.bytes }));
    },
    async load(id: BuiltinBackboneId) {
      return saved.get(id) ?? null;
    },
    async save(id: BuiltinBackboneId, model: tf.LayersModel, meta: StoredWeights['meta']) {
      const artifacts = await modelArtifacts(model);
      const weightData = tf.io.concatenateArrayBuffers(artifacts.weightData!);
      saved.set(id, {
        weightSpecs: artifacts.weightSpecs!,
        weightData,
        meta,
        bytes: weightData.byteLength,
      });
      store.saves++;
    },
    async remove(id: BuiltinBackboneId) {
      saved.delete(id);
    },
  };
  return store;
}
