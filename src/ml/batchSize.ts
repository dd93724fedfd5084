// How many images go through the backbone at once: as many as fit a memory budget, so GPU backends
// get big batches and nothing runs out of memory at large input sizes.
import type { BackendName } from '../shared/backbone';

/** Bytes of VGG16's largest activation pair (block1: 64 channels at full size, in and out). */
function peakActivationBytes(inputSize: number): number {
  return 2 * 64 * inputSize * inputSize * 4;
}

const BUDGET_BYTES: Record<BackendName, number> = {
  webgpu: 512 * 2 ** 20,
  webgl: 256 * 2 ** 20,
  wasm: 192 * 2 ** 20,
  cpu: 128 * 2 ** 20,
};

export const MAX_EXTRACT_BATCH = 32;

export function extractionBatchSize(
  inputSize: number,
  backend: BackendName,
  maxBufferBytes = Infinity,
): number {
  const budget = Math.min(BUDGET_BYTES[backend], maxBufferBytes);
  const fits = Math.floor(budget / peakActivationBytes(inputSize));
  return Math.max(1, Math.min(MAX_EXTRACT_BATCH, fits));
}
