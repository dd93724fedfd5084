// Near-duplicate search over cached features: cosine similarity of pooled, L2-normalised features
// for all pairs, computed as blocked matrix products on the tfjs backend in use and reduced to the
// top k neighbours of each image, then grouped by union-find above a threshold. Memory is bounded by
// the block size (two blocks of vectors and one block x block product at a time), never n x n.
import * as tf from '@tensorflow/tfjs';

export interface Neighbour {
  readonly index: number;
  readonly similarity: number;
}

export interface NeighbourOptions {
  /** Neighbours kept per image. */
  readonly k: number;
  /** Images per block: the product held at once is blockSize x blockSize floats. */
  readonly blockSize?: number;
  readonly shouldStop?: () => boolean;
  /** Called after each block product with (done, total) block pairs. */
  readonly onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_BLOCK_SIZE = 1024;

/** Global average pooling over every axis but the last (channels-last): one vector per image. */
export function pooledVectors(
  vectors: readonly Float32Array[],
  featureShape: readonly number[],
): Float32Array[] {
  const channels = featureShape[featureShape.length - 1] ?? 0;
  const size = featureShape.reduce((a, b) => a * b, 1);
  const positions = size / Math.max(1, channels);
  return vectors.map((v, i) => {
    if (v.length !== size) throw new RangeError(`Vector ${i} has ${v.length} values, not ${size}`);
    if (positions === 1) return v;
    const pooled = new Float32Array(channels);
    for (let at = 0; at < size; at++) pooled[at % channels]! += v[at]!;
    for (let c = 0; c < channels; c++) pooled[c]! /= positions;
    return pooled;
  });
}

/** Each vector divided by its length; a vector of zeros (nothing to normalise) stays zero. */
export function unitVectors(vectors: readonly Float32Array[]): Float32Array[] {
  return vectors.map((v) => {
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    return norm > 0 ? v.map((x) => x / norm) : Float32Array.from(v);
  });
}

/**
 * Global average pooling, then L2 normalisation. A vector of zeros (nothing to normalise) stays
 * zero: it is similar to nothing.
 */
export function pooledUnitVectors(
  vectors: readonly Float32Array[],
  featureShape: readonly number[],
): Float32Array[] {
  return unitVectors(pooledVectors(vectors, featureShape));
}

function abortError(): DOMException {
  return new DOMException('Near-duplicate search cancelled', 'AbortError');
}

/** Higher similarity first; the lower index breaks ties so that block order never matters. */
function better(a: Neighbour, b: Neighbour): boolean {
  return a.similarity > b.similarity || (a.similarity === b.similarity && a.index < b.index);
}

function insert(list: Neighbour[], candidate: Neighbour, k: number): void {
  if (list.length === k && !better(candidate, list[k - 1]!)) return;
  let at = list.length;
  while (at > 0 && better(candidate, list[at - 1]!)) at--;
  list.splice(at, 0, candidate);
  if (list.length > k) list.pop();
}

function blockTensor(unit: readonly Float32Array[], start: number, end: number, dim: number) {
  const data = new Float32Array((end - start) * dim);
  for (let i = start; i < end; i++) data.set(unit[i]!, (i - start) * dim);
  return tf.tensor2d(data, [end - start, dim]);
}

/** Reads a top-k result of rows [rowStart, ...) against columns starting at colStart. */
async function mergeTopK(
  lists: Neighbour[][],
  scores: tf.Tensor2D,
  rowStart: number,
  colStart: number,
  k: number,
): Promise<void> {
  const [rows, cols] = scores.shape;
  const take = Math.min(k + 1, cols); // +1: on a diagonal block an image finds itself
  const { values, indices } = tf.topk(scores, take, true);
  try {
    const [v, ix] = await Promise.all([values.data<'float32'>(), indices.data<'int32'>()]);
    for (let r = 0; r < rows; r++) {
      const self = rowStart + r;
      for (let t = 0; t < take; t++) {
        const index = colStart + ix[r * take + t]!;
        if (index !== self) insert(lists[self]!, { index, similarity: v[r * take + t]! }, k);
      }
    }
  } finally {
    values.dispose();
    indices.dispose();
  }
}

/**
 * The k most similar other images of every image (cosine similarity of unit vectors), most similar
 * first. Only block pairs (a, b) with a <= b are multiplied; the product's transpose serves b's rows.
 */
export async function nearestNeighbours(
  unit: readonly Float32Array[],
  options: NeighbourOptions,
): Promise<Neighbour[][]> {
  const n = unit.length;
  const k = Math.max(0, Math.min(options.k, n - 1));
  const lists = Array.from({ length: n }, () => [] as Neighbour[]);
  if (n < 2 || k === 0) return lists;
  const dim = unit[0]!.length;
  const block = Math.max(1, Math.floor(options.blockSize ?? DEFAULT_BLOCK_SIZE));
  const starts = Array.from({ length: Math.ceil(n / block) }, (_, b) => b * block);
  const total = (starts.length * (starts.length + 1)) / 2;
  let done = 0;
  for (const a of starts) {
    const rowsA = blockTensor(unit, a, Math.min(n, a + block), dim);
    try {
      for (const b of starts) {
        if (b < a) continue;
        if (options.shouldStop?.()) throw abortError();
        const rowsB = a === b ? rowsA : blockTensor(unit, b, Math.min(n, b + block), dim);
        const scores = tf.matMul(rowsA, rowsB, false, true) as tf.Tensor2D;
        try {
          await mergeTopK(lists, scores, a, b, k);
          if (a !== b) {
            const transposed = tf.transpose(scores) as tf.Tensor2D;
            try {
              await mergeTopK(lists, transposed, b, a, k);
            } finally {
              transposed.dispose();
            }
          }
        } finally {
          scores.dispose();
          if (rowsB !== rowsA) rowsB.dispose();
        }
        options.onProgress?.(++done, total);
      }
    } finally {
      rowsA.dispose();
    }
  }
  return lists;
}

/**
 * Groups of images joined by any neighbour pair at or above `threshold` (union-find, so a chain of
 * near copies is one group). Only groups of two or more; each sorted, groups by their first image.
 */
export function duplicateGroups(
  neighbours: readonly (readonly Neighbour[])[],
  threshold: number,
): number[][] {
  const parent = neighbours.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  neighbours.forEach((list, i) => {
    for (const { index, similarity } of list) {
      if (similarity < threshold) break; // lists are sorted, most similar first
      const [x, y] = [find(i), find(index)];
      if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
    }
  });
  const groups = new Map<number, number[]>();
  neighbours.forEach((_, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  });
  return [...groups.values()].filter((g) => g.length > 1).sort((g, h) => g[0]! - h[0]!);
}
