// Label assist on the page (issue #29): the unlabelled pool, the model's suggestions, decisions, the
// threshold preview, webcam frames into the pool, and the loop: after every N labels the head
// retrains in the background (the Train button's extract-then-train, features from the cache, only
// photos never seen go through the backbone) while the results stay on screen, and the suggestions
// refresh when the new model lands.
import { useCallback, useEffect, useRef, useState } from 'react';
import { handOver, withEngine } from '../bridge/engine';
import type { ContentHash } from '../shared/brand';
import type { DroppedFile } from '../shared/dataset';
import type { BackboneSpec } from '../shared/engine';
import type {
  AcceptPreview,
  LabelChange,
  LabelDecision,
  LabelPoolState,
  RetrainProgress,
  SuggestionList,
} from '../shared/labelAssist';
import { errorMessage } from '../shared/text';
import type { SessionState } from './session';
import type { useSession } from './useSession';
import { thumbnailOf } from './thumbnail';

/** Thumbnails are this many pixels on their longer side: light enough for a grid of hundreds. */
const THUMB_SIZE = 112;

export function useLabelAssist(
  session: ReturnType<typeof useSession>,
  spec: BackboneSpec,
  busy: boolean,
  /** Retrains in the background, saying how it goes; rejects with what went wrong. */
  retrain: (onProgress: (progress: RetrainProgress) => void) => Promise<void>,
  /** The project open now (null before an import is saved as one). */
  projectId: string | null,
) {
  const { state, showEdit } = session;
  const [pool, setPool] = useState<LabelPoolState | null>(null);
  const [suggestions, setSuggestions] = useState<SuggestionList | null>(null);
  const [thumbs, setThumbs] = useState<ReadonlyMap<ContentHash, Blob>>(new Map());
  const [message, setMessage] = useState<string | null>(null);
  const [threshold, setThreshold] = useState(90);
  const [preview, setPreview] = useState<AcceptPreview | null>(null);
  const [retrainPending, setRetrainPending] = useState(false);
  /** The background retrain under way, or null. */
  const [retraining, setRetraining] = useState<RetrainProgress | null>(null);
  const files = useRef(new Map<ContentHash, Blob>());
  /**
   * The datasets label assist itself showed (its decisions' edits). Any other (an import, a project
   * opened, a webcam capture) means the pool is read again. A set rather than "the last one shown":
   * React may run the effect for one edit after the next edit has been shown, and a last-shown
   * reference then mistook the older edit for another dataset.
   */
  const ownDatasets = useRef(new WeakSet<object>());
  /** The last dataset the pool was read for. */
  const seenDataset = useRef<unknown>(null);

  const fail = (error: unknown) => setMessage(errorMessage(error));

  /** Shows a pool state; fetches files and makes thumbnails for photos not seen before. */
  const show = useCallback(
    async (next: LabelPoolState) => {
      setPool(next);
      if (next.dataset) {
        ownDatasets.current.add(next.dataset);
        showEdit(next.dataset, new Map());
      }
      const unseen = next.photos.filter((p) => !files.current.has(p.id));
      if (unseen.length === 0) return;
      const all = await withEngine((engine) => engine.labelPoolFiles());
      for (const { id, file } of all) files.current.set(id, file);
      for (const photo of unseen) {
        const blob = files.current.get(photo.id);
        const thumb = blob && (await thumbnailOf(blob, THUMB_SIZE));
        if (thumb) setThumbs((old) => new Map(old).set(photo.id, thumb));
      }
    },
    [showEdit],
  );

  // Another dataset (an import, a project opened after a reload, an edit elsewhere): read its pool.
  // The suggestions stay: they are about the pool's photos, and go with the model (below).
  const { dataset } = state;
  useEffect(() => {
    if (!dataset || dataset === seenDataset.current || ownDatasets.current.has(dataset)) return;
    seenDataset.current = dataset;
    void withEngine((engine) => engine.labelPoolState())
      .then((next) => {
        setPool(next);
        return show({ ...next, dataset: null });
      })
      .catch(fail);
  }, [dataset, show]);

  // Suggestions belong to the project's model: none without one, none carried into another project.
  // Not cleared when a retrain's model lands: the grid keeps the last ones until the new ones come,
  // so a key pressed meanwhile still finds its photo's suggestion.
  const { outcome } = state;
  useEffect(() => {
    if (!outcome) setSuggestions(null);
  }, [outcome]);
  const lastProject = useRef(projectId);
  useEffect(() => {
    // null to an id is this dataset saved as a project (maybe after its model came): not another.
    if (lastProject.current !== null && projectId !== lastProject.current) setSuggestions(null);
    lastProject.current = projectId;
  }, [projectId]);

  // A new model (trained, retrained, or reopened with its project): its suggestions.
  // One request at a time: asks made meanwhile (webcam frames arrive 5 a second) make one more.
  const refreshing = useRef<'idle' | 'running' | 'again'>('idle');
  const refreshSuggestions = useCallback(() => {
    if (refreshing.current !== 'idle') {
      refreshing.current = 'again';
      return;
    }
    refreshing.current = 'running';
    const run = () =>
      withEngine((engine) => engine.labelSuggestions(spec))
        .then(setSuggestions)
        .catch(fail)
        .finally(() => {
          const again = refreshing.current === 'again';
          refreshing.current = again ? 'running' : 'idle';
          if (again) void run();
        });
    void run();
  }, [spec]);
  const done = state.activity.phase === 'done';
  const poolSize = pool?.photos.length ?? 0;
  useEffect(() => {
    // While a retrain runs, the last suggestions stay: the grid keeps working in the meantime.
    if (!outcome || !done || poolSize === 0) return;
    refreshSuggestions();
    // The count started again with this model (labels made while it trained count towards the
    // next one): enough of them already means another retrain.
    void withEngine((engine) => engine.labelPoolState())
      .then((next) => {
        setPool(next);
        setRetrainPending(next.labelsSinceTrain >= next.retrainEvery);
      })
      .catch(fail);
    // Not on every spec change: suggestions belong to the model trained last
  }, [outcome, done, poolSize]);

  // The loop: enough labels came in; retrain once nothing else runs (a retrain is side work, so
  // `busy` covers it too).
  useEffect(() => {
    if (!retrainPending || busy || !outcome || !done) return;
    setRetrainPending(false);
    setRetraining({ stage: 'starting' });
    // Progress travels on its own channel: an epoch heard after the result must not bring it back.
    let running = true;
    retrain((progress) => running && setRetraining(progress))
      .catch(fail)
      .finally(() => {
        running = false;
        setRetraining(null);
      });
  }, [retrainPending, busy, outcome, done, retrain]);

  const changed = useCallback(
    async (call: Promise<LabelChange>) => {
      try {
        const change = await call;
        setMessage(null);
        await show(change.pool);
        if (change.retrain) setRetrainPending(true);
      } catch (error) {
        fail(error);
      }
    },
    [show],
  );

  // The preview follows the threshold and every decision.
  const hasSuggestions = (suggestions?.confident.length ?? 0) > 0;
  useEffect(() => {
    if (!hasSuggestions || !Number.isFinite(threshold)) {
      setPreview(null);
      return;
    }
    let live = true;
    withEngine((engine) => engine.labelAcceptPreview(threshold / 100))
      .then((p) => live && setPreview(p))
      .catch(() => live && setPreview(null));
    return () => {
      live = false;
    };
  }, [threshold, pool, hasSuggestions, suggestions]);

  return {
    pool,
    suggestions,
    thumbs,
    message,
    threshold,
    setThreshold,
    preview,
    retrainPending,
    retraining,
    addFiles: (dropped: readonly DroppedFile[]) =>
      void withEngine((engine) => engine.addUnlabeled(dropped))
        .then(async (next) => {
          await show(next);
          if (state.outcome) refreshSuggestions();
        })
        .catch(fail),
    /** Webcam frames into the pool, like photos dropped on "Unlabeled photos". */
    captureUnlabeled: async (frames: ImageBitmap[]) => {
      const capture = await withEngine((engine) => engine.captureUnlabeled(handOver(frames)));
      await show(capture.pool);
      if (state.outcome && capture.added.length > 0) refreshSuggestions();
      return capture;
    },
    decide: (decisions: readonly LabelDecision[]) =>
      changed(withEngine((engine) => engine.labelDecide(decisions))),
    undo: (id?: ContentHash) => changed(withEngine((engine) => engine.labelUndo(id))),
    newClass: (name: string) =>
      withEngine((engine) => engine.labelNewClass(name))
        .then(show)
        .then(() => true)
        .catch((error: unknown) => {
          fail(error);
          return false;
        }),
    accept: () => changed(withEngine((engine) => engine.acceptSuggestions(threshold / 100))),
  };
}

/** "Test accuracy 82% → 85%": the last two runs on this dataset, when a retrain made a second. */
export function accuracyMove(runs: SessionState['runs']): { from: number; to: number } | null {
  const [a, b] = runs.slice(-2);
  return a && b ? { from: a.accuracy, to: b.accuracy } : null;
}
