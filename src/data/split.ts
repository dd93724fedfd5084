// Train/validation/test split: stratified per class with exact 80/10/10 proportions, decided by each
// image's content hash so that adding images to a project moves only what the proportions require.
import type { ContentHash } from '../shared/brand';
import type { SplitCounts, SplitName } from '../shared/dataset';
import { compareCodePoints } from '../shared/order';

export interface SplitItem {
  readonly id: ContentHash;
  readonly classIndex: number;
}

/** Each class's share of validation and of test images, rounded per class (see heldOutCount). */
export const HELD_OUT_FRACTION = 0.1;
const TWO_POW_32 = 2 ** 32;
/** Classes smaller than this are all train (see assignSplits). */
export const MIN_IMAGES_FOR_HELD_OUT = 3;

/**
 * Validation images (and, equally, test images) for a class of `size`: 10% rounded, at least one
 * from 3 images (a class of 3 is 1 / 1 / 1), none below 3.
 */
export function heldOutCount(size: number): number {
  if (size < MIN_IMAGES_FOR_HELD_OUT) return 0;
  return Math.max(1, Math.round(size * HELD_OUT_FRACTION));
}

// murmur3's finaliser: a bijective 32-bit mix with full avalanche, cheap and synchronous.
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hexWord(id: string, at: number): number {
  const word = Number.parseInt(id.slice(at, at + 8), 16);
  if (Number.isNaN(word)) throw new Error(`Not a hex content hash: "${id}"`);
  return word;
}

/**
 * The image's uniform number in [0, 1). Seed 0 reads it straight off the hash (SHA-256 digits are
 * already uniform); another seed mixes seed and every digit of the hash, giving an independent
 * split for "reshuffle". The seed is used as a 32-bit unsigned integer.
 */
export function splitUnit(id: ContentHash, splitSeed: number): number {
  const seed = splitSeed >>> 0;
  if (seed === 0) return hexWord(id, 0) / TWO_POW_32;
  let h = fmix32(seed ^ 0x9e3779b9);
  for (let at = 0; at < id.length; at += 8) h = fmix32(h ^ hexWord(id, at));
  return h / TWO_POW_32;
}

/** Lowest number first; the hash breaks the (astronomically rare) tie so input order never matters. */
function byUnit(a: { u: number; id: ContentHash }, b: { u: number; id: ContentHash }): number {
  return a.u - b.u || compareCodePoints(a.id, b.id);
}

/**
 * The split of every image. Depends only on each image's hash, its class's membership and the
 * seed: input order does not matter. Ids must be unique (ingest drops label conflicts, which are
 * the only way one hash could sit in two classes).
 *
 * Within a class, images are ranked by their number (splitUnit): the first `heldOutCount` are test,
 * the next `heldOutCount` validation, the rest train. So every class's proportions are exact, and a
 * class that grows moves only what its ranks require: a new image that ranks among the test images
 * takes a test place and pushes the last test image to validation, whose last image goes to train;
 * when the class's held-out count grows by one, the first validation image becomes test and the
 * first train image becomes validation. Nothing else moves.
 *
 * Classes of 1 or 2 images go entirely to train: a single held-out image says nothing reliable
 * about the class, while without training images the model could never predict it at all.
 */
export function assignSplits(
  items: readonly SplitItem[],
  splitSeed: number,
): Map<ContentHash, SplitName> {
  const byClass = new Map<number, { id: ContentHash; u: number }[]>();
  const seen = new Set<ContentHash>();
  for (const { id, classIndex } of items) {
    if (seen.has(id)) throw new Error(`Image ${id} is listed twice; split ids must be unique.`);
    seen.add(id);
    const members = byClass.get(classIndex) ?? [];
    members.push({ id, u: splitUnit(id, splitSeed) });
    byClass.set(classIndex, members);
  }
  const result = new Map<ContentHash, SplitName>();
  for (const members of byClass.values()) {
    members.sort(byUnit);
    const held = heldOutCount(members.length);
    members.forEach((m, rank) =>
      result.set(m.id, rank < held ? 'test' : rank < 2 * held ? 'val' : 'train'),
    );
  }
  return result;
}

/** Images per split for each class index in [0, classCount). */
export function countSplits(
  images: readonly { readonly classIndex: number; readonly split: SplitName }[],
  classCount: number,
): SplitCounts[] {
  const counts = Array.from({ length: classCount }, () => ({ train: 0, val: 0, test: 0 }));
  for (const { classIndex, split } of images) {
    const c = counts[classIndex];
    if (!c) throw new Error(`Class index ${classIndex} is outside 0..${classCount - 1}.`);
    c[split]++;
  }
  return counts;
}
