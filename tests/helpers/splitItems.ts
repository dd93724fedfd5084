// Images for the split tests, by id alone: deterministic fake SHA-256 digests (mulberry32), so the
// tests never flake.
import type { ContentHash } from '../../src/shared/brand';
import type { SplitItem } from '../../src/data/split';
import { mulberry32 } from '../../src/ml/random';

/** `count` distinct-looking 64-hex-digit digests drawn from `seed`. */
export function fakeHashes(count: number, seed: number): ContentHash[] {
  const random = mulberry32(seed);
  const next = () => random() * 4294967296; // the generator's 32-bit word, exactly
  return Array.from({ length: count }, () =>
    Array.from({ length: 8 }, () => next().toString(16).padStart(8, '0')).join(''),
  ) as ContentHash[];
}

/** `sizes[c]` images of class c, each class's ids drawn from its own seed. */
export function splitItems(sizes: readonly number[], seed = 1): SplitItem[] {
  return sizes.flatMap((size, classIndex) =>
    fakeHashes(size, seed * 1000 + classIndex).map((h) => ({ id: h, classIndex })),
  );
}
