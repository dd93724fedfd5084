// Hold to capture: while held, a frame every 1/CAPTURE_FPS s goes into the chosen class (or the
// unlabelled pool). Frames wait
// in a small batch while the worker stores the previous one, so holding never floods it, and the
// rate limit keeps near-duplicate frames (a camera gives 30 a second) out of the dataset.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { DatasetEdit } from '../../shared/webcam';

export const CAPTURE_FPS = 5;

/** Sends frames where they go; says which joined and which did not, and why. */
export type CaptureTo = (
  frames: ImageBitmap[],
  className: string,
) => Promise<Pick<DatasetEdit, 'added' | 'refused'>>;

export function useCapture(
  videoRef: RefObject<HTMLVideoElement | null>,
  className: string,
  capture: CaptureTo,
) {
  const [holding, setHolding] = useState(false);
  const [added, setAdded] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);

  // What the timer callbacks need, read fresh each time without restarting the loop.
  const latest = useRef({ className, capture });
  useEffect(() => {
    latest.current = { className, capture };
  });
  const pending = useRef<ImageBitmap[]>([]);
  const sending = useRef(false);

  const flush = useCallback(() => {
    if (sending.current || pending.current.length === 0) return;
    sending.current = true;
    const batch = pending.current.splice(0);
    latest.current
      .capture(batch, latest.current.className)
      .then((edit) => {
        setAdded((n) => n + edit.added.length);
        if (edit.refused.length > 0) setProblem(`Not added: ${edit.refused[0]!.detail}.`);
      })
      .catch((error: unknown) => {
        setProblem(error instanceof Error ? error.message : String(error));
        setHolding(false);
      })
      .finally(() => {
        sending.current = false;
        flush();
      });
  }, []);

  useEffect(() => {
    if (!holding) return;
    const timer = setInterval(grab, 1000 / CAPTURE_FPS);
    grab();
    function grab() {
      const video = videoRef.current;
      if (!video || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return;
      void createImageBitmap(video).then((frame) => {
        pending.current.push(frame);
        flush();
      });
    }
    return () => clearInterval(timer);
  }, [holding, videoRef, flush]);

  const start = useCallback(() => {
    setProblem(null);
    setHolding(true);
  }, []);
  const stop = useCallback(() => setHolding(false), []);
  return { holding, added, problem, start, stop, setProblem };
}
