// What reading an exported model .zip needs in more than one place: the refusal every check throws,
// JSON parsed strictly, and a model.json's weight list checked against its weights file.
import { BUNDLE_FILES } from './metadata';

export class BundleRefusedError extends Error {
  override readonly name = 'BundleRefusedError';
}

export const refuse = (message: string): never => {
  throw new BundleRefusedError(message);
};

export function parseJson(name: string, data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    return refuse(`${name} is not valid JSON.`);
  }
}

export const isShape = (s: unknown): s is number[] =>
  Array.isArray(s) && s.length > 0 && s.every((d) => Number.isInteger(d) && d > 0);

const isWeightShape = (s: unknown): s is number[] =>
  Array.isArray(s) && s.every((d) => Number.isInteger(d) && d >= 0);

/** One weight of a layers model, where it lies in its weights file. */
export interface WeightEntry {
  readonly name: string;
  readonly shape: number[];
  readonly offset: number;
  readonly size: number;
}

/**
 * The weights `json` (the model.json at `file`) lists: one group in one weights file named
 * `weights.bin` (relative to the model.json: `weightsFile` in the .zip), every weight float32 with a
 * shape, their bytes adding up to `weightBytes`.
 */
export function weightTable(
  json: unknown,
  file: string,
  weightsFile: string,
  weightBytes: number,
): WeightEntry[] {
  const manifest = (json as { weightsManifest?: unknown } | null)?.weightsManifest;
  const groups = Array.isArray(manifest)
    ? (manifest as { paths?: unknown; weights?: unknown }[])
    : [];
  const group = groups[0];
  if (
    groups.length !== 1 ||
    !Array.isArray(group?.weights) ||
    String(group.paths) !== BUNDLE_FILES.weights
  )
    refuse(`${file} does not describe one weights file, weights.bin.`);
  const specs = group!.weights as { name?: unknown; shape?: unknown; dtype?: string }[];
  if (specs.some((s) => s.dtype !== 'float32' || !isWeightShape(s.shape)))
    refuse(`${file}: every weight must be float32 with a shape.`);
  let offset = 0;
  const entries = specs.map((s) => {
    const shape = s.shape as number[];
    const size = shape.reduce((a, b) => a * b, 1) * 4;
    const entry = { name: String(s.name), shape, offset, size };
    offset += size;
    return entry;
  });
  if (weightBytes !== offset)
    refuse(`${weightsFile} has ${weightBytes} bytes; the model needs ${offset}.`);
  return entries;
}

/** The entries' bytes copied out of `weights` into one buffer, in the entries' order. */
export function copyWeights(weights: Uint8Array, entries: readonly WeightEntry[]): ArrayBuffer {
  const out = new Uint8Array(entries.reduce((n, e) => n + e.size, 0));
  let at = 0;
  for (const { offset, size } of entries) {
    out.set(weights.subarray(offset, offset + size), at);
    at += size;
  }
  return out.buffer;
}
