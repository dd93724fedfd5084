// Weights a person installed for a built-in backbone, kept in IndexedDB through tf.io's own
// `indexeddb://` scheme so they survive reloads and work offline. One key per weights version,
// `graft-weights/<id>/<hash>`: a new install is saved beside the old one and only then replaces it,
// so a failed save (a full disk) never loses the weights already installed.
import * as tf from '@tensorflow/tfjs';
import type { BuiltinBackboneId } from '../shared/backbone';
import type { InstalledWeights } from '../shared/engine';

const SCHEME = 'indexeddb://';
const PREFIX = 'graft-weights/';

/** What is saved with the weights, in the artifacts' userDefinedMetadata. */
interface SavedMeta {
  readonly from: string;
  readonly installedAt: string;
  readonly weightsHash: string;
}

export interface StoredWeights {
  readonly weightSpecs: tf.io.WeightsManifestEntry[];
  readonly weightData: tf.io.WeightData;
  readonly meta: SavedMeta;
}

export interface WeightsStore {
  list(): Promise<InstalledWeights[]>;
  load(id: BuiltinBackboneId): Promise<StoredWeights | null>;
  save(id: BuiltinBackboneId, model: tf.LayersModel, meta: SavedMeta): Promise<void>;
  remove(id: BuiltinBackboneId): Promise<void>;
}

const keyOf = (id: BuiltinBackboneId, hash: string) => `${PREFIX}${id}/${hash.slice(0, 16)}`;

function parseKey(url: string): { id: string; hashPrefix: string } | null {
  const path = url.startsWith(SCHEME) ? url.slice(SCHEME.length) : url;
  if (!path.startsWith(PREFIX)) return null;
  const [id, hashPrefix] = path.slice(PREFIX.length).split('/');
  return id && hashPrefix ? { id, hashPrefix } : null;
}

function restoreMeta(value: unknown): SavedMeta | null {
  const m = (value as { graft?: Partial<SavedMeta> } | undefined)?.graft;
  if (
    !m ||
    typeof m.from !== 'string' ||
    typeof m.installedAt !== 'string' ||
    typeof m.weightsHash !== 'string'
  ) {
    return null;
  }
  return { from: m.from, installedAt: m.installedAt, weightsHash: m.weightsHash };
}

async function keysFor(
  id: BuiltinBackboneId,
): Promise<{ key: string; info: tf.io.ModelArtifactsInfo }[]> {
  const models = await tf.io.listModels();
  return Object.entries(models)
    .filter(([url]) => parseKey(url)?.id === id)
    .map(([url, info]) => ({ key: url.slice(SCHEME.length), info }))
    .sort((a, b) => new Date(b.info.dateSaved).getTime() - new Date(a.info.dateSaved).getTime());
}

export function createIndexedDbWeightsStore(): WeightsStore {
  return {
    async list() {
      const models = await tf.io.listModels();
      const newest = new Map<string, InstalledWeights>();
      for (const [url, info] of Object.entries(models)) {
        const key = parseKey(url);
        if (!key || (key.id !== 'vgg16' && key.id !== 'mobilenetv2')) continue;
        const entry: InstalledWeights = {
          id: key.id,
          weightsHash: key.hashPrefix,
          from: '',
          installedAt: new Date(info.dateSaved).toISOString(),
          bytes: info.weightDataBytes ?? 0,
        };
        const seen = newest.get(key.id);
        if (!seen || seen.installedAt < entry.installedAt) newest.set(key.id, entry);
      }
      return [...newest.values()];
    },

    async load(id) {
      const [latest] = await keysFor(id);
      if (!latest) return null;
      const [handler] = tf.io.getLoadHandlers(`${SCHEME}${latest.key}`);
      if (!handler?.load) return null;
      const artifacts = await handler.load();
      const meta = restoreMeta(artifacts.userDefinedMetadata);
      if (!meta || !artifacts.weightSpecs || !artifacts.weightData) return null; // not ours, or broken
      return { weightSpecs: artifacts.weightSpecs, weightData: artifacts.weightData, meta };
    },

    async save(id, model, meta) {
      const key = keyOf(id, meta.weightsHash);
      model.setUserDefinedMetadata({ graft: { ...meta } });
      await model.save(`${SCHEME}${key}`);
      // Only now that the new weights are safely stored do the older ones go.
      for (const old of await keysFor(id)) {
        if (old.key !== key) await tf.io.removeModel(`${SCHEME}${old.key}`);
      }
    },

    async remove(id) {
      for (const { key } of await keysFor(id)) await tf.io.removeModel(`${SCHEME}${key}`);
    },
  };
}
