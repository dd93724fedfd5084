// The fine-tuning cost estimate in words, for the panel before the person starts.
import type { FineTuneEstimate } from '../../shared/engine';
import { formatBytes } from '../../shared/text';
import { about } from '../format';

/** The estimate in words: what is stored, what is computed, how long an epoch takes. */
export function describeEstimate(e: FineTuneEstimate): string {
  const stored =
    e.toCompute === 0
      ? `All ${e.cached} frozen-part outputs are saved already`
      : `${e.toCompute} frozen-part outputs to compute and save (${formatBytes(e.newBytes)}, ${about(e.extractSeconds)} on ${e.backend.toUpperCase()})${e.cached > 0 ? `, ${e.cached} saved already` : ''}`;
  const epochs =
    e.secondsPerEpoch === null
      ? `training cannot run here: ${e.backend.toUpperCase()} has no convolution gradients (open the app with ?backend=webgl or ?backend=webgpu)`
      : `then ${about(e.secondsPerEpoch)} per epoch on ${e.trainExamples} vectors, up to ${e.epochs} epochs`;
  return `${stored}; ${epochs}. Measured on one batch of ${e.batchSize}.`;
}
