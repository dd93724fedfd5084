// Which weights a backbone runs with, in words: generated test weights are never passed off as real.
import type { BackboneInfo } from '../shared/backbone';

/**
 * A weights hash as people read it: "sha256:53385856", the algorithm named, so the 8 hex digits do
 * not read as a count.
 */
export const shortHash = (sha256Hex: string): string => `sha256:${sha256Hex.slice(0, 8)}`;

export function describeWeights(info: BackboneInfo): string {
  const hash = shortHash(info.weightsHash);
  switch (info.weights.kind) {
    case 'generated':
      return `untrained backbone (for testing): generated weights ${hash}, not ImageNet`;
    case 'installed':
      return `installed weights from ${info.weights.from} · ${hash}`;
    case 'url':
      return `weights from ${info.weights.url} · ${hash}`;
  }
}
