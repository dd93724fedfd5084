// What the cost estimate shows for the backbone selected now: the features the cache holds for it
// (counted by the engine, again after every run), and the speed to expect, measured on the last
// extraction with this backbone and backend when there was one, else by the backend benchmark.
import { useEffect, useState } from 'react';
import type { BackboneSpec } from '../shared/engine';
import type { AugmentConfig } from '../shared/augment';
import type { CacheCount, ExtractionRate } from '../ui/CostEstimate';
import type { useSession } from './useSession';
import { specKey } from './settings';
import { measuredRate, rateKey } from './backboneMemory';

export function useCostEstimate(
  session: ReturnType<typeof useSession>,
  spec: BackboneSpec,
  augment: AugmentConfig,
  busy: boolean,
) {
  const { state, countCached } = session;
  const key = specKey(spec);
  const countKey = `${key}|${JSON.stringify(augment)}`;
  // The backbone is loaded for this spec: counting (which needs its weights hash) costs no load.
  const ready = state.dataset !== null && !busy && state.backboneSpec === key;
  const [count, setCount] = useState<(CacheCount & { key: string }) | null>(null);
  useEffect(() => {
    if (!ready) return;
    let live = true;
    countCached(spec, augment).then(
      (c) => live && setCount({ ...c, key: countKey }),
      () => live && setCount(null),
    );
    return () => {
      live = false;
    };
    // Deps: countKey is spec and augment's identity
  }, [ready, countKey, state.dataset, state.extraction, countCached]);

  const backend = state.backend;
  const shown = state.backboneSpec === key;
  const measured = backend && measuredRate(rateKey(key, backend.name));
  const benchmark = shown ? backend?.measured : undefined;
  const rate: ExtractionRate | null =
    backend && measured
      ? { secondsPerImage: measured, basis: 'extraction', backendDetail: backend.detail }
      : backend && benchmark
        ? {
            secondsPerImage: benchmark.msPerImage / 1000,
            basis: 'benchmark',
            backendDetail: backend.detail,
          }
        : null;
  const current = count?.key === countKey ? count : null;
  return {
    /** Something to say: the count is in, or coming. */
    shown: current !== null || ready,
    count: current,
    rate,
    timings: benchmark?.timings ?? [],
  };
}
