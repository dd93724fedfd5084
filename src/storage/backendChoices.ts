// Remembered backend choices: the micro-benchmark's result per device, backbone and input size, so
// that it runs once per combination rather than at every visit. A record that fails validation (an
// older or newer writer, a hand-edited database) reads as "not measured yet" and is measured again.
import { BACKENDS, type BackendName } from '../shared/backbone';
import type { BackendMeasurement, BackendTiming } from '../shared/engine';
import type { BackendChoiceStore } from '../shared/stores';
import { STORES, type BackendChoiceRecord, type GraftDb } from './db';

const isBackend = (v: unknown): v is BackendName =>
  typeof v === 'string' && (BACKENDS as readonly string[]).includes(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function restoreTiming(value: unknown): BackendTiming | null {
  if (typeof value !== 'object' || value === null) return null;
  const t = value as Partial<BackendTiming>;
  if (!isBackend(t.name) || typeof t.detail !== 'string' || typeof t.software !== 'boolean')
    return null;
  if (t.msPerImage !== null && !isTime(t.msPerImage)) return null;
  if (t.probeMs !== null && !isTime(t.probeMs)) return null;
  if (!isCount(t.batch) || !isCount(t.passes)) return null;
  if (t.note !== undefined && typeof t.note !== 'string') return null;
  return {
    name: t.name,
    detail: t.detail,
    software: t.software,
    msPerImage: t.msPerImage ?? null,
    batch: t.batch,
    passes: t.passes,
    probeMs: t.probeMs ?? null,
    ...(t.note === undefined ? {} : { note: t.note }),
  };
}

/** Validates a record read back from disk; null when anything is off. */
export function restoreBackendChoice(record: unknown): BackendMeasurement | null {
  if (typeof record !== 'object' || record === null) return null;
  const r = record as Partial<BackendChoiceRecord>;
  if (!isBackend(r.backend) || !isTime(r.msPerImage) || r.msPerImage === 0) return null;
  if (!isCount(r.batch) || r.batch < 1 || !isTime(r.measuredAt)) return null;
  if (!Array.isArray(r.timings)) return null;
  const timings = r.timings.map(restoreTiming);
  if (timings.some((t) => t === null)) return null;
  return {
    backend: r.backend,
    msPerImage: r.msPerImage,
    batch: r.batch,
    timings: timings as BackendTiming[],
    measuredAt: r.measuredAt,
    remembered: true,
  };
}

export function createBackendChoiceStore(db: GraftDb): BackendChoiceStore {
  return {
    async get(key) {
      const record = await db.get(STORES.backendChoices, [key.device, key.backbone, key.inputSize]);
      return record === undefined ? null : restoreBackendChoice(record);
    },
    async put(key, m) {
      await db.put(STORES.backendChoices, {
        ...key,
        backend: m.backend,
        msPerImage: m.msPerImage,
        batch: m.batch,
        timings: m.timings.map((t) => ({ ...t })),
        measuredAt: m.measuredAt,
      });
    },
  };
}
