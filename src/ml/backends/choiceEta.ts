// How long the backend choice still takes, from what it has timed so far: the plan of passes each
// candidate gets (timeBackbone's rules) priced at the pass times measured, and the candidates not
// started priced like the current one, scaled by their probe convolutions. Pure, so the estimate is
// tested against fake clocks.

/** When timing a candidate stops (see timeBackbone). */
export interface TimingBudget {
  /** Keep timing until this much time went into timed passes (and at least `minPasses`). */
  readonly minMs: number;
  readonly minPasses: number;
  readonly maxPasses: number;
  /** One pass at least this long is enough: a backend that slow cannot matter more precisely. */
  readonly slowPassMs?: number;
  /**
   * Time the single image only, and take its time per image for the batch too: right where a batch
   * is no faster per image than one image (WASM, plain JS: batchSize.ts), and it saves two passes.
   */
  readonly singleImageOnly?: boolean;
}

/** What is known of the candidate being timed. */
export interface CandidateProgress {
  /** ms of one image's pass: the timed single pass once run, else the warm-up pass (an upper bound). */
  readonly passMs: number;
  /** The batch it will be timed at (from `passMs` until the single pass fixed it). */
  readonly batch: number;
  /** Whether the timed single-image pass ran. */
  readonly singleDone: boolean;
  /** Whether the untimed first pass at `batch` ran (nothing to run when the batch is 1). */
  readonly batchWarmed: boolean;
  /** Timed passes at `batch` so far (the single pass counts when the batch is 1). */
  readonly timedPasses: number;
  /** ms that went into those timed passes. */
  readonly timedMs: number;
}

/** Whether timeBackbone stops after `passes` timed passes that took `spentMs` together. */
export function timingDone(passes: number, spentMs: number, budget: TimingBudget): boolean {
  if (passes >= budget.maxPasses) return true;
  if (passes >= 1 && spentMs >= (budget.slowPassMs ?? Infinity)) return true;
  return passes >= budget.minPasses && spentMs >= budget.minMs;
}

/** ms still to run on the current candidate. */
export function candidateMsLeft(c: CandidateProgress, budget: TimingBudget): number {
  if (budget.singleImageOnly) return c.singleDone ? 0 : c.passMs;
  const batchMs = c.batch * c.passMs;
  let left = 0;
  if (!c.singleDone) left += c.passMs;
  // A new batch size gets one untimed pass first (GPU shaders compile again).
  if (c.batch > 1 && !c.batchWarmed) left += batchMs;
  let passes = c.timedPasses;
  let spent = c.timedMs;
  if (!c.singleDone && c.batch === 1) {
    passes = 1; // the single pass is the first timed one
    spent = c.passMs;
  }
  while (!timingDone(passes, spent, budget)) {
    passes++;
    spent += batchMs;
    left += batchMs;
  }
  return left;
}

/**
 * Seconds left of the whole choice: the current candidate's rest, and each later one priced as the
 * current one's whole run (`currentTotalMs`) times its probe relative to the current one's (1 when
 * either is unknown: one candidate, or no probes were run).
 */
export function choiceEtaSeconds(
  currentLeftMs: number,
  currentTotalMs: number,
  currentProbeMs: number | null,
  laterProbesMs: readonly (number | null)[],
): number {
  let ms = currentLeftMs;
  for (const probe of laterProbesMs) {
    const ratio = probe !== null && currentProbeMs ? probe / currentProbeMs : 1;
    ms += currentTotalMs * ratio;
  }
  return ms / 1000;
}
