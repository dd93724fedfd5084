// Backbones imported by the person (a TensorFlow.js model folder, files or URL, or a Teachable
// Machine export), kept whole in the app's database so they work offline like installed weights.
// One record per import setting; validated on read, so a damaged record reads as absent.
import type { ImportedBackbone } from '../shared/backboneImport';
import { PREPROCESS_MODES } from '../shared/backbone';
import type { ImportedBackboneStore, StoredBackbone, WeightSpec } from '../shared/stores';
import { STORES, type BackboneRecord, type GraftDb } from './db';

const isString = (v: unknown): v is string => typeof v === 'string';
const isShape = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((d) => typeof d === 'number');

function restoreSummary(r: Partial<BackboneRecord>): ImportedBackbone | null {
  const s = r.summary as Partial<ImportedBackbone> | undefined;
  if (!s || !isString(s.id) || !isString(s.name) || !isString(s.from)) return null;
  if (!isString(s.importedAt) || !isString(s.weightsHash) || !isString(s.featureLayer)) return null;
  if (typeof s.inputSize !== 'number' || typeof s.bytes !== 'number') return null;
  if (!(PREPROCESS_MODES as readonly unknown[]).includes(s.preprocess)) return null;
  if (!isShape(s.featureShape)) return null;
  return s as ImportedBackbone;
}

/** Validates a record read back; null when anything is off. */
export function restoreBackbone(record: unknown): StoredBackbone | null {
  const r = record as Partial<BackboneRecord> | undefined;
  if (!r || !(r.weightData instanceof ArrayBuffer) || typeof r.modelTopology !== 'object')
    return null;
  const summary = restoreSummary(r);
  const specs: unknown[] = Array.isArray(r.weightSpecs) ? r.weightSpecs : [];
  const specsOk =
    Array.isArray(r.weightSpecs) &&
    specs.every(
      (w) => isString((w as Partial<WeightSpec>)?.name) && isShape((w as WeightSpec).shape),
    );
  if (!summary || !specsOk || summary.id !== r.id) return null;
  return {
    summary,
    modelTopology: r.modelTopology,
    weightSpecs: specs as WeightSpec[],
    weightData: r.weightData,
  };
}

export function createBackboneStore(openDb: () => Promise<GraftDb>): ImportedBackboneStore {
  let ready: Promise<GraftDb> | null = null;
  const db = () => (ready ??= openDb());
  return {
    async list() {
      const records = await (await db()).getAll(STORES.backbones);
      return records
        .flatMap((r) => restoreBackbone(r)?.summary ?? [])
        .sort((a, b) => a.importedAt.localeCompare(b.importedAt));
    },
    async load(id) {
      return restoreBackbone(await (await db()).get(STORES.backbones, id));
    },
    async save(backbone) {
      const record: BackboneRecord = {
        id: backbone.summary.id,
        summary: backbone.summary,
        modelTopology: backbone.modelTopology,
        weightSpecs: backbone.weightSpecs.map((w) => ({ ...w, shape: [...w.shape] })),
        weightData: backbone.weightData,
      };
      await (await db()).put(STORES.backbones, record);
    },
    async remove(id) {
      await (await db()).delete(STORES.backbones, id);
    },
  };
}
