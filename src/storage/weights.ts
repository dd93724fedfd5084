// Weights a person installed for a built-in backbone (Weights panel), kept in the app's database so
// they survive reloads and work offline. One record per backbone, replaced in one transaction: a
// failed save (a full disk) never loses the weights already installed.
//
// Until schema v3 these lived in tf.io's own `indexeddb://` database ("tensorflowjs", keys
// `graft-weights/<id>/<hash>`); `migrateLegacyWeights` moves them here once, on first use.
import { openDB } from 'idb';
import type { BuiltinBackboneId } from '../shared/backbone';
import type { InstalledWeights } from '../shared/engine';
import type { StoredWeights, WeightSpec, WeightsMeta, WeightsStore } from '../shared/stores';
import { STORES, type GraftDb, type WeightsRecord } from './db';

const BUILTIN_IDS: readonly BuiltinBackboneId[] = ['vgg16', 'mobilenetv2'];
const isBuiltinId = (v: unknown): v is BuiltinBackboneId =>
  typeof v === 'string' && (BUILTIN_IDS as readonly string[]).includes(v);

/** tf.io's IndexedDB layout (tfjs-core io/indexed_db.ts), read only to migrate it. */
export const LEGACY = {
  dbName: 'tensorflowjs',
  models: 'models_store',
  info: 'model_info_store',
  prefix: 'graft-weights/',
} as const;

function restoreMeta(value: unknown): WeightsMeta | null {
  const m = value as Partial<WeightsMeta> | null | undefined;
  if (!m || typeof m.from !== 'string' || typeof m.installedAt !== 'string') return null;
  if (typeof m.weightsHash !== 'string') return null;
  return { from: m.from, installedAt: m.installedAt, weightsHash: m.weightsHash };
}

function restoreSpecs(value: unknown): WeightSpec[] | null {
  if (!Array.isArray(value)) return null;
  const ok = value.every(
    (s: Partial<WeightSpec>) =>
      typeof s?.name === 'string' && Array.isArray(s.shape) && typeof s.dtype === 'string',
  );
  return ok ? (value as WeightSpec[]) : null;
}

/** Validates a record read back; null (treated as "not installed") when anything is off. */
export function restoreWeights(record: unknown): StoredWeights | null {
  const r = record as Partial<WeightsRecord> | undefined;
  if (!r || !(r.weightData instanceof ArrayBuffer)) return null;
  const meta = restoreMeta(r);
  const weightSpecs = restoreSpecs(r.weightSpecs);
  return meta && weightSpecs ? { weightSpecs, weightData: r.weightData, meta } : null;
}

function recordOf(id: BuiltinBackboneId, w: StoredWeights): WeightsRecord {
  return {
    id,
    ...w.meta,
    weightSpecs: w.weightSpecs.map((s) => ({ ...s, shape: [...s.shape] })),
    weightData: w.weightData,
    bytes: w.weightData.byteLength,
  };
}

/** A legacy tf.io record's weights, when it is one of ours and whole. */
function fromLegacy(value: unknown): { id: BuiltinBackboneId; weights: StoredWeights } | null {
  const v = value as
    { modelPath?: unknown; modelArtifacts?: Record<string, unknown> } | null | undefined;
  if (typeof v?.modelPath !== 'string' || !v.modelPath.startsWith(LEGACY.prefix)) return null;
  const id = v.modelPath.slice(LEGACY.prefix.length).split('/')[0];
  const artifacts = v.modelArtifacts;
  const meta = restoreMeta((artifacts?.userDefinedMetadata as { graft?: unknown })?.graft);
  const weightSpecs = restoreSpecs(artifacts?.weightSpecs);
  const data = artifacts?.weightData;
  if (!isBuiltinId(id) || !meta || !weightSpecs || !(data instanceof ArrayBuffer)) return null;
  return { id, weights: { weightSpecs, weightData: data, meta } };
}

/**
 * Moves weights installed by an older Graft (tf.io's database) into `db`, newest per backbone, then
 * deletes them there. Weights already in `db` win. Does nothing, and creates nothing, when the
 * legacy database does not exist.
 */
export async function migrateLegacyWeights(db: GraftDb): Promise<number> {
  const existing = await indexedDB.databases?.();
  if (!existing?.some((d) => d.name === LEGACY.dbName)) return 0;
  const legacy = await openDB(LEGACY.dbName);
  try {
    if (!legacy.objectStoreNames.contains(LEGACY.models)) return 0;
    const found = (await legacy.getAll(LEGACY.models)).flatMap((v) => {
      const w = fromLegacy(v);
      return w ? [{ ...w, key: (v as { modelPath: string }).modelPath }] : [];
    });
    found.sort((a, b) => b.weights.meta.installedAt.localeCompare(a.weights.meta.installedAt));
    let moved = 0;
    for (const { id, weights } of found) {
      const tx = db.transaction(STORES.weights, 'readwrite');
      if ((await tx.store.getKey(id)) === undefined) {
        await tx.store.put(recordOf(id, weights));
        moved++;
      }
      await tx.done;
    }
    const stores = [LEGACY.models, LEGACY.info].filter((s) => legacy.objectStoreNames.contains(s));
    const tx = legacy.transaction(stores, 'readwrite');
    for (const { key } of found) for (const s of stores) void tx.objectStore(s).delete(key);
    await tx.done;
    return moved;
  } finally {
    legacy.close();
  }
}

export function createWeightsStore(openDb: () => Promise<GraftDb>): WeightsStore {
  let ready: Promise<GraftDb> | null = null;
  const db = () =>
    (ready ??= openDb().then(async (opened) => {
      await migrateLegacyWeights(opened);
      return opened;
    }));
  return {
    async list() {
      const records = await (await db()).getAll(STORES.weights);
      return records.flatMap((r): InstalledWeights[] => {
        const w = restoreWeights(r);
        if (!w || !isBuiltinId(r.id)) return [];
        return [{ id: r.id, ...w.meta, bytes: w.weightData.byteLength }];
      });
    },
    async load(id) {
      return restoreWeights(await (await db()).get(STORES.weights, id));
    },
    async save(id, weights) {
      await (await db()).put(STORES.weights, recordOf(id, weights));
    },
    async remove(id) {
      await (await db()).delete(STORES.weights, id);
    },
  };
}
