// The on-device micro-benchmark that picks the backend among the candidates the probes left
// (candidates.ts): with several, each gets a quick probe (one warm convolution) and those that
// could plausibly win run the real backbone at the real size, warm, at the batch they would extract
// with; the fastest per image wins. Timing stops after a small budget per candidate, and progress
// (which backend, n of m, time left) is reported after every pass. The decision logic takes its
// measurements from injected functions, so tests drive it with a fake clock and devices.
import { BACKENDS, type BackendName } from '../../shared/backbone';
import type { BackendMeasurement, BackendTiming } from '../../shared/engine';
import { errorMessage as message } from '../../shared/text';
import type { RuledOut } from './candidates';
import {
  candidateMsLeft,
  choiceEtaSeconds,
  timingDone,
  type CandidateProgress,
  type TimingBudget,
} from './choiceEta';

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
  /** ms of the untimed first pass (compilation, weight packing), when the model measured it. */
  readonly warmUpMs?: number;
  dispose(): void;
}

export interface MeasureDeps<M extends TimedModel = TimedModel> {
  /** The backends to time (the candidates), in the static order. */
  readonly backends: readonly BackendName[];
  /** Backends ruled out from their probe: reported with their reason, never started. */
  readonly ruledOut?: readonly RuledOut[];
  /** Makes `name` the active backend (starting it if needed). */
  activate(name: BackendName): Promise<StartedBackend>;
  /** ms of one warm probe convolution on the active backend. */
  probe(): Promise<number>;
  /** Loads the backbone on the active backend and runs its first (warm-up) pass. */
  load(): Promise<M>;
  /** ms clock; performance.now by default. */
  readonly now?: () => number;
}

/** Which backend is being timed and how long the whole choice still takes. */
export interface TimingProgress {
  readonly backend: BackendName;
  /** 'loading': the backbone loads and runs its untimed first pass; 'timing': timed passes. */
  readonly step: 'loading' | 'timing';
  /** 1-based position among the backends timed, and how many are timed. */
  readonly index: number;
  readonly count: number;
  /** Seconds left of the choice; null before any time of this backbone is known. */
  readonly etaSeconds: number | null;
}

export interface MeasureOptions {
  /**
   * 'choose': skip the backbone on backends whose probe is over `pruneRatio` times the best probe
   * (they cannot win, and a software GPU would take minutes). 'all': time the backbone everywhere.
   */
  readonly mode: 'choose' | 'all';
  readonly pruneRatio?: number;
  /** When timing a backend stops; the default depends on the mode and on how many compete. */
  readonly budget?: TimingBudget;
  readonly onProgress?: (progress: TimingProgress) => void;
}

export interface MeasureResult<M extends TimedModel = TimedModel> {
  readonly measurement: BackendMeasurement;
  /** The winner's loaded backbone, left active and warm (the caller owns it). */
  readonly winner: M;
}

const PRUNE_RATIO = 8;

/**
 * Timing budgets. One candidate has nothing to beat: one timed pass gives the speed the cost
 * estimate and the ETA start from (extraction then measures its own rate), at the extraction batch
 * on a GPU, of one image on WASM and plain JS, whose batches are no faster per image. Several get
 * about half a second each, enough to separate backends that are not within a few percent. The
 * benchmark ('all') times longer, for figures rather than a decision.
 */
export const BUDGETS = {
  only: { minMs: 0, minPasses: 1, maxPasses: 1 },
  onlyCpuSide: { minMs: 0, minPasses: 1, maxPasses: 1, singleImageOnly: true },
  compete: { minMs: 500, minPasses: 1, maxPasses: 3 },
  all: { minMs: 1500, minPasses: 2, maxPasses: 6, slowPassMs: 4000 },
} as const satisfies Record<string, TimingBudget>;

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Warm forward passes at the backend's extraction batch: one image first (which also sets the
 * batch), then the batch itself until the budget is spent. Returns median ms per image. `onPass`
 * hears where timing stands after every pass (for the ETA).
 */
export async function timeBackbone(
  model: TimedModel,
  budget: TimingBudget,
  onPass?: (state: CandidateProgress) => void,
): Promise<{ msPerImage: number; batch: number; passes: number }> {
  const single = await model.pass(1);
  const batch = model.batchFor(single);
  if (budget.singleImageOnly) {
    onPass?.({
      passMs: single,
      batch,
      singleDone: true,
      batchWarmed: true,
      timedPasses: 1,
      timedMs: single,
    });
    return { msPerImage: single, batch, passes: 1 };
  }
  const times: number[] = [];
  if (batch === 1) times.push(single);
  const state = (batchWarmed: boolean): CandidateProgress => ({
    passMs: times.length > 0 && batch > 1 ? times.at(-1)! / batch : single,
    batch,
    singleDone: true,
    batchWarmed,
    timedPasses: times.length,
    timedMs: times.reduce((a, b) => a + b, 0),
  });
  onPass?.(state(batch === 1));
  if (batch > 1) {
    await model.pass(batch); // new shapes: GPU backends compile again; not timed
    onPass?.(state(true));
  }
  let spent = times.reduce((a, b) => a + b, 0);
  while (!timingDone(times.length, spent, budget)) {
    const ms = await model.pass(batch);
    times.push(ms);
    spent += ms;
    onPass?.(state(true));
  }
  return { msPerImage: median(times) / batch, batch, passes: times.length };
}

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

/** Times every backend in `deps.backends` and leaves the fastest active, with its backbone loaded. */
export async function measureBackends<M extends TimedModel>(
  deps: MeasureDeps<M>,
  options: MeasureOptions,
): Promise<MeasureResult<M>> {
  const now = deps.now ?? (() => performance.now());
  const timings: BackendTiming[] = (deps.ruledOut ?? []).map((r) => ({
    ...failedTiming(r.name, r.reason),
    software: r.software,
  }));
  const competing = deps.backends.length > 1;
  const cpuSide = deps.backends[0] === 'wasm' || deps.backends[0] === 'cpu';
  const budget =
    options.budget ??
    BUDGETS[
      options.mode === 'all' ? 'all' : competing ? 'compete' : cpuSide ? 'onlyCpuSide' : 'only'
    ];

  // A probe convolution only tells candidates apart: one alone is just started.
  const started: { backend: StartedBackend; probeMs: number | null }[] = [];
  for (const name of deps.backends) {
    try {
      const backend = await deps.activate(name);
      started.push({ backend, probeMs: competing ? await deps.probe() : null });
    } catch (e) {
      timings.push(failedTiming(name, `could not start: ${message(e)}`));
    }
  }
  const probes = started.flatMap((s) => (s.probeMs === null ? [] : [s.probeMs]));
  const bestProbe = Math.min(...probes);
  // Fastest probe first: the likely winner is measured first and its backbone kept from then on.
  started.sort((a, b) => (a.probeMs ?? 0) - (b.probeMs ?? 0));
  const toTime = started.filter(({ backend, probeMs }) => {
    const ratio = options.pruneRatio ?? PRUNE_RATIO;
    if (options.mode !== 'choose' || probeMs === null || probeMs <= ratio * bestProbe) return true;
    timings.push({
      name: backend.name,
      detail: backend.detail,
      software: backend.software,
      probeMs,
      msPerImage: null,
      batch: 0,
      passes: 0,
      note: `probe ${Math.round(probeMs / bestProbe)}x slower than the fastest: cannot win, backbone not run`,
    });
    return false;
  });

  let winner: { model: M; timing: BackendTiming } | null = null;
  /** A finished candidate's whole time, to price the ones not started yet. */
  let yardstick: { ms: number; probeMs: number | null } | null = null;
  for (const [i, { backend, probeMs }] of toTime.entries()) {
    const later = toTime.slice(i + 1).map((s) => s.probeMs);
    const candidateStart = now();
    const report = (leftMs: number | null) => {
      let eta: number | null = null;
      if (leftMs !== null) {
        const totalMs = now() - candidateStart + leftMs;
        eta = choiceEtaSeconds(leftMs, totalMs, probeMs, later);
      } else if (yardstick) {
        eta = choiceEtaSeconds(0, yardstick.ms, yardstick.probeMs, [probeMs, ...later]);
      }
      options.onProgress?.({
        backend: backend.name,
        step: leftMs === null ? 'loading' : 'timing',
        index: i + 1,
        count: toTime.length,
        etaSeconds: eta,
      });
    };
    report(null);
    const base = {
      name: backend.name,
      detail: backend.detail,
      software: backend.software,
      probeMs,
    };
    let model: M | null = null;
    try {
      await deps.activate(backend.name);
      const loadStart = now();
      model = await deps.load();
      // Until a timed pass, the warm-up pass bounds one image's time from above.
      const warmMs = model.warmUpMs ?? now() - loadStart;
      const batch = model.batchFor(warmMs);
      const fresh = { passMs: warmMs, batch, singleDone: false, batchWarmed: batch === 1 };
      report(candidateMsLeft({ ...fresh, timedPasses: 0, timedMs: 0 }, budget));
      const timed = await timeBackbone(model, budget, (s) => report(candidateMsLeft(s, budget)));
      yardstick = { ms: now() - candidateStart, probeMs };
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
  timings.sort((a, b) => BACKENDS.indexOf(a.name) - BACKENDS.indexOf(b.name));
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
