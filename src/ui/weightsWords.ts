// Which weights a backbone runs with, in words: generated test weights are never passed off as real.
import type { BackboneInfo } from '../shared/backbone';

export function describeWeights(info: BackboneInfo): string {
  const hash = info.weightsHash.slice(0, 8);
  switch (info.weights.kind) {
    case 'generated':
      return `untrained backbone (for testing): generated weights ${hash}, not ImageNet`;
    case 'installed':
      return `installed weights from ${info.weights.from} · ${hash}`;
    case 'url':
      return `weights from ${info.weights.url} · ${hash}`;
  }
}
