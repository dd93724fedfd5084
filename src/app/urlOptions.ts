// URL parameters that override defaults (part of the automation contract: keep them stable).
//   ?backend=webgpu|webgl|wasm|cpu  ?backbone=<descriptor URL>  ?epochs=<n>  ?size=<input size>
// Extra, for reproducible checks: ?seed=<training seed>  ?splitSeed=<split seed>
// Augmentation: ?views=<K augmented views per training image>  ?tta=1 (test-time flip)
import { BACKENDS, type BackendName } from '../shared/backbone';
import { MAX_VIEWS } from '../shared/augment';

export interface UrlOptions {
  readonly backend: BackendName | 'auto';
  readonly backboneUrl: string | null;
  readonly epochs: number | null;
  readonly inputSize: number | null;
  readonly seed: number | null;
  readonly splitSeed: number | null;
  readonly views: number | null;
  readonly testTimeFlip: boolean;
}

function positiveInt(value: string | null, min: number, max: number): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

export function readUrlOptions(search: string): UrlOptions {
  const params = new URLSearchParams(search);
  const backend = params.get('backend');
  const backbone = params.get('backbone');
  return {
    backend: BACKENDS.includes(backend as BackendName) ? (backend as BackendName) : 'auto',
    backboneUrl: backbone ? new URL(backbone, location.href).href : null,
    epochs: positiveInt(params.get('epochs'), 1, 1000),
    inputSize: positiveInt(params.get('size'), 32, 512),
    seed: positiveInt(params.get('seed'), 0, 2 ** 31),
    splitSeed: positiveInt(params.get('splitSeed'), 0, 2 ** 31),
    views: positiveInt(params.get('views'), 0, MAX_VIEWS),
    testTimeFlip: params.get('tta') === '1',
  };
}
