// The data doctor's fixes on the loaded dataset: the edit log (Move to <class>, Remove, Keep) and
// the near-duplicate groups the split keeps together, applied to the manifest as imported
// (data/doctorFixes.ts) and saved with the current project, so that they survive a reload and each
// can be undone. Only the project's manifest changes: never the person's files. Blobs of removed
// images stay loaded (and stored), so that undoing a removal needs nothing from the disk.
import type { ContentHash } from '../shared/brand';
import type { DataFix, DoctorRecord, DoctorState } from '../shared/doctor';
import type { DataFixSummary } from '../shared/training';
import { applyFixes, fixesCsv, rebase } from '../data/doctorFixes';
import { datasetProblems } from '../data/ingest';
import type { EngineContext } from './context';
import { saveLoadedDataset } from './projectSave';

export function createDoctorSession(ctx: EngineContext) {
  let record: DoctorRecord | null = null;
  /** The manifest `record` derived last: another one loaded means another dataset. */
  let derived: unknown = null;
  let movedForLeaks = 0;
  // One change at a time: two quick fixes each read the project and write it back, and the first
  // write landing last would drop the second fix from the saved log.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(change: () => Promise<T>): Promise<T> {
    const run = queue.then(change, change);
    queue = run.catch(() => undefined);
    return run;
  }

  /** The doctor record of the loaded dataset: the project's saved one, or a fresh one. */
  async function current(): Promise<DoctorRecord> {
    const { manifest } = ctx.requireDataset();
    if (record && derived === manifest) return record;
    const id = ctx.state.projectId;
    const saved = id ? (await ctx.deps.projects?.get(id))?.doctor : undefined;
    // Images added or removed since (webcam captures) join or leave the base, so a fix never
    // brings back or drops what another edit did.
    record = saved
      ? { ...saved, base: rebase(saved.base, saved.log, manifest) }
      : { base: manifest, log: [], groups: [] };
    movedForLeaks = applyFixes(record.base, record.log, record.groups).movedForGroups.length;
    derived = manifest;
    return record;
  }

  async function commit(next: DoctorRecord): Promise<DoctorState> {
    const dataset = ctx.requireDataset();
    const fixed = applyFixes(next.base, next.log, next.groups);
    ctx.state.dataset = { ...dataset, manifest: fixed.manifest };
    record = next;
    derived = fixed.manifest;
    movedForLeaks = fixed.movedForGroups.length;
    // The doctor changes no image: nothing to store but the record.
    await saveLoadedDataset(ctx, () => ({ doctor: next }), new Map());
    return state();
  }

  function state(): DoctorState {
    const { manifest } = ctx.requireDataset();
    return { log: record?.log ?? [], movedForLeaks, manifest, problems: datasetProblems(manifest) };
  }

  return {
    current,
    /** The edit log's length and the leak count of the split in use now (a run records it). */
    summary: (): Promise<DataFixSummary> =>
      serial(async () => ({ edits: (await current()).log.length, movedForLeaks })),
    /** Keeps each group on one side of the split from now on (after a check). */
    keepTogether(groups: readonly (readonly ContentHash[])[]): Promise<DoctorState> {
      return serial(async () => commit({ ...(await current()), groups }));
    },
    ops: {
      /** The edit log and the leak count of the loaded dataset. */
      doctorState(): Promise<DoctorState> {
        return serial(async () => {
          await current();
          return state();
        });
      },
      /** Applies one fix (appended to the log) and saves it with the project. */
      applyDataFix: (fix: DataFix): Promise<DoctorState> =>
        serial(async () => {
          const now = await current();
          if (!now.base.images.some((i) => i.id === fix.id)) {
            throw new Error(`${fix.path} is not in this dataset.`);
          }
          const { action } = fix;
          if (action.type === 'move' && !now.base.classes.some((c) => c.name === action.to)) {
            throw new Error(`There is no class "${action.to}" to move ${fix.path} to.`);
          }
          return commit({ ...now, log: [...now.log, fix] });
        }),
      /** Undoes the log's entry `index` alone; the others stay applied. */
      undoDataFix: (index: number): Promise<DoctorState> =>
        serial(async () => {
          const now = await current();
          if (!Number.isInteger(index) || index < 0 || index >= now.log.length) {
            throw new RangeError(`No fix ${index} to undo.`);
          }
          return commit({ ...now, log: now.log.filter((_, i) => i !== index) });
        }),
      /** The edit log as CSV: path, problem, folder class, suggested class, action. */
      async dataFixesCsv(): Promise<string> {
        return fixesCsv((await current()).log);
      },
    },
  };
}

export type DoctorSession = ReturnType<typeof createDoctorSession>;
