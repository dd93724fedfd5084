// What the webcam panel calls: classify one frame (with its evidence heatmap when the switch is on),
// capture frames into a class. Stable functions, so the live loop keeps one; each call reads the
// settings in force at that frame.
import { useCallback, useEffect, useRef } from 'react';
import type { BackboneSpec } from '../shared/engine';
import type { useSession } from './useSession';
import { handOver, withEngine } from '../bridge/engine';

export function useWebcamCallbacks(
  session: ReturnType<typeof useSession>,
  spec: BackboneSpec,
  splitSeed: number,
) {
  const specNow = useRef(spec);
  useEffect(() => {
    specNow.current = spec;
  });
  const { classifyFrame, captureFrames } = session;
  const classify = useCallback(
    (frame: ImageBitmap) => classifyFrame(specNow.current, frame),
    [classifyFrame],
  );
  const capture = useCallback(
    (frames: ImageBitmap[], className: string) => captureFrames(frames, className, splitSeed),
    [captureFrames, splitSeed],
  );
  const explain = useCallback(
    (frame: ImageBitmap) =>
      withEngine((engine) => engine.explainFrame(specNow.current, handOver(frame), null)),
    [],
  );
  return { classify, capture, explain };
}
