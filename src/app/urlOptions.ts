// URL parameters that override defaults (part of the automation contract: keep them stable).
//   ?backend=webgpu|webgl|wasm|cpu  ?backbone=<descriptor URL>  ?epochs=<n>  ?size=<input size>
// Extra, for reproducible checks: ?seed=<training seed>  ?splitSeed=<split seed>
import { BACKENDS, type BackendName } from '../shared/backbone';

export interface UrlOptions {
  readonly backend: BackendName | 'auto';
  readonly backboneUrl: string | null;
  readonly epochs: number | null;
  readonly inputSize: number | null;
  readonly seed: number | null;
  readonly splitSeed: number | null;
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
  };
}
