// The backend choice as the session sees it on a machine like the test VM: WASM timed alone, the
// software GPUs and plain JS ruled out before timing.
import type { BackendChoiceEvent } from '../../src/shared/events';

export const timingWasmAlone = {
  type: 'backend-choice',
  stage: 'timing',
  step: 'timing',
  backend: 'wasm',
  index: 1,
  count: 1,
  ruledOut: ['webgpu', 'webgl', 'cpu'],
  etaSeconds: 2.4,
} as const satisfies BackendChoiceEvent;
