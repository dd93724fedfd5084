// Runs `create` with every 2D canvas it makes kept in CPU memory (`willReadFrequently`), for uPlot,
// which makes its canvas and context inside its constructor with no way to pass options.
//
// Why: an accelerated 2D canvas makes the main thread wait for the GPU process when a frame is
// finished. With a busy or software GPU (SwiftShader, as on machines without one) that wait was
// measured at 250-360 ms in one task when the results appeared (Chromium trace: CanvasRendering
// Context2D::FinalizeFrame, "GPU backpressure"). A chart of a few hundred points needs no GPU.

export function withSoftwareCanvas<T>(create: () => T): T {
  type GetContext = (this: HTMLCanvasElement, type: string, options?: unknown) => unknown;
  const proto = HTMLCanvasElement.prototype;
  const original = proto.getContext;
  // Replaced on the prototype for one synchronous call, then restored.
  proto.getContext = function (this: HTMLCanvasElement, type: string, options?: unknown) {
    const settings = type === '2d' ? { ...(options as object), willReadFrequently: true } : options;
    return (original as GetContext).call(this, type, settings);
  } as typeof original;
  try {
    return create();
  } finally {
    proto.getContext = original;
  }
}
