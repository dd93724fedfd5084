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
