// The parts of a project record added after version 6 of the schema (the runs table and the last
// single-image prediction), validated on read. They are plain fields of the project record, not
// stores of their own: no migration, and a record written before them reads back with none.
import type { RunRecord } from '../shared/session';
import type { SavedPrediction } from '../shared/project';
import type { Prediction } from '../shared/training';
import { IMAGE_FORMATS } from '../shared/dataset';
import type { LabelDecision, UnlabeledPhoto, UnlabeledPool } from '../shared/labelAssist';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** One run as saved; null for a shape this version does not know (it is dropped, not shown wrong). */
export function restoreRun(value: unknown): RunRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  const timing = r.timing as Record<string, unknown> | null | undefined;
  const ok =
    typeof r.backbone === 'string' &&
    isCount(r.inputSize) &&
    (r.head === 'pooled' || r.head === 'flatten') &&
    (r.optimizer === 'adam' || r.optimizer === 'sgd') &&
    isNumber(r.learningRate) &&
    isCount(r.augmentViews) &&
    typeof r.testTimeFlip === 'boolean' &&
    typeof r.fineTuned === 'boolean' &&
    isCount(r.trainExamples) &&
    isNumber(r.seconds) &&
    isCount(r.index) &&
    isNumber(r.accuracy) &&
    isCount(r.correct) &&
    isCount(r.tested) &&
    typeof timing === 'object' &&
    timing !== null &&
    isNumber(timing.wallSeconds) &&
    (timing.extractSeconds === null || isNumber(timing.extractSeconds));
  if (!ok) return null;
  const fixes = r.dataFixes as Record<string, unknown> | null | undefined;
  const fixesOk =
    typeof fixes === 'object' &&
    fixes !== null &&
    isCount(fixes.edits) &&
    isCount(fixes.movedForLeaks);
  // A run saved before the data doctor, or with a summary of unknown shape, shows without one.
  if (!fixesOk && 'dataFixes' in r) {
    const rest = { ...r };
    delete rest.dataFixes;
    return rest as unknown as RunRecord;
  }
  return value as RunRecord;
}

/** The runs that read back well, in their order; anything but an array is no runs. */
export function restoreRuns(value: unknown): RunRecord[] {
  if (!Array.isArray(value)) return [];
  return value.map(restoreRun).filter((r): r is RunRecord => r !== null);
}

function restoreTop(value: unknown): Prediction[] | null {
  if (!Array.isArray(value)) return null;
  const ok = value.every(
    (p: unknown) =>
      typeof p === 'object' &&
      p !== null &&
      isCount((p as Prediction).classIndex) &&
      isNumber((p as Prediction).probability),
  );
  return ok ? (value as Prediction[]) : null;
}

/** The last prediction as saved; null when there is none or its shape is unknown. */
export function restorePrediction(value: unknown): SavedPrediction | null {
  if (typeof value !== 'object' || value === null) return null;
  const p = value as Record<string, unknown>;
  const top = restoreTop(p.top);
  if (typeof p.name !== 'string' || !top || !isNumber(p.at)) return null;
  // A thumbnail that did not survive (another browser's record) leaves the name and the result.
  const image = p.image instanceof Blob ? p.image : null;
  return { name: p.name, top, image, at: p.at };
}

const isHash = (v: unknown): boolean => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);

function restorePhoto(value: unknown): UnlabeledPhoto | null {
  if (typeof value !== 'object' || value === null) return null;
  const p = value as Record<string, unknown>;
  const ok =
    isHash(p.id) &&
    typeof p.path === 'string' &&
    (IMAGE_FORMATS as readonly unknown[]).includes(p.format) &&
    isCount(p.bytes);
  return ok ? (value as UnlabeledPhoto) : null;
}

function restoreDecision(value: unknown): LabelDecision | null {
  if (typeof value !== 'object' || value === null) return null;
  const d = value as Record<string, unknown>;
  if (!isHash(d.id)) return null;
  if (d.kind === 'skip') return { kind: 'skip', id: d.id as LabelDecision['id'] };
  const ok =
    d.kind === 'label' &&
    typeof d.className === 'string' &&
    (d.source === 'picked' || d.source === 'suggestion' || d.source === 'threshold') &&
    (d.probability === null || isNumber(d.probability));
  return ok ? (value as LabelDecision) : null;
}

/**
 * Label assist's pool as saved; null when absent or not a pool. Damaged photos and decisions are
 * dropped one by one (a decision about a dropped photo goes with it), the rest is kept.
 */
export function restorePool(value: unknown): UnlabeledPool | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (!Array.isArray(r.photos) || !Array.isArray(r.log)) return null;
  const photos = r.photos.map(restorePhoto).filter((p): p is UnlabeledPhoto => p !== null);
  const ids = new Set(photos.map((p) => p.id));
  const log = r.log
    .map(restoreDecision)
    .filter((d): d is LabelDecision => d !== null && ids.has(d.id));
  const newClasses = Array.isArray(r.newClasses)
    ? r.newClasses.filter((c): c is string => typeof c === 'string' && c.length > 0)
    : [];
  const since = r.labelsSinceTrain;
  return {
    photos,
    log,
    newClasses,
    ...(isCount(since) && since > 0 && { labelsSinceTrain: since }),
  };
}
