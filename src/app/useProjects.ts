// Projects on the page: saves each imported dataset as a project and each trained model into it,
// reopens the last project after a reload, and runs the project list's and the model files' actions
// (open, rename, duplicate, delete, export, import).
import { useCallback, useEffect, useRef, useState } from 'react';
import { withEngine } from '../bridge/engine';
import { withProjects } from '../bridge/projects';
import type { DroppedFile } from '../shared/dataset';
import type { ProjectSummary, ProjectUsage } from '../shared/project';
import type { Prediction } from '../shared/training';
import { thumbnailOf } from './thumbnail';
import type { Settings } from '../shared/session';
import type { useSession } from './useSession';
import { backboneSpec } from './settings';
import { pickKey, pickOf } from './backboneChoice';
import type { ProjectArrival } from './useBackboneChoice';

type Session = ReturnType<typeof useSession>;
export type ExportKind = 'image-model' | 'head-only' | 'features';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A name for a dropped folder's project: the folder's own name when the browser gives it. */
export function projectNameFor(files: readonly DroppedFile[]): string {
  const first = files[0]?.file;
  const relative = first instanceof File ? first.webkitRelativePath : '';
  const root = relative.includes('/') ? relative.split('/')[0] : '';
  return root || `Photos of ${new Date().toLocaleDateString('en-GB')}`;
}

function download(name: string, bytes: Uint8Array) {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function useProjects(
  session: Session,
  settings: Settings,
  /** A project's saved settings arrive (restored after a reload, or opened by the person). */
  arrive: (settings: Settings | null, how: ProjectArrival) => void,
) {
  const { state, showProject, closeProject, noteProject, showPrediction, saveProjectSettings } =
    session;
  const [projects, setProjects] = useState<ProjectSummary[]>([]);
  const [usage, setUsage] = useState<ProjectUsage | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [keepImages, setKeepImages] = useState(true);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  /** What is already saved: the new dataset and the outcome objects of the project shown now. */
  const saved = useRef<{ started: unknown; outcome: unknown }>({ started: null, outcome: null });
  const pendingName = useRef<string | null>(null);
  const restored = useRef(false);
  /** The backbone saved with the current project, so that a new pick is saved into it once. */
  const savedPick = useRef<{ id: string; key: string } | null>(null);
  /** True until the project opened last is back (or there is none): the page is not settled yet. */
  const [restoring, setRestoring] = useState(true);

  // The list, its sizes, rename, duplicate and delete go through the projects worker: never behind
  // the engine's compute (a cost measurement can hold the engine worker for minutes).
  const refresh = useCallback(async () => {
    const [list, bytes] = await withProjects(async (e) => [
      await e.listProjects(),
      await e.projectUsage(),
    ]);
    setProjects(list);
    setUsage(bytes);
  }, []);

  const open = useCallback(
    async (id: string, how: ProjectArrival = 'open') => {
      try {
        const opened = await withEngine((e) => e.openProject(id));
        saved.current = { ...saved.current, outcome: opened.model?.outcome ?? null };
        savedPick.current = opened.settings && { id, key: pickKey(pickOf(opened.settings)) };
        setCurrentId(id);
        arrive(opened.settings, how);
        showProject(opened);
        setMessage(null);
      } catch (error) {
        setMessage({ text: `The project could not be opened: ${messageOf(error)}`, error: true });
      }
      await refresh();
    },
    [refresh, arrive, showProject],
  );

  // After a reload: once the backend is up, reopen the project opened last.
  const backendReady = state.backend !== null;
  useEffect(() => {
    if (!backendReady || restored.current) return;
    restored.current = true;
    void withProjects((e) => e.listProjects())
      .then((list) =>
        // Not when a folder was dropped meanwhile: that one is the person's choice.
        list[0] && pendingName.current === null ? open(list[0].id, 'restore') : refresh(),
      )
      .catch(() => undefined) // the list stays empty; the page works without projects
      .finally(() => setRestoring(false));
  }, [backendReady, open, refresh]);

  // No backend, no worker to ask: nothing is being restored.
  const noBackend = !backendReady && state.activity.phase === 'error';
  useEffect(() => {
    if (noBackend) setRestoring(false);
  }, [noBackend]);

  // A new dataset (an import finished, or webcam frames with nothing loaded) becomes a new project.
  // An edit of the loaded one (a capture, a removal, a fix, a label) does not: the engine saves it
  // into the current project itself.
  const { started, outcome } = state;
  const phase = state.activity.phase;
  useEffect(() => {
    if (!started || saved.current.started === started) return;
    saved.current = { started, outcome: null };
    const name = pendingName.current ?? 'Photos';
    void withEngine((e) => e.createProject(name, started.problems, settings, keepImages))
      .then((summary) => {
        savedPick.current = { id: summary.id, key: pickKey(pickOf(settings)) };
        setCurrentId(summary.id);
        noteProject(summary.id);
        return refresh();
      })
      .catch((error: unknown) =>
        setMessage({ text: `The project could not be saved: ${messageOf(error)}`, error: true }),
      );
  }, [started, settings, keepImages, noteProject, refresh]);

  // The backbone in use is remembered per project: a new pick is saved into the current one.
  const backboneKey = pickKey(pickOf(settings));
  useEffect(() => {
    if (!currentId || restoring) return;
    const last = savedPick.current;
    if (last?.id === currentId && last.key === backboneKey) return;
    savedPick.current = { id: currentId, key: backboneKey };
    saveProjectSettings(currentId, settings).catch(() => {
      if (savedPick.current?.key === backboneKey) savedPick.current = null; // try again next time
    });
    // Deps: saved when the backbone changes, not on every edit
  }, [currentId, backboneKey, restoring, saveProjectSettings]);

  // A newly trained model is saved into the project, with its curves and evaluation.
  useEffect(() => {
    if (!outcome || phase !== 'done' || saved.current.outcome === outcome) return;
    saved.current = { ...saved.current, outcome };
    const run = {
      settings,
      spec: backboneSpec(settings),
      config: settings.train,
      outcome,
      curves: state.curves,
      extraction: state.extraction,
      runs: state.runs,
    };
    void withEngine((e) => e.saveModel(run))
      .then(refresh)
      .catch((error: unknown) =>
        setMessage({ text: `The model could not be saved: ${messageOf(error)}`, error: true }),
      );
  }, [outcome, phase, settings, state.curves, state.extraction, state.runs, refresh]);

  const rename = useCallback(
    async (id: string, name: string) => {
      try {
        await withProjects((e) => e.renameProject(id, name));
      } catch (error) {
        setMessage({ text: messageOf(error), error: true });
      }
      await refresh();
    },
    [refresh],
  );

  const duplicate = useCallback(
    async (id: string) => {
      await withProjects((e) => e.duplicateProject(id));
      await refresh();
    },
    [refresh],
  );

  const remove = useCallback(
    async (id: string) => {
      try {
        await withProjects((e) => e.deleteProject(id));
      } catch (error) {
        setMessage({ text: `The project could not be deleted: ${messageOf(error)}`, error: true });
        return;
      }
      if (id === currentId) {
        // The engine drops it when its thread is free (synchronously, before any later call); what
        // it computes for it meanwhile (a cost estimate) is for a page that is gone, and ignored.
        void withEngine((e) => e.forgetProject(id));
        saved.current = { ...saved.current, outcome: null };
        setCurrentId(null);
        closeProject();
      }
      await refresh();
    },
    [currentId, closeProject, refresh],
  );

  /** Shows the last single-image prediction now, and keeps it in the project (a thumbnail of it). */
  const rememberPrediction = useCallback(
    (file: File, top: readonly Prediction[]) => {
      const prediction = { name: file.name, top, image: file, at: Date.now() };
      showPrediction(prediction);
      void thumbnailOf(file)
        .then((image) => withEngine((e) => e.savePrediction({ ...prediction, image })))
        .catch((error: unknown) =>
          setMessage({
            text: `The prediction could not be saved: ${messageOf(error)}`,
            error: true,
          }),
        );
    },
    [showPrediction],
  );

  const exportFile = useCallback(async (kind: ExportKind) => {
    setMessage({ text: 'Preparing the file…', error: false });
    try {
      const file = await withEngine((e) =>
        kind === 'image-model'
          ? e.exportImageModel()
          : kind === 'head-only'
            ? e.exportHeadOnly()
            : e.exportFeatures(),
      );
      download(file.name, file.bytes);
      setMessage({ text: `Downloaded ${file.name}.`, error: false });
    } catch (error) {
      setMessage({ text: `Export failed: ${messageOf(error)}`, error: true });
    }
  }, []);

  const importModel = useCallback(
    async (file: File) => {
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const opened = await withEngine((e) => e.importModel(bytes, file.name));
        saved.current = { ...saved.current, outcome: opened.model?.outcome ?? null };
        setCurrentId(opened.project.id);
        savedPick.current = opened.settings && {
          id: opened.project.id,
          key: pickKey(pickOf(opened.settings)),
        };
        arrive(opened.settings, 'open');
        showProject(opened);
        setMessage({
          text: `Imported ${file.name} as the project "${opened.project.name}".`,
          error: false,
        });
      } catch (error) {
        setMessage({ text: `${file.name} was not imported: ${messageOf(error)}`, error: true });
      }
      await refresh();
    },
    [refresh, arrive, showProject],
  );

  return {
    restoring,
    projects,
    usage,
    currentId,
    keepImages,
    setKeepImages,
    message,
    /** Call before importing a dropped folder: its project gets this name. */
    nameNextProject: (name: string) => (pendingName.current = name),
    open,
    rename,
    duplicate,
    remove,
    rememberPrediction,
    exportFile,
    importModel,
  };
}
