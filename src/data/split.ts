// Train/validation/test split: stratified per class, 80/10/10, decided by each image's content hash
// so that adding images to a project never moves the ones already there.
import type { ContentHash } from '../shared/brand';
import type { SplitCounts, SplitName } from '../shared/dataset';
import { compareCodePoints } from '../shared/order';

export interface SplitItem {
  readonly id: ContentHash;
  readonly classIndex: number;
}

const TEST_BELOW = 0.1;
const VAL_BELOW = 0.2;
const TWO_POW_32 = 2 ** 32;
/** Classes smaller than this are all train (see assignSplits). */
export const MIN_IMAGES_FOR_HELD_OUT = 3;

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

function rawSplit(u: number): SplitName {
  if (u < TEST_BELOW) return 'test';
  if (u < VAL_BELOW) return 'val';
  return 'train';
}

const RANGES: Record<SplitName, readonly [number, number]> = {
  test: [0, TEST_BELOW],
  val: [TEST_BELOW, VAL_BELOW],
  train: [VAL_BELOW, 1],
};

function distanceTo(split: SplitName, u: number): number {
  const [lo, hi] = RANGES[split];
  return u < lo ? lo - u : u >= hi ? u - hi : 0;
}

interface Member {
  readonly id: ContentHash;
  readonly u: number;
  split: SplitName;
}

/**
 * Gives every split at least one image in a class of 3 or more. It runs only for a class missing a
 * split, which in practice means a class of a few dozen images at most (a class of 50 lacks test
 * with probability 0.9^50 = 0.5%). For each missing split in turn it moves the image whose number
 * lies closest to that split's range, taken from a split that keeps at least one image. Such
 * classes may see images move again when they grow; classes that needed no fix-up never do.
 */
function fixUp(members: Member[]): void {
  for (const target of ['test', 'val', 'train'] as const) {
    const counts = { train: 0, val: 0, test: 0 };
    for (const m of members) counts[m.split]++;
    if (counts[target] > 0) continue;
    let best: Member | undefined;
    for (const m of members) {
      if (counts[m.split] < 2) continue;
      const d = distanceTo(target, m.u);
      const bestD = best ? distanceTo(target, best.u) : Infinity;
      if (d < bestD || (d === bestD && best && compareCodePoints(m.id, best.id) < 0)) best = m;
    }
    // A class of >= 3 images spread over at most two splits always has a split of >= 2 to give.
    if (best) best.split = target;
  }
}

/**
 * The split of every image. Depends only on each image's hash, its class's membership and the
 * seed: input order does not matter. Ids must be unique (ingest drops label conflicts, which are
 * the only way one hash could sit in two classes).
 *
 * Classes of 1 or 2 images go entirely to train: a single held-out image says nothing reliable
 * about the class, while without training images the model could never predict it at all.
 */
export function assignSplits(
  items: readonly SplitItem[],
  splitSeed: number,
): Map<ContentHash, SplitName> {
  const byClass = new Map<number, Member[]>();
  const seen = new Set<ContentHash>();
  for (const { id, classIndex } of items) {
    if (seen.has(id)) throw new Error(`Image ${id} is listed twice; split ids must be unique.`);
    seen.add(id);
    const u = splitUnit(id, splitSeed);
    const members = byClass.get(classIndex) ?? [];
    members.push({ id, u, split: rawSplit(u) });
    byClass.set(classIndex, members);
  }
  const result = new Map<ContentHash, SplitName>();
  for (const members of byClass.values()) {
    if (members.length < MIN_IMAGES_FOR_HELD_OUT) {
      for (const m of members) m.split = 'train';
    } else {
      fixUp(members);
    }
    for (const m of members) result.set(m.id, m.split);
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
