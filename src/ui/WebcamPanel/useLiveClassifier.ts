// The live loop: on each new video frame, if no frame is with the worker, grab it as an ImageBitmap
// and send it; otherwise drop it. One frame in flight at most, so the prediction describes what the
// picture shows now, not a queue of the past. The page only copies the frame and draws bars; every
// tensor is the worker's.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { NO_MODEL_ERROR, type FramePrediction } from '../../shared/webcam';
import type { Evidence } from '../../shared/evidence';
import { createRateMeter, createSmoother } from './liveStats';

export interface LiveView {
  readonly classNames: readonly string[];
  readonly probabilities: readonly number[];
  /** Predictions per second, measured; null until two have arrived. */
  readonly fps: number | null;
  /** From grabbing the frame to its prediction arriving back. */
  readonly latencyMs: number;
  readonly maxInFlight: number;
  readonly sent: number;
  readonly dropped: number;
  /** The frame's evidence heatmap, when the classifier explains (the "Show evidence" switch). */
  readonly evidence: Evidence | null;
  /** The frame's width over its height, to lay the heatmap over the video as the video is fitted. */
  readonly frameAspect: number;
}

/** One frame's prediction, with its evidence when the classifier explains too. */
export type LivePrediction = FramePrediction & { readonly evidence?: Evidence };

export type LiveState =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'live'; readonly view: LiveView }
  | { readonly kind: 'no-model'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/** Frames averaged when smoothing is on. */
export const SMOOTHING_FRAMES = 5;

type VideoWithCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (callback: () => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

export function useLiveClassifier(
  videoRef: RefObject<HTMLVideoElement | null>,
  running: boolean,
  classify: (frame: ImageBitmap) => Promise<LivePrediction>,
  smoothing: boolean,
): LiveState {
  const [state, setState] = useState<LiveState>({ kind: 'waiting' });
  // Frames with the worker, across restarts of the loop (another classifier, smoothing switched):
  // a restart waits for the frame still out, so the worker never holds two.
  const held = useRef(0);

  useEffect(() => {
    const video = videoRef.current as VideoWithCallback | null;
    if (!running || !video) return;
    let stopped = false;
    let sent = 0;
    let dropped = 0;
    let handle = 0;
    const meter = createRateMeter();
    const smooth = smoothing ? createSmoother(SMOOTHING_FRAMES) : null;
    // requestVideoFrameCallback runs once per new camera frame; animation frames are the fallback.
    const schedule = () => {
      handle = video.requestVideoFrameCallback
        ? video.requestVideoFrameCallback(onFrame)
        : requestAnimationFrame(onFrame);
    };

    function onFrame() {
      if (stopped) return;
      schedule();
      if (video!.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video!.videoWidth === 0) return;
      if (held.current > 0) {
        dropped++;
        return;
      }
      held.current++;
      sent++;
      const grabbedAt = performance.now();
      const frameAspect = video!.videoWidth / video!.videoHeight;
      createImageBitmap(video!)
        .then(classify)
        .then((prediction) => {
          if (stopped) return;
          const now = performance.now();
          meter.tick(now);
          setState({
            kind: 'live',
            view: {
              classNames: prediction.classNames,
              probabilities: smooth
                ? smooth(prediction.classNames, prediction.probabilities)
                : prediction.probabilities,
              fps: meter.rate(),
              latencyMs: now - grabbedAt,
              maxInFlight: prediction.maxInFlight,
              sent,
              dropped,
              evidence: prediction.evidence ?? null,
              frameAspect,
            },
          });
        })
        .catch((error: unknown) => {
          if (stopped) return;
          stopped = true; // until something changes (a model is trained, the camera restarts)
          const message = error instanceof Error ? error.message : String(error);
          const noModel = error instanceof Error && error.name === NO_MODEL_ERROR;
          setState({ kind: noModel ? 'no-model' : 'failed', message });
        })
        .finally(() => held.current--);
    }

    schedule();
    return () => {
      stopped = true;
      if (video.cancelVideoFrameCallback) video.cancelVideoFrameCallback(handle);
      else cancelAnimationFrame(handle);
    };
  }, [videoRef, running, classify, smoothing]);

  return state;
}
