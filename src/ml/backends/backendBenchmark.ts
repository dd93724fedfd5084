// The on-device micro-benchmark that picks the backend: every available backend gets a quick probe
// (one warm convolution); those that could plausibly win then run the real backbone at the real size,
// warm, at the batch size they would extract with, and the fastest per image wins. The decision logic
// takes its measurements from injected functions, so tests drive it with a fake clock and devices.
import type { BackendName } from '../../shared/backbone';
import type { BackendMeasurement, BackendTiming } from '../../shared/engine';
import { errorMessage as message } from '../../shared/text';

/** A backend as activation describes it. */
export interface StartedBackend {
  readonly name: BackendName;
  readonly detail: string;
  readonly software: boolean;
}

/** One backbone loaded on one backend, able to run timed forward passes. */
export interface TimedModel {
  /** Runs one forward pass of `batch` pre-made images and waits for the result; returns ms. */
  pass(batch: number): Promise<number>;
  /** The batch this backend would extract with, given one warm image's time. */
  batchFor(msPerImage: number): number;
  dispose(): void;
}

export interface MeasureDeps<M extends TimedModel = TimedModel> {
  readonly backends: readonly BackendName[];
  /** Makes `name` the active backend (starting it if needed). */
  activate(name: BackendName): Promise<StartedBackend>;
  /** ms of one warm probe convolution on the active backend. */
  probe(): Promise<number>;
  /** Loads the backbone on the active backend and runs its first (warm-up) pass. */
  load(): Promise<M>;
}

export interface MeasureOptions {
  /**
   * 'choose': skip the backbone on backends whose probe is over `pruneRatio` times the best probe
   * (they cannot win, and a software GPU would take minutes). 'all': time the backbone everywhere.
   */
  readonly mode: 'choose' | 'all';
  readonly pruneRatio?: number;
  /** Keep timing passes until this much time went into them (and at least `minPasses`). */
  readonly minMs?: number;
  readonly minPasses?: number;
  readonly maxPasses?: number;
  /** One pass longer than this is enough: the backend is far too slow to matter more precisely. */
  readonly slowPassMs?: number;
}

export interface MeasureResult<M extends TimedModel = TimedModel> {
  readonly measurement: BackendMeasurement;
  /** The winner's loaded backbone, left active and warm (the caller owns it). */
  readonly winner: M;
}

const DEFAULTS = { pruneRatio: 8, minMs: 1500, minPasses: 2, maxPasses: 6, slowPassMs: 4000 };

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Warm forward passes at the backend's extraction batch: one image first (which also sets the
 * batch), then the batch itself until enough time went in. Returns median ms per image.
 */
export async function timeBackbone(
  model: TimedModel,
  options: Required<Omit<MeasureOptions, 'mode' | 'pruneRatio'>>,
): Promise<{ msPerImage: number; batch: number; passes: number }> {
  const single = await model.pass(1);
  const batch = model.batchFor(single);
  const times: number[] = [];
  if (batch === 1) times.push(single);
  else await model.pass(batch); // new shapes: GPU backends compile again; not timed
  let spent = times.reduce((a, b) => a + b, 0);
  while (times.length < options.maxPasses) {
    const enough = times.length >= options.minPasses && spent >= options.minMs;
    const slowEnough = times.length >= 1 && spent >= options.slowPassMs;
    if (enough || slowEnough) break;
    const ms = await model.pass(batch);
    times.push(ms);
    spent += ms;
  }
  return { msPerImage: median(times) / batch, batch, passes: times.length };
}

/** Times every backend in `deps.backends` and leaves the fastest active, with its backbone loaded. */
export async function measureBackends<M extends TimedModel>(
  deps: MeasureDeps<M>,
  options: MeasureOptions,
): Promise<MeasureResult<M>> {
  const o = { ...DEFAULTS, ...options };
  const started: { backend: StartedBackend; probeMs: number }[] = [];
  const timings: BackendTiming[] = [];
  const failedTiming = (name: BackendName, note: string): BackendTiming => ({
    name,
    detail: name,
    software: false,
    msPerImage: null,
    batch: 0,
    passes: 0,
    probeMs: null,
    note,
  });

  for (const name of deps.backends) {
    try {
      const backend = await deps.activate(name);
      started.push({ backend, probeMs: await deps.probe() });
    } catch (e) {
      timings.push(failedTiming(name, `could not start: ${message(e)}`));
    }
  }
  const bestProbe = Math.min(...started.map((s) => s.probeMs));
  // Fastest probe first: the likely winner is measured first and its backbone kept from then on.
  started.sort((a, b) => a.probeMs - b.probeMs);

  let winner: { model: M; timing: BackendTiming } | null = null;
  for (const { backend, probeMs } of started) {
    const base = {
      name: backend.name,
      detail: backend.detail,
      software: backend.software,
      probeMs,
    };
    if (o.mode === 'choose' && probeMs > o.pruneRatio * bestProbe) {
      const ratio = Math.round(probeMs / bestProbe);
      timings.push({
        ...base,
        msPerImage: null,
        batch: 0,
        passes: 0,
        note: `probe ${ratio}x slower than the fastest: cannot win, backbone not run`,
      });
      continue;
    }
    let model: M | null = null;
    try {
      await deps.activate(backend.name);
      model = await deps.load();
      const timed = await timeBackbone(model, o);
      const timing: BackendTiming = { ...base, ...timed };
      timings.push(timing);
      if (!winner || timed.msPerImage < winner.timing.msPerImage!) {
        winner?.model.dispose();
        winner = { model, timing };
        model = null;
      }
    } catch (e) {
      timings.push({ ...base, msPerImage: null, batch: 0, passes: 0, note: message(e) });
    } finally {
      model?.dispose();
    }
  }
  if (!winner) {
    throw new Error(`No backend could run the backbone: ${timings.map((t) => t.note).join('; ')}`);
  }
  await deps.activate(winner.timing.name);
  const order = new Map(deps.backends.map((b, i) => [b, i]));
  timings.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
  return {
    measurement: {
      backend: winner.timing.name,
      msPerImage: winner.timing.msPerImage!,
      batch: winner.timing.batch,
      timings,
      measuredAt: Date.now(),
      remembered: false,
    },
    winner: winner.model,
  };
}
