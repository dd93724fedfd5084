// Dropped files for data tests: distinct tiny PNGs in class folders, so every file has its own
// content hash and ingestion keeps them all.
import type { DroppedFile } from '../../src/shared/dataset';
import { encodePng } from './png';

/** A distinct 4x4 PNG per `n`. */
export function distinctPng(n: number): Blob {
  const rgb = new Uint8Array(48).map((_, i) => (n * 31 + i * 7) % 256);
  return new Blob([new Uint8Array(encodePng(4, 4, rgb))]);
}

/** `count` PNGs in folder `cls`, named and drawn from `from` on (`cls/from.png`, ...). */
export const pngFiles = (cls: string, from: number, count: number): DroppedFile[] =>
  Array.from({ length: count }, (_, i) => ({
    path: `${cls}/${from + i}.png`,
    file: distinctPng(from + i),
  }));
