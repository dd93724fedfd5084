// A converted model on disk: the TensorFlow.js layers format (model.json + 4 MB weight shards, as
// tfjs's own converter writes them), written into a temporary folder beside the target and then
// renamed into place, so a reader never sees a half-written model folder and a failed run leaves the
// previous model as it was. (tfjs's `file://` save handler needs tfjs-node, which we do not have.)

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';

/** tfjs-converter's default shard size. */
export const SHARD_BYTES = 4 * 1024 * 1024;

export interface ModelFile {
  readonly name: string;
  readonly data: Uint8Array | string;
}

export interface LayersModelInput {
  readonly modelTopology: tf.io.ModelArtifacts['modelTopology'];
  readonly weightSpecs: tf.io.WeightsManifestEntry[];
  readonly weightData: ArrayBuffer;
  readonly generatedBy: string;
}

/** model.json and its shards: `group1-shard1ofN.bin`..., the weights concatenated in spec order. */
export function layersModelFiles(input: LayersModelInput, shardBytes = SHARD_BYTES): ModelFile[] {
  const all = new Uint8Array(input.weightData);
  const count = Math.max(1, Math.ceil(all.byteLength / shardBytes));
  const shards: ModelFile[] = [];
  for (let i = 0; i < count; i++) {
    shards.push({
      name: `group1-shard${i + 1}of${count}.bin`,
      data: all.subarray(i * shardBytes, (i + 1) * shardBytes),
    });
  }
  const modelJson = {
    format: 'layers-model',
    generatedBy: input.generatedBy,
    convertedBy: 'graft scripts/weights.ts',
    modelTopology: input.modelTopology,
    weightsManifest: [{ paths: shards.map((s) => s.name), weights: input.weightSpecs }],
  };
  return [{ name: 'model.json', data: JSON.stringify(modelJson) }, ...shards];
}

const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
};

type DirState = { readonly complete: true } | { readonly complete: false; readonly reason: string };

/** Whether `dir` holds a whole model: model.json, every shard it names, and the bytes its specs need. */
export async function checkModelDir(
  dir: string,
  extraFiles: readonly string[] = [],
): Promise<DirState> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      complete: false,
      reason: missing ? `${dir} has no model.json` : `${dir}/model.json is unreadable`,
    };
  }
  const manifest = (json as { weightsManifest?: unknown }).weightsManifest;
  if (!Array.isArray(manifest) || manifest.length === 0) {
    return { complete: false, reason: `${dir}/model.json has no weights manifest` };
  }
  let needed = 0;
  let present = 0;
  for (const group of manifest as tf.io.WeightsManifestConfig) {
    for (const spec of group.weights ?? []) {
      needed += spec.shape.reduce((a, b) => a * b, 1) * (BYTES_PER_ELEMENT[spec.dtype] ?? 4);
    }
    for (const path of group.paths ?? []) {
      try {
        present += (await stat(join(dir, path))).size;
      } catch {
        return { complete: false, reason: `${dir} lacks the weight shard ${path}` };
      }
    }
  }
  if (present !== needed) {
    return {
      complete: false,
      reason: `${dir}: shards hold ${present} bytes, model.json needs ${needed}`,
    };
  }
  for (const name of extraFiles) {
    if (!existsSync(join(dir, name))) return { complete: false, reason: `${dir} has no ${name}` };
  }
  return { complete: true };
}

const tmpPrefix = (target: string) => `.${basename(target)}.tmp-`;
const oldPrefix = (target: string) => `.${basename(target)}.old-`;

/**
 * Puts back what an interrupted install left: a previous model moved aside but not replaced is
 * restored; temporary folders are removed.
 */
export async function recoverInterruptedInstall(target: string): Promise<void> {
  const parent = dirname(target);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(parent, name);
    if (name.startsWith(oldPrefix(target)) && !existsSync(target)) await rename(path, target);
    else if (name.startsWith(oldPrefix(target)) || name.startsWith(tmpPrefix(target))) {
      await rm(path, { recursive: true, force: true });
    }
  }
}

/**
 * Writes `files` into a fresh folder beside `target`, then swaps it in by renames. A previous
 * model at `target` is replaced only once the new one is complete, and restored if the swap fails.
 */
export async function installDirAtomically(
  target: string,
  files: readonly ModelFile[],
): Promise<void> {
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(join(parent, tmpPrefix(target)));
  try {
    for (const file of files) await writeFile(join(tmp, file.name), file.data);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  // A folder cannot be renamed over a non-empty one: move the old model aside first.
  const old = existsSync(target) ? join(parent, `${oldPrefix(target)}${process.pid}`) : null;
  try {
    if (old) await rename(target, old);
    await rename(tmp, target);
  } catch (e) {
    if (old && !existsSync(target)) await rename(old, target);
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (old) await rm(old, { recursive: true, force: true });
}
