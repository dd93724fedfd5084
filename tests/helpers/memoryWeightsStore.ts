// An in-memory WeightsStore for Node tests that do not need IndexedDB.
import type { BuiltinBackboneId } from '../../src/shared/backbone';
import type { StoredWeights, WeightsStore } from '../../src/shared/stores';

export function createMemoryWeightsStore(): WeightsStore & { saves: number } {
  const saved = new Map<BuiltinBackboneId, StoredWeights>();
  const store = {
    saves: 0,
    async list() {
      return [...saved].map(([id, w]) => ({ id, ...w.meta, bytes: w.weightData.byteLength }));
    },
    async load(id: BuiltinBackboneId) {
      return saved.get(id) ?? null;
    },
    async save(id: BuiltinBackboneId, weights: StoredWeights) {
      saved.set(id, weights);
      store.saves++;
    },
    async remove(id: BuiltinBackboneId) {
      saved.delete(id);
    },
  };
  return store;
}
