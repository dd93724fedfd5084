// Progress events that cross the worker boundary: discriminated by `type`, throttled by the sender.
import type { BackendName } from './backbone';
import type { BackendStatus } from './engine';

/**
 * The device under a run (WebGPU device, WebGL context) was lost: the run carries on with `now`,
 * from what was already saved. Sent by extraction and training.
 */
export type BackendLostEvent = {
  readonly type: 'backend-lost';
  readonly lost: BackendName;
  readonly reason: string;
  readonly now: BackendStatus;
};

export type ImportEvent = {
  readonly type: 'import-progress';
  readonly done: number;
  readonly total: number;
};

export type ExtractEvent =
  /** Another tab holds the extraction lock; this run starts when it finishes. */
  | { readonly type: 'extract-waiting' }
  | {
      readonly type: 'extract-start';
      readonly total: number;
      readonly cached: number;
      readonly toCompute: number;
    }
  | {
      readonly type: 'extract-progress';
      /** Images whose features are now in the cache, counting those that were cached before. */
      readonly done: number;
      readonly total: number;
      readonly imagesPerSecond: number;
      readonly etaSeconds: number;
    }
  | { readonly type: 'extract-skipped'; readonly path: string; readonly detail: string }
  | BackendLostEvent;

/**
 * The measured backend choice (first use of a backbone and size on this device), as it goes: the
 * probes, then each candidate timed with the whole choice's time left, then the backend chosen.
 */
export type BackendChoiceEvent =
  /** Looking at the backends (adapter, renderer) and starting the ones worth timing. */
  | { readonly type: 'backend-choice'; readonly stage: 'probing' }
  | {
      readonly type: 'backend-choice';
      readonly stage: 'timing';
      readonly backend: BackendName;
      /** 'loading': the backbone loads and runs its untimed first pass; 'timing': timed passes. */
      readonly step: 'loading' | 'timing';
      /** 1-based position among the backends timed, and how many are timed. */
      readonly index: number;
      readonly count: number;
      /** Backends the probes ruled out, never started (software GPUs, plain JS). */
      readonly ruledOut: readonly BackendName[];
      /** Seconds left of the whole choice; null before any time of this backbone is known. */
      readonly etaSeconds: number | null;
    }
  | { readonly type: 'backend-choice'; readonly stage: 'chosen'; readonly status: BackendStatus };

/** The choice while it runs (its 'chosen' end is a BackendStatus). */
export type BackendChoiceProgress = Exclude<BackendChoiceEvent, { readonly stage: 'chosen' }>;
