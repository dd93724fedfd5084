// Webcam calls into the engine: classify one frame, capture frames into a class, remove images.
// A captured frame is kept on this side too (thumbnails, and the files a restarted worker gets back
// with the rest of the dataset), so it lives exactly as long as a dropped file does.
import { useCallback, useState, type Dispatch, type RefObject } from 'react';
import { handOver, withEngine } from '../bridge/engine';
import type { ContentHash } from '../shared/brand';
import type { DroppedFile, WalkFindings } from '../shared/dataset';
import type { BackboneSpec } from '../shared/engine';
import type { AddedImage, DatasetEdit } from '../shared/webcam';
import type { SessionAction } from './session';

export interface LastImport {
  files: readonly DroppedFile[];
  splitSeed: number;
  findings: WalkFindings | undefined;
}

export function useDatasetEdits(
  dispatch: Dispatch<SessionAction>,
  setFilesByPath: (update: (files: ReadonlyMap<string, Blob>) => ReadonlyMap<string, Blob>) => void,
  lastImport: RefObject<LastImport | null>,
) {
  /** Frames captured since the last import, for review. */
  const [captured, setCaptured] = useState<readonly AddedImage[]>([]);

  const applied = useCallback(
    (edit: DatasetEdit, removed: ReadonlySet<ContentHash>, splitSeed: number) => {
      dispatch({ type: 'dataset-updated', dataset: edit.dataset });
      const removedPaths = new Set(captured.filter((c) => removed.has(c.id)).map((c) => c.path));
      const kept = (f: { path: string }) => !removedPaths.has(f.path);
      setFilesByPath((files) => {
        const next = new Map([...files].filter(([path]) => kept({ path })));
        for (const image of edit.added) next.set(image.path, image.file);
        return next;
      });
      const last = lastImport.current;
      const added = edit.added.map(({ path, file }) => ({ path, file }));
      lastImport.current = {
        files: [...(last?.files ?? []).filter(kept), ...added],
        splitSeed: last?.splitSeed ?? splitSeed,
        findings: last?.findings,
      };
      setCaptured((list) => [...list.filter((c) => !removed.has(c.id)), ...edit.added]);
    },
    [captured, dispatch, setFilesByPath, lastImport],
  );

  const classifyFrame = useCallback(
    (spec: BackboneSpec, frame: ImageBitmap) =>
      withEngine((engine) => engine.classifyFrame(spec, handOver(frame))),
    [],
  );

  const captureFrames = useCallback(
    async (frames: ImageBitmap[], className: string, splitSeed: number) => {
      const edit = await withEngine((engine) =>
        engine.captureFrames(handOver(frames), className, splitSeed),
      );
      applied(edit, new Set(), splitSeed);
      return edit;
    },
    [applied],
  );

  const removeImages = useCallback(
    async (ids: readonly ContentHash[]) => {
      const edit = await withEngine((engine) => engine.removeImages(ids));
      applied(edit, new Set(ids), 0);
    },
    [applied],
  );

  /** A dataset changed by another edit (label assist): shown, with the images it gained. */
  const showEdit = useCallback(
    (dataset: DatasetEdit['dataset'], files: ReadonlyMap<string, Blob>) => {
      dispatch({ type: 'dataset-updated', dataset });
      if (files.size > 0) setFilesByPath((old) => new Map([...old, ...files]));
    },
    [dispatch, setFilesByPath],
  );

  return { captured, setCaptured, classifyFrame, captureFrames, removeImages, showEdit };
}
